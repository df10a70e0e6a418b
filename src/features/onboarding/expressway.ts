import type {ClusterRow} from '../cluster/store.js'
import type {Store} from '../../store/store.js'

import {type ExpresswayRow, getExpressway, saveExpressway} from './config-store.js'
import type {Clock} from '../clock/clock.js'

export interface ExpresswayView {
  deployed: boolean
  oauthRefresh: boolean
  mra: boolean
  refreshedAt: string | null
  cRestartedAt: string | null
  eRestartedAt: string | null
}

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export function expresswayView(e: ExpresswayRow): ExpresswayView {
  return {deployed: e.deployed, oauthRefresh: e.oauthRefresh, mra: e.mra, refreshedAt: isoOrNull(e.refreshedAt), cRestartedAt: isoOrNull(e.cRestartedAt), eRestartedAt: isoOrNull(e.eRestartedAt)}
}

/** Expressway-C: Configuration > Unified Communications > MRA Access Control ("Authorize by OAuth token with refresh"), and MRA itself. */
export function setExpressway(store: Store, clock: Clock, cluster: ClusterRow, what: 'oauth-refresh' | 'mra' | 'deployed', on: boolean): ExpresswayView {
  const e = getExpressway(store, cluster.id)
  if (what === 'oauth-refresh') e.oauthRefresh = on
  else if (what === 'mra') e.mra = on
  else e.deployed = on
  e.changedAt = clock.now()
  saveExpressway(store, e)
  return expresswayView(e)
}

/** Expressway-C: Unified CM servers > Refresh Servers (resynchronizes the Authz certificate). */
export function refreshServers(store: Store, clock: Clock, cluster: ClusterRow): ExpresswayView {
  const e = getExpressway(store, cluster.id)
  e.refreshedAt = clock.now()
  saveExpressway(store, e)
  return expresswayView(e)
}

/** Maintenance > Restart options > Restart, on Expressway-C or Expressway-E. */
export function restartExpressway(store: Store, clock: Clock, cluster: ClusterRow, which: 'c' | 'e'): ExpresswayView {
  const e = getExpressway(store, cluster.id)
  if (which === 'c') e.cRestartedAt = clock.now()
  else e.eRestartedAt = clock.now()
  saveExpressway(store, e)
  return expresswayView(e)
}
