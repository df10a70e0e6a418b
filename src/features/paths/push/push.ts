import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'
import type {Clock} from '../../world/clock/clock.js'

import {UsageError} from '../../../core/errors.js'
import {parseRelease, supports} from '../../world/cluster/releases.js'
import {isImp} from '../../world/cluster/topology.js'
import {type DeliveryOutcome, type DeliveryRequest, deliver} from './delivery.js'

export type PushPlatform = 'ios' | 'android'

/** A push's outcome as the commands print it: the delivery outcome, plus the node to register to. */
export interface PushResult extends DeliveryOutcome {
  /** The node the client should register to (12.5(1)SU3 and later, call pushes). */
  activeNode?: string
}

export function checkPushPlatform(p: string): PushPlatform {
  if (p !== 'ios' && p !== 'android')
    throw new UsageError(`Unknown platform "${p}".`, {fix: 'Use --platform ios or --platform android.'})
  return p
}

export interface TestPushOptions {
  /** As if the client were over MRA (through Expressway). */
  mra?: boolean
  app?: 'jabber' | 'webex'
  /** A test push over Local Push (`sim push --platform lpns`). */
  local?: boolean
}

/**
 * A test push through the node's Push Notification Service (a call push), or, on an IM and Presence node, its XCP
 * Router (an IM push), or over Local Push: every condition on the path is evaluated (src/features/guide/conditions/conditions.ts).
 */
export function testPush(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  node: NodeRow,
  platform: PushPlatform,
  opts: TestPushOptions = {},
): PushResult {
  const kind = isImp(node) ? 'im' : 'call'
  if (opts.local && kind === 'im')
    throw new UsageError(`Local Push is for calls, from a Unified CM node; ${node.host} is an IM and Presence node.`, {
      fix: 'Give --node a Unified CM node.',
    })
  const req: DeliveryRequest = {
    cluster,
    node,
    platform,
    kind,
    mra: opts.mra,
    app: opts.app,
    local: opts.local ? 'only' : 'never',
  }
  return withActiveNode(cluster, deliver(store, clock, req), node)
}

/** Calls on 12.5(1)SU3 and later name the active node to register to. */
export function withActiveNode(cluster: ClusterRow, r: DeliveryOutcome, active: NodeRow): PushResult {
  if (
    r.status === 200 &&
    r.kind === 'call' &&
    !isImp(active) &&
    supports(parseRelease(cluster.version), 'registration-node')
  )
    return {...r, activeNode: active.host}
  return r
}
