import type {ClusterRow, Licensing} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {clusterById, updateClusterLicensing} from '../../world/cluster/store.js'
import {getOnboarding, saveOnboarding} from './store.js'
import type {Clock} from '../../world/clock/clock.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import {atLeast, parseRelease} from '../../world/cluster/releases.js'
import {LICENSING, checkLicensing} from '../../world/cluster/topology.js'

export interface LicenseView {
  cluster: string
  mode: Licensing
  licensesSynchronized: boolean | null
  synchronizedAt: string | null
}

export function licenseView(store: Store, cluster: ClusterRow): LicenseView {
  const row = getOnboarding(store, cluster.id)
  const plm = cluster.licensing === 'plm'
  return {
    cluster: cluster.name,
    mode: cluster.licensing,
    licensesSynchronized: plm ? row.licensesSyncedAt !== null : null,
    synchronizedAt: plm && row.licensesSyncedAt !== null ? new Date(row.licensesSyncedAt).toISOString() : null,
  }
}

/** Cisco Prime License Manager > Product Instance > Synchronize Licenses (11.5(1)SU releases). */
export function syncLicenses(store: Store, clock: Clock, cluster: ClusterRow): LicenseView {
  if (atLeast(parseRelease(cluster.version), '12.0(1)')) {
    throw new FailedError(`${cluster.version} has no Prime License Manager: from 12.0(1) Smart Licensing replaces it, so there is nothing to synchronize.`, {
      fix: 'Check Smart Licensing with `ucadmin license status`.',
    })
  }
  if (cluster.licensing !== 'plm') throw new FailedError(`Licensing of ${cluster.name} is ${cluster.licensing}, not Prime License Manager.`, {fix: 'Run `ucadmin license mode plm` first.'})
  const row = getOnboarding(store, cluster.id)
  saveOnboarding(store, {...row, licensesSyncedAt: clock.now()})
  return licenseView(store, cluster)
}

/** Changes the licensing mode (e.g. disabling Specific License Reservation, or registering to Smart Licensing). */
export function setLicensingMode(store: Store, cluster: ClusterRow, mode: string): LicenseView {
  if (!LICENSING.includes(mode as Licensing)) throw new UsageError(`Unknown licensing mode "${mode}".`, {fix: `Use one of ${LICENSING.join(', ')}.`})
  checkLicensing(parseRelease(cluster.version), mode as Licensing)
  updateClusterLicensing(store, cluster.id, mode as Licensing)
  if (mode !== 'plm') {
    const row = getOnboarding(store, cluster.id)
    if (row.licensesSyncedAt !== null) saveOnboarding(store, {...row, licensesSyncedAt: null})
  }
  return licenseView(store, clusterById(store, cluster.id)!)
}
