import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import type {ClientRow} from '../failover/store.js'
import type {Clock, EventHandler} from '../../world/clock/clock.js'
import type {Store} from '../../../store/store.js'

import {
  type ClientExtras,
  type LpnsSessionRow,
  clientExtras,
  closeLpnsSession,
  lpnsSession,
  openLpnsSession,
  setLpnsSessionNode,
  setLpnsWifiLost,
} from './store.js'
import {type ClientSpec, CURRENT_OS, CURRENT_VERSION, KEEPALIVE_S, LPNS_PORT, lpnsClientProblem} from './rules.js'
import {clusterById, listNodes, nodeById} from '../../world/cluster/store.js'
import {groupById, poolById, setLpnsNode} from '../failover/store.js'
import {getParam, ssidProvisioned} from '../../guide/onboarding/parameters.js'
import {localPushSsidsFor, ssidFix, ssidListText} from '../../guide/onboarding/service-profiles.js'
import {isOnboarded} from '../../guide/onboarding/onboarding.js'
import {parseRelease, supports} from '../../world/cluster/releases.js'
import {isRunning} from '../../platform/services/services.js'
import {scheduleEvent} from '../../world/clock/store.js'
import {iso} from '../../../core/time.js'
import {trace} from '../../platform/traces/traces.js'
import {isCucm} from '../../world/cluster/topology.js'

/**
 * Local Push (LPNS, 14SU3): an iOS Webex App or Jabber client on a provisioned Wi-Fi SSID keeps a secure WebSocket
 * (port 9560) to the Cisco Local Push Notification Service of a node of its Unified CM group and sends a keepalive
 * every 120 s. The server closes the session with a 401 when no keepalive arrives within 120 s (the device left
 * the Wi-Fi, or the user's OAuth refresh token expired); logging off, deleting the user or device, or moving to an
 * unprovisioned SSID close it too. While no session is open, calls go through APNS.
 */

export const LPNS_SERVICE = 'Cisco Local Push Notification Service'
export const LPNS_CLOSE_EVENT = 'lpns-session-close'
const KEEPALIVE_MS = KEEPALIVE_S * 1000

export function specOf(c: ClientRow, x: ClientExtras = {} as ClientExtras): ClientSpec {
  return {
    app: c.app,
    platform: c.platform,
    version: x.clientVersion ?? CURRENT_VERSION[c.app],
    os: x.osVersion ?? CURRENT_OS[c.platform],
    region: x.region ?? 'global',
  }
}

/** The OS version of a client's device (its --os, else a current one): an iOS 12 device is judged by iOS 12 support. */
export function clientOs(store: Store, c: ClientRow): string {
  return specOf(c, clientExtras(store, c.id)).os
}

/** The nodes a client's device registers to, in priority order: its device pool's Unified CM group, else the cluster's Unified CM nodes. */
export function groupNodes(store: Store, cluster: ClusterRow, c: ClientRow): {group: string | null; nodes: NodeRow[]} {
  if (c.devicePoolId !== null) {
    const pool = poolById(store, c.devicePoolId)
    const group = pool ? groupById(store, pool.groupId) : undefined
    if (group) return {group: group.name, nodes: group.nodeIds.map((id) => nodeById(store, id)!).filter(Boolean)}
  }
  return {group: null, nodes: listNodes(store, cluster.id).filter(isCucm)}
}

/** Why the client cannot have a Local Push session now (null: it can), from the client, its Wi-Fi and the cluster. */
export function lpnsProblem(store: Store, cluster: ClusterRow, c: ClientRow, x: ClientExtras): string | null {
  return lpnsBlocker(store, cluster, c, x)?.detail ?? null
}

/** What keeps a client from Local Push: its reason, the condition of the table it is (null: the client's own), a fix. */
export interface LpnsBlocker {
  detail: string
  condition: string | null
  fix: string | null
}

export function lpnsBlocker(store: Store, cluster: ClusterRow, c: ClientRow, x: ClientExtras): LpnsBlocker | null {
  const b = (detail: string, condition: string | null = null, fix: string | null = null) => ({detail, condition, fix})
  // The client's own reasons first (cheap, no query), then the cluster's.
  const own = lpnsClientProblem({...specOf(c, x), mra: c.mra})
  if (own) return b(own)
  if (x.signedOut) return b('the user is signed out', null, `Sign in: \`ucadmin sim client sign-in ${c.user}\`.`)
  if (!x.ssid)
    return b(
      'the device is not on Wi-Fi',
      'lpns-ssid',
      `Join a provisioned Wi-Fi: \`ucadmin sim client wifi ${c.user} SSID\`.`,
    )
  if (!supports(parseRelease(cluster.version), 'lpns'))
    return b(`Local Push needs Unified CM 14SU3 (the cluster runs ${cluster.version})`, 'release-lpns')
  // The same rule as the condition table's lpns-ssid (one list, one comparison): the user's LocalPushSSIDList, from
  // the UC service of their UC Service Profile.
  const {ssids: list, config} = localPushSsidsFor(store, cluster, c.user)
  if (!ssidProvisioned(list, x.ssid))
    return b(`SSID ${x.ssid} is not in ${ssidListText(config)}`, 'lpns-ssid', ssidFix(config, c.user, x.ssid))
  if (getParam(store, cluster, 'oauth-refresh-login-flow') !== 'Enabled')
    return b(
      'OAuth with Refresh Login Flow is Disabled',
      'lpns-oauth',
      'Enable it: `ucadmin param enterprise set "OAuth with Refresh Login Flow" Enabled`.',
    )
  if (!isOnboarded(store, cluster)) return b('the cluster is not onboarded for APNS', 'onboarding')
  if (!groupNodes(store, cluster, c).nodes.some((n) => isRunning(store, n, LPNS_SERVICE)))
    return b(`no node of the device's Unified CM group runs the ${LPNS_SERVICE}`, 'service-lpns')
  return null
}

/**
 * The node whose LPNS holds (or takes) the client's WebSocket: its current node while that LPNS runs (no fallback
 * to a higher-priority node), else the first node of the group, in priority order, whose LPNS runs.
 */
export function lpnsNodeFor(
  store: Store,
  c: ClientRow,
  nodes: NodeRow[],
): {node: NodeRow | undefined; failover: boolean; from: NodeRow | undefined} {
  const current = c.lpnsNodeId === null ? undefined : nodes.find((n) => n.id === c.lpnsNodeId)
  if (current && isRunning(store, current, LPNS_SERVICE)) return {node: current, failover: false, from: undefined}
  const node = nodes.find((n) => isRunning(store, n, LPNS_SERVICE))
  if (node) setLpnsNode(store, c.id, node.id)
  return {node, failover: current !== undefined && node !== undefined, from: current}
}

function refreshTokenExpiry(store: Store, cluster: ClusterRow, x: ClientExtras): number | null {
  if (x.signedInAt === null) return null
  return x.signedInAt + Number(getParam(store, cluster, 'oauth-refresh-token-expiry')) * 86_400_000
}

/** The last keepalive at or before `t` of a session opened at `openedAt`. */
function keepaliveAtOrBefore(openedAt: number, t: number): number {
  return openedAt + Math.floor(Math.max(0, t - openedAt) / KEEPALIVE_MS) * KEEPALIVE_MS
}

function scheduleClose(store: Store, c: ClientRow, at: number, generation: number, reason: string): void {
  scheduleEvent(store, {
    dueAt: at,
    kind: LPNS_CLOSE_EVENT,
    clusterId: c.clusterId,
    nodeId: null,
    payload: JSON.stringify({clientId: c.id, generation, reason}),
  })
}

/**
 * Opens the client's session when it can have one: on a transition (`force`: sign-in, joining a provisioned Wi-Fi,
 * client added) even after an earlier close, otherwise only when it never had one (the state turned eligible). A
 * session the server closed with a 401 stays closed until such a transition: later calls go through APNS.
 */
export function connectLpns(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  c: ClientRow,
  force = false,
): string | null {
  const x = clientExtras(store, c.id)
  const s = lpnsSession(store, c.id)
  if (s?.state === 'open' && s.wifiLostAt === null) return null
  if (s && !force) return null
  if (lpnsProblem(store, cluster, c, x)) return null
  const {node} = lpnsNodeFor(store, c, groupNodes(store, cluster, c).nodes)
  if (!node) return null
  const now = clock.now()
  const gen = openLpnsSession(store, c.id, node.id, x.ssid!, now)
  trace(
    store,
    clock,
    node,
    LPNS_SERVICE,
    'INFO',
    `WebSocket session opened by ${c.user} (${c.app}, SSID ${x.ssid}) on port ${LPNS_PORT}; keepalive every ${KEEPALIVE_S} s`,
  )
  const exp = refreshTokenExpiry(store, cluster, x)
  if (exp !== null)
    scheduleClose(store, c, Math.max(now, keepaliveAtOrBefore(now, exp)) + KEEPALIVE_MS, gen, 'oauth-token-expired')
  return `Local Push session opened on ${node.host}:${LPNS_PORT}`
}

/** Closes an open session (logged off, deleted, unprovisioned SSID, keepalive missed): status 401 for the keepalive cases. */
export function closeLpns(
  store: Store,
  clock: Clock,
  c: ClientRow,
  reason: string,
  status: number | null,
): string | null {
  const s = lpnsSession(store, c.id)
  if (!s || s.state !== 'open') return null
  closeLpnsSession(store, c.id, clock.now(), status, reason)
  const node = s.nodeId === null ? undefined : nodeById(store, s.nodeId)
  if (node)
    trace(
      store,
      clock,
      node,
      LPNS_SERVICE,
      status === 401 ? 'WARN' : 'INFO',
      `WebSocket session of ${c.user} closed${status ? ` with ${status} Unauthorized` : ''}: ${reason}`,
    )
  return `Local Push session closed${status ? ` (${status})` : ''}: ${reason}`
}

/**
 * The device joins a Wi-Fi (SSID) or leaves Wi-Fi (null). On a provisioned SSID the client connects (or resumes
 * its keepalives); on an unprovisioned one it closes its session; off Wi-Fi the keepalives stop and the server
 * closes the session 120 s after the last one, with a 401.
 */
export function wifiChanged(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  c: ClientRow,
  ssid: string | null,
): string[] {
  const out: string[] = []
  const s = lpnsSession(store, c.id)
  if (ssid === null) {
    if (s?.state === 'open' && s.wifiLostAt === null) {
      const now = clock.now()
      setLpnsWifiLost(store, c.id, now)
      const closeAt = keepaliveAtOrBefore(s.openedAt, now) + KEEPALIVE_MS
      scheduleClose(store, c, closeAt, s.generation, 'no keepalive within 120 s (the device left the Wi-Fi)')
      out.push(
        `keepalives stopped; the LPNS closes the session at ${iso(closeAt)} with a 401 unless the device is back on a provisioned Wi-Fi`,
      )
    }
    return out
  }
  const x = clientExtras(store, c.id)
  const problem = lpnsProblem(store, cluster, c, x)
  if (problem && s?.state === 'open') {
    const r = closeLpns(store, clock, c, `moved to a non-provisioned Wi-Fi (${problem})`, null)
    if (r) out.push(r)
    return out
  }
  if (s?.state === 'open' && s.wifiLostAt !== null && !problem) {
    // Back before the server gave up: keepalives resume on a new session generation (the pending close is void).
    const r = closeLpns(store, clock, c, 'reconnecting', null)
    if (r) out.push('reconnecting')
  }
  const opened = connectLpns(store, clock, cluster, c, true)
  if (opened) out.push(opened)
  else if (problem) out.push(`no Local Push session: ${problem}`)
  return out
}

/**
 * The user's jabber-config.xml changed (a new UC Service Profile): the device downloads it; on Wi-Fi, a session the
 * new LocalPushSSIDList does not allow closes, and one it allows opens.
 */
export function configChanged(store: Store, clock: Clock, cluster: ClusterRow, c: ClientRow): string[] {
  const x = clientExtras(store, c.id)
  if (!x.ssid) return []
  const problem = lpnsProblem(store, cluster, c, x)
  if (problem) {
    const r = closeLpns(store, clock, c, `the new jabber-config.xml does not allow it (${problem})`, null)
    return [r ?? `no Local Push session: ${problem}`]
  }
  const opened = connectLpns(store, clock, cluster, c, true)
  return opened ? [opened] : []
}

/** Clock event: the LPNS server got no keepalive within 120 s: it closes the session and sends a 401. */
export const lpnsCloseEvent: EventHandler = (store, clock, e) => {
  const p = JSON.parse(e.payload ?? '{}') as {clientId: number; generation: number; reason: string}
  const s = lpnsSession(store, p.clientId)
  if (!s || s.state !== 'open' || s.generation !== p.generation) return 'session already closed or reconnected'
  const c = store.sql<any>('SELECT id, user, cluster_id AS clusterId FROM im_clients WHERE id = ?').get(p.clientId) as
    ClientRow | undefined
  if (!c) return 'client deleted'
  const cluster = clusterById(store, c.clusterId)!
  const reason =
    p.reason === 'oauth-token-expired'
      ? `no keepalive within ${KEEPALIVE_S} s: the OAuth refresh token expired (${getParam(store, cluster, 'oauth-refresh-token-expiry')} days)`
      : p.reason
  closeLpns(store, clock, c, reason, 401)
  return `Local Push session of ${c.user} closed with 401: ${reason}`
}

/** The session fields `sim client list` shows (read-only). */
export interface LocalPushView {
  state: 'open' | 'closed' | 'none'
  node: string | null
  port: number
  ssid: string | null
  openedAt: string | null
  lastKeepaliveAt: string | null
  nextKeepaliveAt: string | null
  closedAt: string | null
  /** 401 when the server closed it for a missed keepalive or an expired OAuth token. */
  status: number | null
  reason: string | null
  /** Why the client cannot have a session now (null: it can). */
  problem: string | null
}

export function localPushView(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  c: ClientRow,
  x: ClientExtras,
  known?: {session: LpnsSessionRow | undefined},
): LocalPushView {
  const s = known ? known.session : lpnsSession(store, c.id)
  const problem = lpnsProblem(store, cluster, c, x)
  const now = clock.now()
  if (!s)
    return {
      state: 'none',
      node: null,
      port: LPNS_PORT,
      ssid: x.ssid,
      openedAt: null,
      lastKeepaliveAt: null,
      nextKeepaliveAt: null,
      closedAt: null,
      status: null,
      reason: null,
      problem,
    }
  const node = s.nodeId === null ? null : (nodeById(store, s.nodeId)?.host ?? null)
  const open = s.state === 'open'
  const last = open ? keepaliveAtOrBefore(s.openedAt, s.wifiLostAt ?? now) : null
  return {
    state: s.state,
    node,
    port: LPNS_PORT,
    ssid: s.ssid,
    openedAt: iso(s.openedAt),
    lastKeepaliveAt: last === null ? null : iso(last),
    nextKeepaliveAt: open && s.wifiLostAt === null ? iso(last! + KEEPALIVE_MS) : null,
    closedAt: s.closedAt === null ? null : iso(s.closedAt),
    status: s.status,
    reason: s.reason,
    problem,
  }
}

/** The open session a call can use now, on a node whose LPNS runs (hunting the group when its node's LPNS is down). */
export function usableLpns(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  c: ClientRow,
): {node: NodeRow; failover: boolean; from: NodeRow | undefined; wifiLost?: true} | undefined {
  connectLpns(store, clock, cluster, c)
  const s = lpnsSession(store, c.id)
  if (!s || s.state !== 'open') return undefined
  if (s.wifiLostAt !== null) {
    // The device left the Wi-Fi but the LPNS still holds its session (until the missed keepalive): Unified CM tries
    // the WebSocket first, it fails, and the push falls back to APNS (issue 20, item 20).
    const held = s.nodeId === null ? undefined : nodeById(store, s.nodeId)
    return held && held.state === 'up' ? {node: held, failover: false, from: undefined, wifiLost: true} : undefined
  }
  const x = clientExtras(store, c.id)
  if (lpnsProblem(store, cluster, c, x)) return undefined
  const r = lpnsNodeFor(store, {...c, lpnsNodeId: s.nodeId}, groupNodes(store, cluster, c).nodes)
  if (!r.node) return undefined
  if (r.node.id !== s.nodeId) {
    setLpnsSessionNode(store, c.id, r.node.id)
    trace(
      store,
      clock,
      r.node,
      LPNS_SERVICE,
      'INFO',
      `WebSocket session of ${c.user} failed over from ${r.from?.host ?? 'its node'} (LPNS down) on port ${LPNS_PORT}`,
    )
  }
  return {node: r.node, failover: r.failover, from: r.from}
}
