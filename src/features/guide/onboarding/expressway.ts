import type {ClusterRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {type ExpresswayRow, getExpressway, saveExpressway} from './config-store.js'
import type {Clock} from '../../world/clock/clock.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import {getSetting, setSetting} from '../../../store/settings.js'
import {minimumText, parseRelease, supports} from '../../world/cluster/releases.js'

export type ExpresswaySetting = 'oauth-refresh' | 'mra' | 'deployed' | 'version'
export const EXPRESSWAY_SETTINGS: ExpresswaySetting[] = ['oauth-refresh', 'mra', 'deployed', 'version']

/**
 * Expressway releases (issue 20, item 18): the minimums of Table 1 and Minimum Releases for a client's feature over
 * MRA. A deployed Expressway whose release was never set runs a current one.
 */
export const CURRENT_EXPRESSWAY = 'X14.3'
export const EXPRESSWAY_MINIMUMS = {
  messaging: 'X8.9.1',
  calling: 'X8.10.1',
  callKit: 'X12.6',
  china: 'X12.6',
  android: 'X12.6.2',
} as const
const versionKey = (clusterId: number) => `expressway-version:${clusterId}`

export function expresswayVersion(store: Store, clusterId: number): string {
  return getSetting(store, versionKey(clusterId)) ?? CURRENT_EXPRESSWAY
}

const XVER = /^x(\d{1,2})\.(\d{1,2})(?:\.(\d{1,2}))?$/i

/** X12.6.2 -> [12, 6, 2]; anything else is bad input. */
export function parseExpresswayVersion(raw: string): number[] {
  const m = XVER.exec(raw.trim())
  if (!m)
    throw new UsageError(`"${raw}" is not an Expressway release.`, {
      code: 'BAD_VALUE',
      fix: "Use Cisco's form, e.g. X12.6.2 or X14.3.",
    })
  return [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)]
}

export function expresswayAtLeast(version: string, min: string): boolean {
  const a = parseExpresswayVersion(version)
  const b = parseExpresswayVersion(min)
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] > b[i]
  return true
}

/** A setting name in any letter case (`MRA`, `OAuth-Refresh`); anything else is bad input. */
export function checkSetting(raw: string | undefined): ExpresswaySetting {
  const s = (raw ?? '').trim().toLowerCase()
  if (!(EXPRESSWAY_SETTINGS as string[]).includes(s))
    throw new UsageError(`Unknown Expressway setting "${raw ?? ''}".`, {
      code: 'BAD_VALUE',
      fix: `Use one of ${EXPRESSWAY_SETTINGS.join(', ')}.`,
    })
  return s as ExpresswaySetting
}

/** on or off, in any letter case. */
export function checkOnOff(raw: string | undefined): boolean {
  const s = (raw ?? '').trim().toLowerCase()
  if (s !== 'on' && s !== 'off')
    throw new UsageError(`Expected on or off, not "${raw ?? ''}".`, {code: 'BAD_VALUE', fix: 'Use on or off.'})
  return s === 'on'
}

/** c or e (Expressway-C, Expressway-E), in any letter case, with or without the "expressway-" prefix. */
export function checkWhich(raw: string | undefined): 'c' | 'e' {
  const s = (raw ?? '')
    .trim()
    .toLowerCase()
    .replace(/^expressway-/, '')
  if (s !== 'c' && s !== 'e')
    throw new UsageError(`Unknown Expressway "${raw ?? ''}".`, {
      code: 'BAD_VALUE',
      fix: 'Use c (Expressway-C) or e (Expressway-E).',
    })
  return s
}

const nextSeq = (e: ExpresswayRow) => Math.max(e.refreshedSeq ?? 0, e.cRestartedSeq ?? 0, e.eRestartedSeq ?? 0) + 1

export interface ExpresswayView {
  deployed: boolean
  version: string
  oauthRefresh: boolean
  mra: boolean
  refreshedAt: string | null
  cRestartedAt: string | null
  eRestartedAt: string | null
}

const isoOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export function expresswayView(e: ExpresswayRow, version: string = CURRENT_EXPRESSWAY): ExpresswayView {
  return {
    deployed: e.deployed,
    version,
    oauthRefresh: e.oauthRefresh,
    mra: e.mra,
    refreshedAt: isoOrNull(e.refreshedAt),
    cRestartedAt: isoOrNull(e.cRestartedAt),
    eRestartedAt: isoOrNull(e.eRestartedAt),
  }
}

/** An Expressway that is not deployed has no MRA, nothing to refresh and nothing to restart: exit 1, nothing changed. */
function requireDeployed(e: ExpresswayRow, what: string): void {
  if (!e.deployed)
    throw new FailedError(`Expressway is not deployed: ${what}.`, {
      code: 'EXPRESSWAY_NOT_DEPLOYED',
      fix: 'Deploy it first: `ucadmin expressway set deployed on`.',
    })
}

/** Expressway-C: Configuration > Unified Communications > MRA Access Control ("Authorize by OAuth token with refresh"), and MRA itself. */
/**
 * `expressway set version X12.6.2`: records the Expressway release. The guide's order: with push enabled, upgrade
 * every IM and Presence cluster to the push minimums first; an Expressway upgrade to X12.6 or later before that is
 * done, but warned about.
 */
export function setExpresswayVersion(
  store: Store,
  cluster: ClusterRow,
  raw: string,
  pushEnabled: boolean,
): ExpresswayView & {warnings: string[]} {
  const e = getExpressway(store, cluster.id)
  requireDeployed(e, 'it has no release to set')
  const [a, b, c] = parseExpresswayVersion(raw)
  const version = `X${a}.${b}${c ? `.${c}` : ''}`
  const warnings: string[] = []
  const before = expresswayVersion(store, cluster.id)
  if (
    pushEnabled &&
    expresswayAtLeast(version, EXPRESSWAY_MINIMUMS.callKit) &&
    !expresswayAtLeast(before, EXPRESSWAY_MINIMUMS.callKit) &&
    !supports(parseRelease(cluster.version), 'ios')
  ) {
    warnings.push(
      `Push Notifications are enabled and ${cluster.name} runs ${cluster.version}: the guide says to upgrade all IM and Presence clusters to the minimum releases (${minimumText('ios')}) before upgrading Expressway.`,
    )
  }
  setSetting(store, versionKey(cluster.id), version)
  return {...expresswayView(e, version), warnings}
}

export function setExpressway(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  what: ExpresswaySetting,
  on: boolean,
): ExpresswayView {
  if (what === 'version')
    throw new UsageError('The Expressway release is a version, not on or off.', {
      code: 'BAD_VALUE',
      fix: 'e.g. `ucadmin expressway set version X12.6.2`.',
    })
  const e = getExpressway(store, cluster.id)
  if (what === 'mra' && on) requireDeployed(e, 'Mobile and Remote Access cannot be turned on')
  if (what === 'oauth-refresh') e.oauthRefresh = on
  else if (what === 'mra') e.mra = on
  else {
    e.deployed = on
    // No Expressway, no Mobile and Remote Access (issue 20, item 14).
    if (!on) e.mra = false
  }
  e.changedAt = clock.now()
  saveExpressway(store, e)
  return expresswayView(e, expresswayVersion(store, cluster.id))
}

/** Expressway-C: Unified CM servers > Refresh Servers (resynchronizes the Authz certificate). */
export function refreshServers(store: Store, clock: Clock, cluster: ClusterRow): ExpresswayView {
  const e = getExpressway(store, cluster.id)
  requireDeployed(e, 'there are no Unified CM servers to refresh')
  e.refreshedAt = clock.now()
  e.refreshedSeq = nextSeq(e)
  saveExpressway(store, e)
  return expresswayView(e, expresswayVersion(store, cluster.id))
}

/** Maintenance > Restart options > Restart, on Expressway-C or Expressway-E. */
export function restartExpressway(store: Store, clock: Clock, cluster: ClusterRow, which: 'c' | 'e'): ExpresswayView {
  const e = getExpressway(store, cluster.id)
  requireDeployed(e, `there is no Expressway-${which.toUpperCase()} to restart`)
  const seq = nextSeq(e)
  if (which === 'c') {
    e.cRestartedAt = clock.now()
    e.cRestartedSeq = seq
  } else {
    e.eRestartedAt = clock.now()
    e.eRestartedSeq = seq
  }
  saveExpressway(store, e)
  return expresswayView(e, expresswayVersion(store, cluster.id))
}

/**
 * Onboarding (again) completed: what Expressway learnt from an earlier Refresh Servers and restarts no longer counts;
 * the task flow's refresh, restart of C and restart of E are due again (steps 6 and 7), whatever the clock says.
 */
export function expresswayForgetsPush(store: Store, clusterId: number): void {
  const e = getExpressway(store, clusterId)
  if (e.refreshedAt === null && e.cRestartedAt === null && e.eRestartedAt === null) return
  saveExpressway(store, {
    ...e,
    refreshedAt: null,
    cRestartedAt: null,
    eRestartedAt: null,
    refreshedSeq: null,
    cRestartedSeq: null,
    eRestartedSeq: null,
  })
}
