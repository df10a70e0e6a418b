import type {Store} from '../../../store/store.js'

import {
  type ClusterRow,
  type NodeRow,
  clusterById,
  clustersWithHost,
  findCluster,
  findNode,
  listClusters,
  listNodes,
} from './store.js'
import {getSetting} from '../../../store/settings.js'
import {UsageError} from '../../../core/errors.js'
import {suggest} from '../../../core/ids.js'

/*
 * Which cluster and node a command acts on. Kept apart from topology.ts so that resolving the target (every
 * command does) loads nothing but the store.
 */
export function currentClusterId(store: Store): number | undefined {
  const v = getSetting(store, 'current_cluster')
  return v === undefined ? undefined : Number(v)
}

export function requireCluster(store: Store, name: string): ClusterRow {
  const c = findCluster(store, name)
  if (c) return c
  const all = listClusters(store).map((x) => x.name)
  const near = suggest(name, all)
  throw new UsageError(`No cluster named ${name}.`, {
    code: 'UNKNOWN_CLUSTER',
    fix: near.length
      ? `Did you mean ${near.join(' or ')}?`
      : all.length
        ? `Clusters: ${all.join(', ')}.`
        : 'Create one with `ucadmin cluster create`.',
  })
}

export interface TargetInput {
  cluster?: string
  node?: string
}

/** An empty host (`--node=`, `sim fault node-down ""`) is bad input, never "the publisher". */
export function checkHostGiven(host: string, what = 'host'): string {
  if (host.trim() === '') {
    throw new UsageError(`The ${what} is empty.`, {
      code: 'EMPTY_HOST',
      fix: 'Give a node host name, e.g. cucm-pub (see `ucadmin cluster show`).',
    })
  }
  return host
}

/**
 * Which cluster a command acts on: --cluster / UCADMIN_CLUSTER, else with --node the one cluster holding that host
 * (host names are unique across clusters, whatever the current cluster is), else the current one (`cluster use`),
 * else the only one.
 */
export function resolveCluster(store: Store, t: TargetInput): ClusterRow {
  if (t.cluster) return requireCluster(store, t.cluster)
  if (t.node !== undefined) {
    checkHostGiven(t.node)
    const holding = clustersWithHost(store, t.node)
    if (holding.length === 1) return holding[0]
    if (holding.length > 1) {
      // Only in state files from before host names were unique: the current cluster, if it is one of them.
      const cur = currentClusterId(store)
      const hit = holding.find((c) => c.id === cur)
      if (hit) return hit
      throw new UsageError(
        `Host ${t.node} is a node of ${holding.length} clusters (${holding.map((c) => c.name).join(', ')}).`,
        {
          code: 'AMBIGUOUS_NODE',
          fix: 'Pick the cluster with --cluster NAME.',
        },
      )
    }
  }
  const cur = currentClusterId(store)
  if (cur !== undefined) {
    const c = clusterById(store, cur)
    if (c) return c
  }
  const all = listClusters(store)
  if (all.length === 0) {
    throw new UsageError('There is no cluster yet.', {
      code: 'NO_CLUSTER',
      fix: 'Create one: ucadmin cluster create NAME --version 14SU3 --publisher cucm-pub',
    })
  }
  if (all.length === 1) return all[0]
  throw new UsageError(`There are ${all.length} clusters (${all.map((c) => c.name).join(', ')}) and none is current.`, {
    code: 'AMBIGUOUS_CLUSTER',
    fix: 'Pick one with --cluster NAME, UCADMIN_CLUSTER, or `ucadmin cluster use NAME`.',
  })
}

/** The node a node-scoped command runs on ("logged in to"): --node / UCADMIN_NODE, else the CUCM publisher. */
export function resolveNode(
  store: Store,
  cluster: ClusterRow,
  host?: string,
  opts: {otherClusters?: boolean} = {},
): NodeRow {
  const nodes = listNodes(store, cluster.id)
  if (host === undefined) return nodes.find((n) => n.role === 'publisher')!
  checkHostGiven(host)
  const n = findNode(store, cluster.id, host)
  if (n) return n
  // A session kept in its cluster (SSH) is not told which other cluster holds the host.
  const elsewhere = opts.otherClusters === false ? [] : clustersWithHost(store, host).filter((c) => c.id !== cluster.id)
  if (elsewhere.length > 0) {
    throw new UsageError(
      `Cluster ${cluster.name} has no node ${host}; ${host} is a node of cluster ${elsewhere.map((c) => c.name).join(', ')}.`,
      {
        code: 'UNKNOWN_NODE',
        fix: `Add --cluster ${elsewhere[0].name}, or drop --cluster (a host names its cluster).`,
      },
    )
  }
  const near = suggest(
    host,
    nodes.map((x) => x.host),
  )
  throw new UsageError(`Cluster ${cluster.name} has no node ${host}.`, {
    code: 'UNKNOWN_NODE',
    fix: near.length ? `Did you mean ${near.join(' or ')}?` : `Nodes: ${nodes.map((x) => x.host).join(', ')}.`,
  })
}

export function publisherOf(store: Store, clusterId: number): NodeRow {
  return listNodes(store, clusterId).find((n) => n.role === 'publisher')!
}
