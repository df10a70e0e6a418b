import type {ClusterRow, Licensing} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {clusterById, updateClusterLicensing} from '../../world/cluster/store.js'
import {getOnboarding, saveOnboarding} from './store.js'
import type {Clock} from '../../world/clock/clock.js'
import {storedTime} from '../../world/clock/clock.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import {atLeast, parseRelease} from '../../world/cluster/releases.js'
import {LICENSING, checkLicensing} from '../../world/cluster/topology.js'
import {deleteSetting, getSetting, setSetting} from '../../../store/settings.js'

export interface LicenseView {
  cluster: string
  mode: Licensing
  licensesSynchronized: boolean | null
  synchronizedAt: string | null
  /** Smart Licensing only: registered with Smart Software Manager, or in (or past) the 90-day evaluation. */
  smart: SmartState | null
}

/** An upgrade across 12.0 leaves Unified CM in Smart Licensing evaluation mode for 90 days (issue 20, item 7). */
export const EVALUATION_DAYS = 90
const DAY = 86_400_000
const evaluationKey = (clusterId: number) => `smart-evaluation-since:${clusterId}`

export interface SmartState {
  status: 'Registered' | 'Evaluation Mode' | 'Evaluation Period Expired'
  registered: boolean
  evaluationEndsAt: string | null
  evaluationDaysLeft: number | null
}

/** The cluster enters Smart Licensing evaluation mode, unregistered (an upgrade from Prime License Manager). */
export function startEvaluation(store: Store, clusterId: number, at: number): void {
  setSetting(store, evaluationKey(clusterId), String(at))
}

export function smartState(store: Store, cluster: ClusterRow, now: number = storedTime(store)): SmartState | null {
  if (cluster.licensing !== 'smart') return null
  const since = getSetting(store, evaluationKey(cluster.id))
  if (since === undefined)
    return {status: 'Registered', registered: true, evaluationEndsAt: null, evaluationDaysLeft: null}
  const ends = Number(since) + EVALUATION_DAYS * DAY
  const left = Math.max(0, Math.ceil((ends - now) / DAY))
  return {
    status: now < ends ? 'Evaluation Mode' : 'Evaluation Period Expired',
    registered: false,
    evaluationEndsAt: new Date(ends).toISOString(),
    evaluationDaysLeft: left,
  }
}

/** Smart Licensing > Register (with a token from Smart Software Manager): evaluation mode ends. */
export function registerSmartLicensing(store: Store, cluster: ClusterRow): LicenseView {
  if (cluster.licensing !== 'smart') {
    throw new FailedError(
      `Licensing of ${cluster.name} is ${cluster.licensing}: only Smart Licensing registers with Smart Software Manager.`,
      {code: 'NOT_SMART', fix: 'Use `ucadmin license mode smart` first.'},
    )
  }
  deleteSetting(store, evaluationKey(cluster.id))
  return licenseView(store, cluster)
}

export function licenseView(store: Store, cluster: ClusterRow): LicenseView {
  const row = getOnboarding(store, cluster.id)
  const plm = cluster.licensing === 'plm'
  return {
    cluster: cluster.name,
    mode: cluster.licensing,
    licensesSynchronized: plm ? row.licensesSyncedAt !== null : null,
    synchronizedAt: plm && row.licensesSyncedAt !== null ? new Date(row.licensesSyncedAt).toISOString() : null,
    smart: smartState(store, cluster),
  }
}

/** Cisco Prime License Manager > Product Instance > Synchronize Licenses (11.5(1)SU releases). */
export function syncLicenses(store: Store, clock: Clock, cluster: ClusterRow): LicenseView {
  if (atLeast(parseRelease(cluster.version), '12.0(1)')) {
    throw new FailedError(
      `${cluster.version} has no Prime License Manager: from 12.0(1) Smart Licensing replaces it, so there is nothing to synchronize.`,
      {
        fix: 'Check Smart Licensing with `ucadmin license status`.',
      },
    )
  }
  if (cluster.licensing !== 'plm')
    throw new FailedError(`Licensing of ${cluster.name} is ${cluster.licensing}, not Prime License Manager.`, {
      fix: 'Run `ucadmin license mode plm` first.',
    })
  const row = getOnboarding(store, cluster.id)
  saveOnboarding(store, {...row, licensesSyncedAt: clock.now()})
  return licenseView(store, cluster)
}

/** Changes the licensing mode (e.g. disabling Specific License Reservation, or registering to Smart Licensing). */
export function setLicensingMode(store: Store, cluster: ClusterRow, mode: string): LicenseView {
  if (!LICENSING.includes(mode as Licensing))
    throw new UsageError(`Unknown licensing mode "${mode}".`, {fix: `Use one of ${LICENSING.join(', ')}.`})
  checkLicensing(parseRelease(cluster.version), mode as Licensing)
  updateClusterLicensing(store, cluster.id, mode as Licensing)
  if (mode !== 'plm') {
    const row = getOnboarding(store, cluster.id)
    if (row.licensesSyncedAt !== null) saveOnboarding(store, {...row, licensesSyncedAt: null})
  }
  return licenseView(store, clusterById(store, cluster.id)!)
}
