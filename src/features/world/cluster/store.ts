import type {Store} from '../../../store/store.js'

export type NodeRole = 'publisher' | 'subscriber' | 'imp-publisher' | 'imp-subscriber'
export type NodeState = 'up' | 'down' | 'shutdown'
export type Licensing = 'smart' | 'plm' | 'slr' | 'none'

export interface ClusterRow {
  id: number
  name: string
  version: string
  licensing: Licensing
  createdAt: number
}

export interface NodeRow {
  id: number
  clusterId: number
  host: string
  role: NodeRole
  state: NodeState
  dnsConfigured: boolean
  pkid: string
  position: number
  bootedAt: number
}

const CLUSTER_COLS = 'id, name, version, licensing, created_at AS createdAt'
const NODE_COLS =
  'id, cluster_id AS clusterId, host, role, state, dns_configured AS dnsConfigured, pkid, position, booted_at AS bootedAt'

function toNode(row: (Omit<NodeRow, 'dnsConfigured'> & {dnsConfigured: number}) | undefined): NodeRow | undefined {
  return row ? {...row, dnsConfigured: row.dnsConfigured === 1} : undefined
}

export function listClusters(store: Store): ClusterRow[] {
  return store.sql<ClusterRow>(`SELECT ${CLUSTER_COLS} FROM clusters ORDER BY name`).all()
}

export function findCluster(store: Store, name: string): ClusterRow | undefined {
  return store.sql<ClusterRow>(`SELECT ${CLUSTER_COLS} FROM clusters WHERE name = ?`).get(name)
}

export function clusterById(store: Store, id: number): ClusterRow | undefined {
  return store.sql<ClusterRow>(`SELECT ${CLUSTER_COLS} FROM clusters WHERE id = ?`).get(id)
}

export function insertCluster(store: Store, c: Omit<ClusterRow, 'id'>): number {
  return Number(
    store
      .sql('INSERT INTO clusters(name, version, licensing, created_at) VALUES (?, ?, ?, ?)')
      .run(c.name, c.version, c.licensing, c.createdAt).lastInsertRowid,
  )
}

export function updateClusterVersion(store: Store, id: number, version: string): void {
  store.sql('UPDATE clusters SET version = ? WHERE id = ?').run(version, id)
}

export function updateClusterLicensing(store: Store, id: number, licensing: Licensing): void {
  store.sql('UPDATE clusters SET licensing = ? WHERE id = ?').run(licensing, id)
}

export function deleteCluster(store: Store, id: number): void {
  store.sql('DELETE FROM clusters WHERE id = ?').run(id)
}

export function listNodes(store: Store, clusterId: number): NodeRow[] {
  return store
    .sql<Parameters<typeof toNode>[0]>(`SELECT ${NODE_COLS} FROM nodes WHERE cluster_id = ? ORDER BY position`)
    .all(clusterId)
    .map((r) => toNode(r)!)
}

export function findNode(store: Store, clusterId: number, host: string): NodeRow | undefined {
  return toNode(
    store
      .sql<Parameters<typeof toNode>[0]>(`SELECT ${NODE_COLS} FROM nodes WHERE cluster_id = ? AND host = ?`)
      .get(clusterId, host),
  )
}

export function nodeById(store: Store, id: number): NodeRow | undefined {
  return toNode(store.sql<Parameters<typeof toNode>[0]>(`SELECT ${NODE_COLS} FROM nodes WHERE id = ?`).get(id))
}

/** Clusters holding a node of that host name (a host may exist in several clusters of one store). */
export function clustersWithHost(store: Store, host: string): ClusterRow[] {
  return store
    .sql<ClusterRow>(
      'SELECT c.id, c.name, c.version, c.licensing, c.created_at AS createdAt FROM clusters c JOIN nodes n ON n.cluster_id = c.id WHERE n.host = ? ORDER BY c.name',
    )
    .all(host)
}

/** The cluster holding a host name, in any letter case (host names are unique across the clusters of a state file). */
export function clusterHoldingHost(store: Store, host: string): {cluster: string; host: string} | undefined {
  return store
    .sql<{cluster: string; host: string}>(
      'SELECT c.name AS cluster, n.host FROM clusters c JOIN nodes n ON n.cluster_id = c.id WHERE lower(n.host) = lower(?) LIMIT 1',
    )
    .get(host)
}

export function insertNode(store: Store, n: Omit<NodeRow, 'id'>): number {
  return Number(
    store
      .sql(
        'INSERT INTO nodes(cluster_id, host, role, state, dns_configured, pkid, position, created_at, booted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(n.clusterId, n.host, n.role, n.state, n.dnsConfigured ? 1 : 0, n.pkid, n.position, n.bootedAt, n.bootedAt)
      .lastInsertRowid,
  )
}

export function setNodeState(store: Store, nodeId: number, state: NodeState, bootedAt?: number): void {
  if (bootedAt === undefined) store.sql('UPDATE nodes SET state = ? WHERE id = ?').run(state, nodeId)
  else store.sql('UPDATE nodes SET state = ?, booted_at = ? WHERE id = ?').run(state, bootedAt, nodeId)
}

export function setNodeDns(store: Store, nodeId: number, configured: boolean): void {
  store.sql('UPDATE nodes SET dns_configured = ? WHERE id = ?').run(configured ? 1 : 0, nodeId)
}

export function setReachability(store: Store, nodeId: number, cloudHost: string, reachable: boolean): void {
  store
    .sql(
      'INSERT INTO cloud_reachability(node_id, cloud_host, reachable) VALUES (?, ?, ?) ON CONFLICT(node_id, cloud_host) DO UPDATE SET reachable = excluded.reachable',
    )
    .run(nodeId, cloudHost, reachable ? 1 : 0)
}

export function reachability(store: Store, nodeId: number): Map<string, boolean> {
  const rows = store
    .sql<{cloudHost: string; reachable: number}>(
      'SELECT cloud_host AS cloudHost, reachable FROM cloud_reachability WHERE node_id = ?',
    )
    .all(nodeId)
  return new Map(rows.map((r) => [r.cloudHost, r.reachable === 1]))
}
