import type {Store} from '../../../store/store.js'

import {
  type NodeRow,
  type NodeState,
  listNodes,
  setNodeDns,
  setNodeState,
  setReachability,
} from '../../world/cluster/store.js'
import {listServices, recordServiceEvent, updateService} from '../../platform/services/store.js'
import type {Clock} from '../../world/clock/clock.js'
import {CLOUD_HOSTS} from '../../world/cluster/cloud.js'
import {proxyOf} from '../../guide/conditions/proxy.js'
import {getOnboarding} from '../../guide/onboarding/store.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import type {ServiceReactions} from '../../platform/services/control.js'
import {type ImOutcome, imOnNodeFault} from '../../paths/failover/imha.js'

export interface NodeFaultResult {
  node: string
  state: NodeState
  previous: NodeState
  restartedServices: number
  /** IM and Presence nodes only: what the change did to the IM sessions (failover, fallback, queue, history). */
  imSessions?: ImOutcome
}

/**
 * node-down: the node fails suddenly; node-shutdown: it is shut down gracefully; node-up: it boots, and every
 * activated service starts again (recorded as a start at boot time).
 */
export function setNodeFault(
  store: Store,
  clock: Clock,
  node: NodeRow,
  fault: 'node-down' | 'node-up' | 'node-shutdown',
  reactions: ServiceReactions,
): NodeFaultResult {
  const target: NodeState = fault === 'node-up' ? 'up' : fault === 'node-down' ? 'down' : 'shutdown'
  const result: NodeFaultResult = {node: node.host, state: target, previous: node.state, restartedServices: 0}
  if (node.state === target) {
    throw new FailedError(`${node.host} is already ${target}.`, {
      code: 'NO_CHANGE',
      fix: target === 'up' ? 'Nothing to do.' : `Bring it back with \`ucadmin sim fault node-up ${node.host}\`.`,
    })
  }
  if (target !== 'up') {
    setNodeState(store, node.id, target)
    return withIm(store, clock, node, fault, result)
  }
  const now = clock.now()
  setNodeState(store, node.id, 'up', now)
  const up = {...node, state: 'up' as const, bootedAt: now}
  for (const s of listServices(store, node.id)) {
    if (!s.activated) continue
    updateService(store, {...s, state: 'STARTED', reason: null, startedAt: now, changedAt: now})
    recordServiceEvent(store, node.id, s.name, 'start', now)
    reactions.afterChange(store, clock, up, s.name, 'start')
    result.restartedServices++
  }
  return withIm(store, clock, up, fault, result)
}

/** IM and Presence HA (imha.ts): failover on node-down/node-shutdown, fallback on node-up. */
function withIm(
  store: Store,
  clock: Clock,
  node: NodeRow,
  fault: 'node-down' | 'node-up' | 'node-shutdown',
  result: NodeFaultResult,
): NodeFaultResult {
  const im = imOnNodeFault(store, clock, node, fault)
  return im ? {...result, imSessions: im} : result
}

/** A Cisco cloud host, or the HTTP(S) proxy host the cluster's Cisco Cloud Onboarding page names. */
export function checkCloudHost(host: string, proxyHost?: string): string {
  const h = host.trim().toLowerCase()
  if (!(CLOUD_HOSTS as readonly string[]).includes(h) && h !== proxyHost) {
    throw new UsageError(`${host} is not one of the Cisco cloud hosts${proxyHost ? ' nor the proxy' : ''}.`, {
      fix: `Use one of ${[...CLOUD_HOSTS, ...(proxyHost ? [proxyHost] : [])].join(', ')}${proxyHost ? '' : ' (or set a proxy first: `ucadmin onboarding save --proxy http://HOST:PORT`)'}.`,
    })
  }
  return h
}

/** Port 443 to a cloud host (or the proxy) from one node, or from every node of the cluster. */
export function setCloudReachable(
  store: Store,
  clusterId: number,
  cloudHost: string,
  reachable: boolean,
  node?: NodeRow,
): {cloudHost: string; port: number; reachable: boolean; nodes: string[]} {
  const proxy = proxyOf(getOnboarding(store, clusterId))
  const h = checkCloudHost(cloudHost, proxy?.host)
  const nodes = node ? [node] : listNodes(store, clusterId)
  for (const n of nodes) setReachability(store, n.id, h, reachable)
  // The proxy is reached on its own port; the cloud hosts on 443.
  return {cloudHost: h, port: proxy && h === proxy.host ? proxy.port : 443, reachable, nodes: nodes.map((n) => n.host)}
}

export function setDns(store: Store, node: NodeRow, configured: boolean): {node: string; dnsConfigured: boolean} {
  setNodeDns(store, node.id, configured)
  return {node: node.host, dnsConfigured: configured}
}
