import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {listNodes} from '../../world/cluster/store.js'
import {gatewayIp, nodeFqdn, nodeIp, shortName} from '../../world/cluster/platform.js'
import {CLOUD_HOSTS} from '../../world/cluster/cloud.js'
import {proxyOf} from '../../guide/conditions/proxy.js'
import {getOnboarding} from '../../guide/onboarding/store.js'
import {nodeReaches, nodeResolves} from '../../guide/conditions/conditions.js'
import {UsageError} from '../../../core/errors.js'

/**
 * Cloud Services Reachability (issue 20, item 23): `utils network ping|host|traceroute` on the node the session is
 * on, answered from the same network facts the paths to the cloud read (src/features/guide/conditions/conditions.ts): DNS off,
 * a name does not resolve; a host blocked (`sim fault unreachable`), it does not answer. The cloud hosts' addresses
 * are from the documentation ranges (RFC 5737): the simulation has no real ones.
 */

const CLOUD_ADDRESS: Record<string, string> = {
  'fos-a.wbx2.com': '198.51.100.21',
  'push.webexconnect.com': '198.51.100.22',
  'idbroker.webex.com': '198.51.100.23',
}

export interface Target {
  /** What the operator typed. */
  name: string
  /** The FQDN when known (nodes, cloud hosts, the proxy name). */
  fqdn: string | null
  address: string | null
  /** A cluster node (in /etc/hosts: resolves locally, without DNS). */
  local: boolean
  /** Resolved: a literal address, a node, or a name with DNS configured on this node. */
  resolved: boolean
  reachable: boolean
  /** Hops after the gateway: the Cisco cloud is a few hops away, the cluster's nodes are on the same subnet. */
  hops: number
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/

function checkName(raw: string): string {
  const n = (raw ?? '').trim().toLowerCase()
  if (!n || n.length > 253 || !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(n))
    throw new UsageError(`"${raw}" is not a host name or IPv4 address.`, {
      code: 'BAD_HOST',
      fix: 'e.g. `utils network ping push.webexconnect.com`.',
    })
  return n
}

/** What `node` knows about a name or address: resolution (DNS, /etc/hosts) and reachability. */
export function resolveTarget(store: Store, cluster: ClusterRow, node: NodeRow, raw: string): Target {
  const name = checkName(raw)
  const nodes = listNodes(store, cluster.id)
  const peer = nodes.find(
    (n) =>
      n.host.toLowerCase() === name ||
      shortName(n).toLowerCase() === name ||
      nodeFqdn(cluster, n).toLowerCase() === name ||
      nodeIp(n) === name,
  )
  if (peer)
    return {
      name,
      fqdn: nodeFqdn(cluster, peer),
      address: nodeIp(peer),
      local: true,
      resolved: true,
      reachable: peer.state === 'up',
      hops: 0,
    }
  const proxy = proxyOf(getOnboarding(store, cluster.id))
  const dns = nodeResolves(node)
  if (proxy && proxy.host === name) {
    const address = proxy.isName ? '192.0.2.80' : name
    return {
      name,
      fqdn: proxy.isName ? name : null,
      address,
      local: false,
      resolved: !proxy.isName || dns,
      reachable: nodeReaches(store, node, name),
      hops: 1,
    }
  }
  if ((CLOUD_HOSTS as readonly string[]).includes(name))
    return {
      name,
      fqdn: name,
      address: CLOUD_ADDRESS[name],
      local: false,
      resolved: dns,
      reachable: nodeReaches(store, node, name),
      hops: 4,
    }
  if (IPV4.test(name)) {
    const cloud = Object.entries(CLOUD_ADDRESS).find(([, a]) => a === name)?.[0]
    return {
      name,
      fqdn: null,
      address: name,
      local: false,
      resolved: true,
      reachable: cloud ? nodeReaches(store, node, cloud) : name === gatewayIp(node),
      hops: cloud ? 4 : 0,
    }
  }
  // Any other name: no such host in the simulated DNS.
  return {name, fqdn: null, address: null, local: false, resolved: false, reachable: false, hops: 0}
}

/** A deterministic round-trip time for a target (the simulated clock does not move; nothing is measured). */
export function rttMs(t: Target, i: number): string {
  const base = t.local ? 0.2 : 18 + t.hops * 3
  return (base + ((t.name.length * 7 + i * 13) % 10) / (t.local ? 100 : 10)).toFixed(3)
}
