import type {Store} from '../../../store/store.js'
import type {Clock} from '../../world/clock/clock.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import {
  type ClusterRow,
  type Licensing,
  type NodeRole,
  type NodeRow,
  clusterById,
  findCluster,
  findNode,
  insertCluster,
  insertNode,
  listClusters,
  listNodes,
  setReachability,
} from '../../world/cluster/store.js'
import {getSetting, setSetting} from '../../../store/settings.js'
import {CLOUD_HOSTS} from '../../world/cluster/cloud.js'
import {parseRelease, type Release} from '../../world/cluster/releases.js'
import {clusterSeed, seededUuid, setClusterSeed} from '../../world/cluster/seed.js'
import {
  type CreateClusterInput,
  LICENSING,
  ROLES,
  checkClusterName,
  checkHost,
  checkLicensing,
  defaultLicensing,
  refuseHostElsewhere,
} from '../../world/cluster/topology.js'
import {installServices} from '../../platform/services/services.js'
import {addNodeToDatabase} from '../cucmdb/cucmdb.js'

// Installing a cluster or a node: the topology rules of world/cluster, then what an installed node has (its platform
// services and its row in the CUCM database), which is why this lives above both.

/** Adds a node with its default services, DNS configured and every cloud host reachable. */
function addNodeRow(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  release: Release,
  host: string,
  role: NodeRole,
  position: number,
): NodeRow {
  const node: Omit<NodeRow, 'id'> = {
    clusterId: cluster.id,
    host,
    role,
    state: 'up',
    dnsConfigured: true,
    pkid: seededUuid(clusterSeed(store, cluster.id), 'processnode', cluster.name.toLowerCase(), host.toLowerCase()),
    position,
    bootedAt: clock.now(),
  }
  const id = insertNode(store, node)
  const row = {...node, id}
  for (const h of CLOUD_HOSTS) setReachability(store, id, h, true)
  installServices(store, clock, row, release)
  addNodeToDatabase(store, clock, cluster, row)
  return row
}

export function createCluster(store: Store, clock: Clock, input: CreateClusterInput): ClusterRow {
  const name = checkClusterName(input.name)
  const release = parseRelease(input.version)
  const licensing = (input.licensing ?? defaultLicensing(release)) as Licensing
  if (!LICENSING.includes(licensing))
    throw new UsageError(`Unknown licensing mode "${input.licensing}".`, {fix: `Use one of ${LICENSING.join(', ')}.`})
  checkLicensing(release, licensing)
  if (input.impSubscribers.length > 0 && !input.impPublisher) {
    throw new UsageError('IM and Presence subscribers need an IM and Presence publisher.', {
      fix: 'Add --imp-publisher HOST.',
    })
  }
  const named: Array<[string, NodeRole]> = [
    [input.publisher, 'publisher'],
    ...input.subscribers.map((h): [string, NodeRole] => [h, 'subscriber']),
    ...(input.impPublisher ? [[input.impPublisher, 'imp-publisher'] as [string, NodeRole]] : []),
    ...input.impSubscribers.map((h): [string, NodeRole] => [h, 'imp-subscriber']),
  ]
  const hosts = named.map(([h, r]): [string, NodeRole] => [checkHost(h), r])
  const seen = new Set<string>()
  for (const [h] of hosts) {
    if (seen.has(h.toLowerCase()))
      throw new UsageError(`Host ${h} is named twice.`, {fix: 'Give every node its own host name.'})
    seen.add(h.toLowerCase())
  }
  if (findCluster(store, name)) {
    throw new FailedError(`Cluster ${name} already exists.`, {
      code: 'CLUSTER_EXISTS',
      fix: `Pick another name, or remove it first with \`ucadmin cluster delete ${name}\`.`,
    })
  }
  for (const [h] of hosts) refuseHostElsewhere(store, h)
  const before = listClusters(store)
  const id = insertCluster(store, {name, version: release.name, licensing, createdAt: clock.now()})
  // A new cluster never takes the current one's place (as kubectl keeps its context): the first cluster becomes
  // current, and with no current one yet the only cluster there was stays the one commands act on.
  if (getSetting(store, 'current_cluster') === undefined && before.length < 2)
    setSetting(store, 'current_cluster', String(before.length === 1 ? before[0].id : id))
  const cluster = clusterById(store, id)!
  setClusterSeed(store, id, input.seed)
  hosts.forEach(([h, r], i) => addNodeRow(store, clock, cluster, release, h, r, i))
  return cluster
}

export function addNode(store: Store, clock: Clock, cluster: ClusterRow, host: string, role: string): NodeRow {
  if (!ROLES.includes(role as NodeRole) || role === 'publisher') {
    throw new UsageError(`A node added to a cluster is a subscriber, imp-publisher or imp-subscriber, not "${role}".`, {
      fix: 'Use --role subscriber, imp-publisher or imp-subscriber.',
    })
  }
  const h = checkHost(host)
  const nodes = listNodes(store, cluster.id)
  if (findNode(store, cluster.id, h))
    throw new FailedError(`Cluster ${cluster.name} already has a node ${h}.`, {fix: 'Pick another host name.'})
  refuseHostElsewhere(store, h)
  if (role === 'imp-publisher' && nodes.some((n) => n.role === 'imp-publisher')) {
    throw new FailedError(`Cluster ${cluster.name} already has an IM and Presence publisher.`, {
      fix: 'Add it with --role imp-subscriber.',
    })
  }
  if (role === 'imp-subscriber' && !nodes.some((n) => n.role === 'imp-publisher')) {
    throw new FailedError(`Cluster ${cluster.name} has no IM and Presence publisher yet.`, {
      fix: 'Add one first with --role imp-publisher.',
    })
  }
  const position = Math.max(-1, ...nodes.map((n) => n.position)) + 1
  return addNodeRow(store, clock, cluster, parseRelease(cluster.version), h, role as NodeRole, position)
}
