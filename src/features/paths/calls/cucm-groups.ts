import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {findNode, listNodes, nodeById} from '../../world/cluster/store.js'
import {
  type ClientRow,
  findGroup,
  groupById,
  listGroups,
  listPools,
  poolById,
  upsertGroup,
  upsertPool,
} from '../failover/store.js'
import type {Clock} from '../../world/clock/clock.js'
import {requireClient} from './clients.js'
import {UsageError} from '../../../core/errors.js'
import {XCP_ROUTER} from '../../guide/onboarding/onboarding.js'
import {type PushResult, withActiveNode} from '../push/push.js'
import {deliver} from '../push/delivery.js'
import {type HopId, LPNS} from '../../guide/conditions/conditions.js'
import {parseRelease, supports} from '../../world/cluster/releases.js'
import {isRunning} from '../../platform/services/services.js'
import {iso} from '../../../core/time.js'
import {isCucm} from '../../world/cluster/topology.js'
import {type PushShown, shownFor} from './view.js'
import {clientOs, lpnsBlocker, usableLpns} from './lpns.js'
import {clientExtras, lpnsSession} from './store.js'

/**
 * Calls: Unified CM groups (a prioritized list of up to three CUCM nodes, primary first) assigned to devices through
 * device pools; the push for an incoming call names the active node to register to (12.5(1)SU3 and later); Local
 * Push (LPNS, 14SU3 and later, iOS, not over MRA) fails over to the next node of the group whose LPNS runs.
 */

export const CALLMANAGER = 'Cisco CallManager'
export {LPNS}
export const MAX_GROUP_NODES = 3

const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,49}$/

function checkName(what: string, name: string): string {
  const n = name.trim()
  if (!NAME.test(n))
    throw new UsageError(`"${name}" is not a valid ${what} name.`, {
      fix: 'Use letters, digits, spaces, ".", "_" or "-" (at most 50).',
    })
  return n
}

export interface GroupView {
  name: string
  nodes: string[]
  devicePools: string[]
}

/** `cluster group set NAME --nodes a,b,c`: creates or replaces a Unified CM group. */
export function setGroup(store: Store, cluster: ClusterRow, name: string, nodesText: string): GroupView {
  const n = checkName('Unified CM group', name)
  const hosts = nodesText
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean)
  if (hosts.length === 0 || hosts.length > MAX_GROUP_NODES) {
    throw new UsageError(
      `A Unified CM group lists 1 to ${MAX_GROUP_NODES} nodes (primary, backup, tertiary), not ${hosts.length}.`,
      {fix: '--nodes cucm-pub,cucm-sub1'},
    )
  }
  const nodes: NodeRow[] = []
  for (const h of hosts) {
    const node = findNode(store, cluster.id, h)
    if (!node)
      throw new UsageError(`Cluster ${cluster.name} has no node ${h}.`, {
        code: 'UNKNOWN_NODE',
        fix: `Nodes: ${listNodes(store, cluster.id)
          .filter(isCucm)
          .map((x) => x.host)
          .join(', ')}.`,
      })
    if (!isCucm(node))
      throw new UsageError(
        `${node.host} is an IM and Presence node; a Unified CM group lists call processing (Unified CM) nodes.`,
        {fix: 'Name Unified CM nodes.'},
      )
    if (nodes.some((x) => x.id === node.id))
      throw new UsageError(`${node.host} is listed twice.`, {fix: 'List each node once, primary first.'})
    nodes.push(node)
  }
  upsertGroup(
    store,
    cluster.id,
    n,
    nodes.map((x) => x.id),
  )
  return groupViews(store, cluster).find((g) => g.name.toLowerCase() === n.toLowerCase())!
}

/** `cluster device-pool set NAME --group G`. */
export function setDevicePool(
  store: Store,
  cluster: ClusterRow,
  name: string,
  group: string,
): {name: string; group: string} {
  const n = checkName('device pool', name)
  const g = findGroup(store, cluster.id, group)
  if (!g)
    throw new UsageError(`No Unified CM group ${group} in ${cluster.name}.`, {
      fix: `Create it: ucadmin cluster group set ${group} --nodes cucm-pub,cucm-sub1`,
    })
  upsertPool(store, cluster.id, n, g.id)
  return {name: n, group: g.name}
}

export function groupViews(store: Store, cluster: ClusterRow): GroupView[] {
  const hosts = new Map(listNodes(store, cluster.id).map((x) => [x.id, x.host]))
  const pools = listPools(store, cluster.id)
  return listGroups(store, cluster.id).map((g) => ({
    name: g.name,
    nodes: g.nodeIds.map((id) => hosts.get(id)!),
    devicePools: pools.filter((p) => p.groupId === g.id).map((p) => p.name),
  }))
}

export interface UserPushResult extends PushResult, PushShown {
  user: string
  /** Calls: the group's primary node (where the device registered first). */
  primaryNode?: string
  /** Local Push: the node whose LPNS holds the client's WebSocket. */
  lpnsNode?: string
  lpnsFailover?: boolean
}

/**
 * `sim push --user USER`: the push the user's client would get, through the one delivery model
 * (src/features/paths/push/delivery.ts). With a device pool: an incoming-call push sent by the first node of the group
 * running Cisco CallManager, naming it as the active node (12.5(1)SU3 and later); Local Push first when the client
 * is an iOS client off MRA (its LPNS WebSocket stays on its node while that LPNS runs and otherwise hunts the group
 * in priority order), used when every Local Push condition holds, else the cloud. Without one (Jabber IM): a push
 * through the user's IM session node, refused (im-session, 503) while the session is offline or being recreated.
 */
export function userPush(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  user: string,
  platformFlag?: string,
): UserPushResult {
  const c = requireClient(store, cluster, user)
  const r = pushToUser(store, clock, cluster, c, platformFlag)
  const why = r.path === 'local' || r.localPush ? null : whyNotLocal(store, cluster, c, r.kind)
  return {
    ...r,
    ...(why ? {localPush: {used: false as const, ...why}} : {}),
    ...shownFor(store, c, r.kind === 'im' ? 'message' : 'call', r.status, 'ucadmin (test push)', r.path === 'local'),
  }
}

/**
 * Why Local Push did not apply to a user's push when it was not even tried (issue 20, item 24): the condition of the
 * table it is (lpns-ssid names the user's service profile and its UC service), and the fix.
 */
function whyNotLocal(
  store: Store,
  cluster: ClusterRow,
  c: ReturnType<typeof requireClient>,
  kind: 'call' | 'im',
): {condition: string | null; hop: HopId | null; detail: string; fix: string | null} {
  const none = (detail: string) => ({condition: null, hop: null, detail, fix: null})
  if (kind === 'im') return none('Local Push is not supported for IM and Presence messaging.')
  if (c.platform !== 'ios') return none('Local Push is not supported on Android.')
  const b = lpnsBlocker(store, cluster, c, clientExtras(store, c.id))
  if (b) {
    // The hop of the Local Push path (callmanager -> lpns -> device) the condition sits on.
    const hops: Record<string, HopId> = {
      'lpns-ssid': 'device',
      'lpns-oauth': 'lpns',
      'service-lpns': 'lpns',
      onboarding: 'lpns',
      'release-lpns': 'callmanager',
    }
    const hop: HopId | null = b.condition === null ? null : (hops[b.condition] ?? null)
    return {condition: b.condition, hop, detail: b.detail, fix: b.fix}
  }
  const s = lpnsSession(store, c.id)
  const ssid = clientExtras(store, c.id).ssid
  if (s?.state === 'closed' && ssid) {
    // Nothing blocks a session now (the reason it closed may be fixed, e.g. the SSID added to its UC service), but a
    // closed session stays closed until the device connects again: on rejoining its Wi-Fi, or signing in.
    return {
      ...none(`Its Local Push session is closed${s.reason ? ` (${s.reason})` : ''}.`),
      fix: `Nothing blocks it now: the device connects again when it rejoins its Wi-Fi (ucadmin sim client wifi ${c.user} ${ssid}) or signs in (ucadmin sim client sign-in ${c.user}).`,
    }
  }
  return none(
    s
      ? `Its Local Push session is ${s.state}${s.reason ? ` (${s.reason})` : ''}.`
      : `${c.user} has no Local Push session.`,
  )
}

function pushToUser(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  c: ReturnType<typeof requireClient>,
  platformFlag?: string,
): Omit<UserPushResult, keyof PushShown> {
  if (clientExtras(store, c.id).signedOut) {
    const detail = `${c.user} signed out: the device has no push session, nothing is sent (log in again: ucadmin sim client sign-in ${c.user}).`
    return {
      user: c.user,
      kind: c.devicePoolId === null ? 'im' : 'call',
      path: 'cloud',
      status: 410,
      reason: 'Gone',
      detail,
      condition: null,
      hop: 'device',
      hops: [],
      node: '',
      platform: c.platform,
    }
  }
  const platform = (platformFlag as 'ios' | 'android' | undefined) ?? c.platform
  const release = parseRelease(cluster.version)
  const who = {user: c.user, app: c.app, mra: c.mra, platform, os: clientOs(store, c)}
  if (c.devicePoolId !== null) {
    const pool = poolById(store, c.devicePoolId)!
    const group = groupById(store, pool.groupId)!
    const nodes = group.nodeIds.map((id) => nodeById(store, id)!).filter(Boolean)
    const primary = nodes[0]
    const active = nodes.find((n) => isRunning(store, n, CALLMANAGER))
    const extra = {user: c.user, primaryNode: primary.host}
    if (!active) {
      // No node of the group can take the call: the path stops at its first hop, on the primary.
      const r = deliver(store, clock, {cluster, node: primary, kind: 'call', ...who})
      const detail = `No node of Unified CM group ${group.name} (${nodes.map((n) => n.host).join(', ')}) runs Cisco CallManager.`
      return {
        ...r,
        ...extra,
        status: 503,
        reason: 'Service Unavailable',
        condition: r.condition ?? 'node',
        hop: 'callmanager',
        detail,
      }
    }
    // Local Push is tried first only over an open LPNS session (an iOS client on a provisioned SSID, its keepalives
    // answered: src/features/paths/calls/lpns.ts); the delivery model then checks the path's conditions.
    const lp = platform === 'ios' ? usableLpns(store, clock, cluster, c) : undefined
    const lpnsNode = lp?.node
    const failover = lp?.failover ?? false
    const current = lp?.from
    const r = withActiveNode(
      cluster,
      deliver(store, clock, {
        cluster,
        node: active,
        kind: 'call',
        ...who,
        local: lp ? 'auto' : 'never',
        lpnsNode: lpnsNode ?? active,
        ssid: clientExtras(store, c.id).ssid,
      }),
      active,
    )
    if (r.path === 'local') {
      return {
        ...r,
        ...extra,
        node: (lpnsNode ?? active).host,
        detail: `Local Push through ${(lpnsNode ?? active).host}${failover ? ` (the client failed over from ${current!.host}, whose LPNS is down)` : ''}; the device registers to ${active.host}.`,
        activeNode: active.host,
        lpnsNode: (lpnsNode ?? active).host,
        lpnsFailover: failover,
      }
    }
    const note =
      active.id !== primary.id
        ? ` The primary ${primary.host} is ${primary.state === 'up' ? 'not running Cisco CallManager' : primary.state}.`
        : ''
    const reg = supports(release, 'registration-node')
      ? ''
      : ` ${cluster.version} does not name the active node in the push (12.5(1)SU3 and later do): the client retries ${primary.host}, then hunts its device pool.`
    return {...r, ...extra, detail: `${r.detail}${r.status === 200 ? note + reg : ''}`}
  }
  if (c.app === 'webex')
    throw new UsageError(
      `${c.user} uses the Webex App without a device pool: IM pushes come from the Webex cloud, not IM and Presence.`,
      {
        // The client exists, so `sim client add` alone answers "already has a client": delete it first.
        fix: `Give the client a device pool for calls: ucadmin sim client delete ${c.user}, then ucadmin sim client add ${c.user} --app webex --device-pool POOL (ucadmin cluster device-pool set POOL --group GROUP makes one).`,
      },
    )
  const node = c.sessionNodeId === null ? undefined : nodeById(store, c.sessionNodeId)
  const home = c.homeNodeId === null ? undefined : nodeById(store, c.homeNodeId)
  const from = node ?? home!
  return {
    ...deliver(store, clock, {cluster, node: from, kind: 'im', ...who, session: imSession(store, clock, c, node)}),
    user: c.user,
  }
}

/** The user's IM session as the XCP Router hop sees it (the im-session condition). */
export function imSession(
  store: Store,
  clock: Clock,
  c: ClientRow,
  node: NodeRow | undefined,
): {ok: boolean; detail: string; fix: string | null} {
  if (!node)
    return {
      ok: false,
      detail: `${c.user} has no IM session (offline).`,
      fix: `The user signs in again: \`ucadmin sim client resume ${c.user}\` once the node and its Cisco XCP Router are back.`,
    }
  if (isRunning(store, node, XCP_ROUTER) && (c.sessionReadyAt ?? 0) > clock.now()) {
    return {
      ok: false,
      detail: `${c.user}'s JSM session is being recreated on ${node.host} after a failover; pushes resume at ${iso(c.sessionReadyAt!)}.`,
      fix: `Wait (\`ucadmin sim clock advance\`) until ${iso(c.sessionReadyAt!)}.`,
    }
  }
  return {ok: true, detail: `${c.user} has an IM session on ${node.host}.`, fix: null}
}
