import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {countClientsHomedOn} from './store.js'
import {FailedError} from '../../../core/errors.js'
import {getParam, paramCatalogue} from '../../guide/onboarding/parameters.js'
import {parseRelease} from '../../world/cluster/releases.js'
import {isImp} from '../../world/cluster/topology.js'

/**
 * The guide's "Supported Re-login Rate during HA Event": during a High Availability event the users of the failed
 * node re-login spread between the Client Re-Login Lower and Upper Limit (Cisco XCP Router service parameters,
 * seconds); the rate users / (upper - lower) must be at most 4 users per second (7500 / (2075 - 200) = 4).
 */
export const MAX_RELOGIN_RATE = 4

export interface ReloginCheck {
  node: string
  users: number
  usersFrom: 'clients' | 'flag'
  lowerLimit: number
  upperLimit: number
  windowSeconds: number
  /** users per second, rounded to two decimals (null when the window is empty). */
  rate: number | null
  maxRate: number
  ok: boolean
  /** The smallest upper limit that satisfies the rate with the current lower limit: lower + ceil(users / 4). */
  requiredUpperLimit: number
  /** Whether that upper limit is within the parameter's range. */
  requiredUpperLimitAllowed: boolean
  fix: string | null
  note: string | null
}

export function reloginCheck(store: Store, cluster: ClusterRow, node: NodeRow, given?: number): ReloginCheck {
  if (!isImp(node)) {
    throw new FailedError(
      `${node.host} is a Unified CM node; the Client Re-Login limits are Cisco XCP Router parameters of IM and Presence nodes.`,
      {
        code: 'NOT_IMP',
        fix: 'Run it with --node on an IM and Presence node.',
      },
    )
  }
  const users = given ?? countClientsHomedOn(store, node.id)
  const lower = Number(getParam(store, cluster, 'relogin-lower-limit'))
  const upper = Number(getParam(store, cluster, 'relogin-upper-limit'))
  const max = paramCatalogue().find((p) => p.id === 'relogin-upper-limit')!.max!
  const window = upper - lower
  const rate = window > 0 ? Math.round((users / window) * 100) / 100 : null
  const ok = users === 0 || (window > 0 && users / window <= MAX_RELOGIN_RATE)
  const required = lower + Math.ceil(users / MAX_RELOGIN_RATE)
  const allowed = required <= max
  let fix: string | null = null
  if (!ok) {
    fix = allowed
      ? `Set Client Re-Login Upper Limit to ${required} or more: ucadmin param service set "Cisco XCP Router" "Client Re-Login Upper Limit" ${required}`
      : `No upper limit up to ${max} gives ${MAX_RELOGIN_RATE} users/s with the lower limit ${lower}: lower the Client Re-Login Lower Limit to ${Math.max(0, max - Math.ceil(users / MAX_RELOGIN_RATE))} or less and set the upper limit to ${max}, or move users to another subcluster.`
  }
  const release = parseRelease(cluster.version)
  const note =
    release.train === '11.5(1)'
      ? null
      : `The guide's measurement applies to IM and Presence 11.5 deployments (UCS-C220-M4S); ${cluster.name} runs ${cluster.version}.`
  return {
    node: node.host,
    users,
    usersFrom: given === undefined ? 'clients' : 'flag',
    lowerLimit: lower,
    upperLimit: upper,
    windowSeconds: window,
    rate,
    maxRate: MAX_RELOGIN_RATE,
    ok,
    requiredUpperLimit: required,
    requiredUpperLimitAllowed: allowed,
    fix,
    note,
  }
}
