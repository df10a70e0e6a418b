import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'
import type {Clock} from '../../world/clock/clock.js'

import {isImp} from '../../world/cluster/topology.js'
import {
  type CloudPathKind,
  type Env,
  type HopId,
  type PathKind,
  type Platform,
  type Verdict,
  HOP_HOST,
  HOP_NAMES,
  PROXY_CONFIRMATION_MS,
  PROXY_SECOND_ADDRESS_MS,
  baseEnv,
  evaluateHop,
} from './conditions.js'

/**
 * Every path to the Cisco cloud is a list of hops, and one walker evaluates them with the one condition table
 * (src/features/guide/conditions/conditions.ts), so no path can forget a condition (issue 20):
 *
 *   push (call, im, local)   src/features/paths/push/delivery.ts builds the hops and walks them here
 *   token                    the push service's access-token fetch: cpns | xcp-config-manager -> [proxy] -> common-identity
 *   subscription             the publisher's subscription request (the Save that completes onboarding): cmas -> [proxy] -> fos
 *   upload                   the Management Agent's troubleshooting upload (pushnow, scheduled): cmas -> [proxy] -> fos
 *
 * A hop's conditions are those whose `hops[kind]` names it; the first that fails stops the path.
 */

export interface HopView {
  hop: HopId
  name: string
  node: string | null
  /** Reached: every hop before it passed. */
  reached: boolean
  ok: boolean
  conditions: Array<{id: string; ok: boolean; detail: string}>
  /** Timings and notes (e.g. the proxy's two and five seconds). */
  note: string | null
}

export interface PathFailure {
  hop: HopId
  id: string
  status: number
  reason: string
  detail: string
  fix: string | null
}

export interface Walk {
  explain: HopView[]
  failure: PathFailure | null
}

/** Who a path is walked for: its kind, the node that sends, and what the push conditions need to know. */
export interface PathScope {
  kind: PathKind
  node: NodeRow
  /** The node whose LPNS holds the client's WebSocket (Local Push; default: node). */
  lpnsNode?: NodeRow
  platform?: Platform
  jabberIos?: boolean
  mra?: boolean
  ssid?: string | null
  /** The end user (a simulated client): their service profile's jabber-config.xml. */
  user?: string
  session?: Verdict
}

export type BaseEnv = ReturnType<typeof baseEnv>

const OFF_NODE = new Set<HopId>(['expressway-c', 'expressway-e', 'apns', 'fcm', 'device'])

/** Walks the hops in order: each hop's conditions over the scope's node; the first failing condition is the outcome. */
export function walkHops(base: BaseEnv, scope: PathScope, hops: HopId[]): Walk {
  const explain: HopView[] = []
  let failure: PathFailure | null = null
  for (const hop of hops) {
    const scopeNode = hop === 'lpns' ? (scope.lpnsNode ?? scope.node) : scope.node
    const full: Env = {
      ...base,
      mode: 'delivery',
      kinds: [scope.kind],
      nodes: [scopeNode],
      platforms: scope.platform ? [scope.platform] : [],
      jabberIos: !!scope.jabberIos,
      mra: !!scope.mra,
      ssid: scope.ssid,
      user: scope.user,
      session: scope.session,
    }
    const results = evaluateHop(full, scope.kind, hop)
    const first = results.find((r) => !r.ok)
    const reached = failure === null
    if (first && reached)
      failure = {
        hop,
        id: first.id,
        status: first.condition.status,
        reason: first.condition.reason,
        detail: first.detail,
        fix: first.fix,
      }
    explain.push({
      hop,
      name: HOP_NAMES[hop],
      node: OFF_NODE.has(hop) ? null : scopeNode.host,
      reached,
      ok: !first,
      conditions: results.map((r) => ({id: r.id, ok: r.ok, detail: r.detail})),
      note: hopNote(base, hop, !first),
    })
  }
  return {explain, failure}
}

/** The proxy's timings (DNS Requirements for Proxy Servers), as a hop reports them. */
export function hopNote(env: Pick<Env, 'proxy'>, hop: HopId, ok: boolean): string | null {
  const p = env.proxy
  if (hop === 'proxy' && p) {
    if (ok) return `${p.url}${p.isName ? ': the name resolves by DNS; the first address answered' : ''}.`
    return p.isName
      ? `No answer from the first address of ${p.host}; ${PROXY_SECOND_ADDRESS_MS / 1000} seconds later the second address, no answer either.`
      : `No answer from ${p.host} on port ${p.port} (an IP address: nothing else to try).`
  }
  if (HOP_HOST[hop] && p) {
    return ok
      ? `Through the proxy ${p.url}.`
      : `Through the proxy ${p.url}: sent, no confirmation within ${PROXY_CONFIRMATION_MS / 1000} seconds${p.isName ? `; tried the second address ${PROXY_SECOND_ADDRESS_MS / 1000} seconds later` : ''}.`
  }
  return null
}

/** The hops of a path to the cloud that is not a push. */
export function cloudPathHops(kind: CloudPathKind, node: NodeRow, proxy: boolean): HopId[] {
  const via: HopId[] = proxy ? ['proxy'] : []
  switch (kind) {
    case 'token':
      return [isImp(node) ? 'xcp-config-manager' : 'cpns', ...via, 'common-identity']
    case 'subscription':
    case 'upload':
      return ['cmas', ...via, 'fos']
  }
}

/** Walks a token fetch, a subscription request or an upload from `node`: null failure when it reaches the cloud. */
export function walkCloudPath(
  store: Store,
  clock: Pick<Clock, 'now'>,
  cluster: ClusterRow,
  node: NodeRow,
  kind: CloudPathKind,
): Walk & {hops: HopId[]} {
  const base = baseEnv(store, clock, cluster)
  const hops = cloudPathHops(kind, node, base.proxy !== null)
  return {hops, ...walkHops(base, {kind, node}, hops)}
}

/** The host a failed hop could not reach, for trace lines: the proxy, or the hop's cloud host. */
export function unreachedHost(base: Pick<Env, 'proxy'>, f: PathFailure, hops: HopId[]): string {
  if (f.id === 'proxy' && base.proxy) return base.proxy.host
  if (f.id === 'dns' && base.proxy?.isName) return base.proxy.host
  return HOP_HOST[f.hop] ?? HOP_HOST[hops.find((h) => HOP_HOST[h])!] ?? 'the Cisco cloud'
}
