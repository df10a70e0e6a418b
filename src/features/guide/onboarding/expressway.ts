import type {ClusterRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {type ExpresswayRow, getExpressway, saveExpressway} from './config-store.js'
import type {Clock} from '../../world/clock/clock.js'
import {UsageError} from '../../../core/errors.js'

export type ExpresswaySetting = 'oauth-refresh' | 'mra' | 'deployed'
export const EXPRESSWAY_SETTINGS: ExpresswaySetting[] = ['oauth-refresh', 'mra', 'deployed']

/** A setting name in any letter case (`MRA`, `OAuth-Refresh`); anything else is bad input. */
export function checkSetting(raw: string | undefined): ExpresswaySetting {
  const s = (raw ?? '').trim().toLowerCase()
  if (!(EXPRESSWAY_SETTINGS as string[]).includes(s)) throw new UsageError(`Unknown Expressway setting "${raw ?? ''}".`, {code: 'BAD_VALUE', fix: `Use one of ${EXPRESSWAY_SETTINGS.join(', ')}.`})
  return s as ExpresswaySetting
}

/** on or off, in any letter case. */
export function checkOnOff(raw: string | undefined): boolean {
  const s = (raw ?? '').trim().toLowerCase()
  if (s !== 'on' && s !== 'off') throw new UsageError(`Expected on or off, not "${raw ?? ''}".`, {code: 'BAD_VALUE', fix: 'Use on or off.'})
  return s === 'on'
}

/** c or e (Expressway-C, Expressway-E), in any letter case, with or without the "expressway-" prefix. */
export function checkWhich(raw: string | undefined): 'c' | 'e' {
  const s = (raw ?? '').trim().toLowerCase().replace(/^expressway-/, '')
  if (s !== 'c' && s !== 'e') throw new UsageError(`Unknown Expressway "${raw ?? ''}".`, {code: 'BAD_VALUE', fix: 'Use c (Expressway-C) or e (Expressway-E).'})
  return s
}

const nextSeq = (e: ExpresswayRow) => Math.max(e.refreshedSeq ?? 0, e.cRestartedSeq ?? 0, e.eRestartedSeq ?? 0) + 1

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
export function setExpressway(store: Store, clock: Clock, cluster: ClusterRow, what: ExpresswaySetting, on: boolean): ExpresswayView {
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
  e.refreshedSeq = nextSeq(e)
  saveExpressway(store, e)
  return expresswayView(e)
}

/** Maintenance > Restart options > Restart, on Expressway-C or Expressway-E. */
export function restartExpressway(store: Store, clock: Clock, cluster: ClusterRow, which: 'c' | 'e'): ExpresswayView {
  const e = getExpressway(store, cluster.id)
  const seq = nextSeq(e)
  if (which === 'c') {
    e.cRestartedAt = clock.now()
    e.cRestartedSeq = seq
  } else {
    e.eRestartedAt = clock.now()
    e.eRestartedSeq = seq
  }
  saveExpressway(store, e)
  return expresswayView(e)
}

/**
 * Onboarding (again) completed: what Expressway learnt from an earlier Refresh Servers and restarts no longer counts;
 * the task flow's refresh, restart of C and restart of E are due again (steps 6 and 7), whatever the clock says.
 */
export function expresswayForgetsPush(store: Store, clusterId: number): void {
  const e = getExpressway(store, clusterId)
  if (e.refreshedAt === null && e.cRestartedAt === null && e.eRestartedAt === null) return
  saveExpressway(store, {...e, refreshedAt: null, cRestartedAt: null, eRestartedAt: null, refreshedSeq: null, cRestartedSeq: null, eRestartedSeq: null})
}
