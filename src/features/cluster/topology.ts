import type {Store} from '../../store/store.js'

import {
  type ClusterRow,
  type Licensing,
  type NodeRole,
  type NodeRow,
  clusterById,
  clusterHoldingHost,
  deleteCluster,
  findCluster,
  findNode,
  insertCluster,
  insertNode,
  listClusters,
  listNodes,
  setReachability,
} from './store.js'
import {deleteSetting, getSetting, setSetting} from '../../store/settings.js'
import type {Clock} from '../clock/clock.js'
import {CLOUD_HOSTS} from '../push/cloud.js'
import {addNodeToDatabase} from '../cucmdb/cucmdb.js'
import {FailedError, UsageError} from '../../core/errors.js'
import {seededUuid} from './seed.js'
import {currentClusterId, publisherOf, requireCluster, resolveCluster, resolveNode, type TargetInput} from './target.js'
import {atLeast, parseRelease, type Release} from './releases.js'
import {installServices} from '../services/services.js'
import {clusterSeed, setClusterSeed} from './seed.js'

export const ROLES: NodeRole[] = ['publisher', 'subscriber', 'imp-publisher', 'imp-subscriber']
export const LICENSING: Licensing[] = ['smart', 'plm', 'slr', 'none']

export const ROLE_TEXT: Record<NodeRole, string> = {
  publisher: 'Unified CM publisher',
  subscriber: 'Unified CM subscriber',
  'imp-publisher': 'IM and Presence publisher',
  'imp-subscriber': 'IM and Presence subscriber',
}

export const isImp = (n: {role: NodeRole}) => n.role === 'imp-publisher' || n.role === 'imp-subscriber'
export const isCucm = (n: {role: NodeRole}) => !isImp(n)

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,62}$/
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/

export function checkHost(host: string): string {
  const h = host.trim()
  if (!h || h.length > 253 || !h.split('.').every((l) => LABEL.test(l)) || /^\d+$/.test(h.split('.')[0] ?? '')) {
    throw new UsageError(`"${host}" is not a valid host name.`, {fix: 'Use letters, digits and hyphens, e.g. cucm-pub or cucm-pub.example.com.'})
  }
  return h
}

export function checkClusterName(name: string): string {
  if (!NAME.test(name)) {
    throw new UsageError(`"${name}" is not a valid cluster name.`, {fix: 'Start with a letter; use letters, digits, ".", "_" or "-" (at most 63).'})
  }
  return name
}

/** The default licensing of a release: Prime License Manager before 12.0, Smart Licensing from 12.0 on. */
export function defaultLicensing(r: Release): Licensing {
  return atLeast(r, '12.0(1)') ? 'smart' : 'plm'
}

export function checkLicensing(r: Release, l: Licensing): void {
  if (l === 'plm' && atLeast(r, '12.0(1)')) {
    throw new UsageError(`Prime License Manager licensing (plm) does not exist on ${r.name}: from 12.0(1) Unified CM uses Smart Licensing.`, {
      fix: 'Use --licensing smart (or slr, or none).',
    })
  }
  if ((l === 'smart' || l === 'slr') && !atLeast(r, '12.0(1)')) {
    throw new UsageError(`${r.name} licenses through Prime License Manager; Smart Licensing (${l}) starts with 12.0(1).`, {
      fix: 'Use --licensing plm (or none).',
    })
  }
}

export interface CreateClusterInput {
  name: string
  version: string
  publisher: string
  subscribers: string[]
  impPublisher?: string
  impSubscribers: string[]
  licensing?: string
  /** Derive tokens, pkids, vouchers and cluster IDs from this seed (see seed.ts). */
  seed?: string
}

/** Adds a node with its default services, DNS configured and every cloud host reachable. */
function addNodeRow(store: Store, clock: Clock, cluster: ClusterRow, release: Release, host: string, role: NodeRole, position: number): NodeRow {
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

/** A host name is unique across the clusters of a state file, so that `--node HOST` always names one node. */
export function refuseHostElsewhere(store: Store, host: string): void {
  const held = clusterHoldingHost(store, host)
  if (held) {
    throw new UsageError(`Host ${host} is already a node of cluster ${held.cluster}${held.host === host ? '' : ` (as ${held.host})`}.`, {
      code: 'HOST_IN_USE',
      fix: 'Host names are unique across clusters: pick another host name.',
    })
  }
}

export function createCluster(store: Store, clock: Clock, input: CreateClusterInput): ClusterRow {
  const name = checkClusterName(input.name)
  const release = parseRelease(input.version)
  const licensing = (input.licensing ?? defaultLicensing(release)) as Licensing
  if (!LICENSING.includes(licensing)) throw new UsageError(`Unknown licensing mode "${input.licensing}".`, {fix: `Use one of ${LICENSING.join(', ')}.`})
  checkLicensing(release, licensing)
  if (input.impSubscribers.length > 0 && !input.impPublisher) {
    throw new UsageError('IM and Presence subscribers need an IM and Presence publisher.', {fix: 'Add --imp-publisher HOST.'})
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
    if (seen.has(h.toLowerCase())) throw new UsageError(`Host ${h} is named twice.`, {fix: 'Give every node its own host name.'})
    seen.add(h.toLowerCase())
  }
  if (findCluster(store, name)) {
    throw new FailedError(`Cluster ${name} already exists.`, {code: 'CLUSTER_EXISTS', fix: `Pick another name, or remove it first with \`ucadmin cluster delete ${name}\`.`})
  }
  for (const [h] of hosts) refuseHostElsewhere(store, h)
  const before = listClusters(store)
  const id = insertCluster(store, {name, version: release.name, licensing, createdAt: clock.now()})
  // A new cluster never takes the current one's place (as kubectl keeps its context): the first cluster becomes
  // current, and with no current one yet the only cluster there was stays the one commands act on.
  if (getSetting(store, 'current_cluster') === undefined && before.length < 2) setSetting(store, 'current_cluster', String(before.length === 1 ? before[0].id : id))
  const cluster = clusterById(store, id)!
  setClusterSeed(store, id, input.seed)
  hosts.forEach(([h, r], i) => addNodeRow(store, clock, cluster, release, h, r, i))
  return cluster
}

/**
 * `cluster create --if-not-exists` on a cluster that exists: fine when it is the same cluster (release and nodes);
 * a different one is refused (exit 1), since nothing would make it match (`ucadmin apply -f` can).
 */
export function sameAsExisting(store: Store, existing: ClusterRow, input: CreateClusterInput): void {
  const release = parseRelease(input.version)
  const want = [
    `${input.publisher}:publisher`,
    ...input.subscribers.map((h) => `${h}:subscriber`),
    ...(input.impPublisher ? [`${input.impPublisher}:imp-publisher`] : []),
    ...input.impSubscribers.map((h) => `${h}:imp-subscriber`),
  ]
    .map((x) => x.toLowerCase())
    .sort()
  const have = listNodes(store, existing.id)
    .map((n) => `${n.host}:${n.role}`.toLowerCase())
    .sort()
  const diffs: string[] = []
  if (release.name !== existing.version) diffs.push(`it runs ${existing.version}, not ${release.name}`)
  if (input.licensing && input.licensing !== existing.licensing) diffs.push(`its licensing is ${existing.licensing}, not ${input.licensing}`)
  if (want.join(',') !== have.join(',')) diffs.push(`its nodes are ${have.join(', ')}`)
  if (diffs.length) {
    throw new FailedError(`Cluster ${existing.name} exists but differs: ${diffs.join('; ')}.`, {
      code: 'CLUSTER_DIFFERS',
      fix: 'Describe the cluster in a lab file and run `ucadmin apply -f FILE`, or delete it first.',
    })
  }
}

export function addNode(store: Store, clock: Clock, cluster: ClusterRow, host: string, role: string): NodeRow {
  if (!ROLES.includes(role as NodeRole) || role === 'publisher') {
    throw new UsageError(`A node added to a cluster is a subscriber, imp-publisher or imp-subscriber, not "${role}".`, {
      fix: 'Use --role subscriber, imp-publisher or imp-subscriber.',
    })
  }
  const h = checkHost(host)
  const nodes = listNodes(store, cluster.id)
  if (findNode(store, cluster.id, h)) throw new FailedError(`Cluster ${cluster.name} already has a node ${h}.`, {fix: 'Pick another host name.'})
  refuseHostElsewhere(store, h)
  if (role === 'imp-publisher' && nodes.some((n) => n.role === 'imp-publisher')) {
    throw new FailedError(`Cluster ${cluster.name} already has an IM and Presence publisher.`, {fix: 'Add it with --role imp-subscriber.'})
  }
  if (role === 'imp-subscriber' && !nodes.some((n) => n.role === 'imp-publisher')) {
    throw new FailedError(`Cluster ${cluster.name} has no IM and Presence publisher yet.`, {fix: 'Add one first with --role imp-publisher.'})
  }
  const position = Math.max(-1, ...nodes.map((n) => n.position)) + 1
  return addNodeRow(store, clock, cluster, parseRelease(cluster.version), h, role as NodeRole, position)
}

export function removeCluster(store: Store, name: string): ClusterRow {
  const c = requireCluster(store, name)
  deleteCluster(store, c.id)
  setClusterSeed(store, c.id, undefined)
  if (getSetting(store, 'current_cluster') === String(c.id)) deleteSetting(store, 'current_cluster')
  return c
}

export function useCluster(store: Store, name: string): ClusterRow {
  const c = requireCluster(store, name)
  setSetting(store, 'current_cluster', String(c.id))
  return c
}

export {currentClusterId, publisherOf, requireCluster, resolveCluster, resolveNode, type TargetInput}
