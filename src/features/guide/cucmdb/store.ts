import type Database from 'better-sqlite3'

import type {CucmRow, TableDef} from './sql/catalog.js'
import type {Store} from '../../../store/store.js'

/** A row of one node's replica of a CUCM table. */
export interface ReplicaRow {
  /** Insertion order (shared by every replica of the cluster). */
  ord: number
  pkid: string
  data: CucmRow
}

export function replicaRows(store: Store, nodeId: number, table: string): ReplicaRow[] {
  return store
    .sql<{ord: number; pkid: string; data: string}>(
      'SELECT ord, pkid, data FROM cucmdb_rows WHERE node_id = ? AND tbl = ? ORDER BY ord',
    )
    .all(nodeId, table)
    .map((r) => ({ord: r.ord, pkid: r.pkid, data: JSON.parse(r.data) as CucmRow}))
}

export function replicaRow(store: Store, nodeId: number, table: string, pkid: string): ReplicaRow | undefined {
  const r = store
    .sql<{ord: number; pkid: string; data: string}>(
      'SELECT ord, pkid, data FROM cucmdb_rows WHERE node_id = ? AND tbl = ? AND pkid = ?',
    )
    .get(nodeId, table, pkid)
  return r ? {ord: r.ord, pkid: r.pkid, data: JSON.parse(r.data) as CucmRow} : undefined
}

/** Writes a row into a replica, replacing the row of the same order or pkid. */
export function putReplicaRow(store: Store, nodeId: number, table: string, row: ReplicaRow): void {
  store.sql('DELETE FROM cucmdb_rows WHERE node_id = ? AND tbl = ? AND ord = ?').run(nodeId, table, row.ord)
  store.sql('DELETE FROM cucmdb_rows WHERE node_id = ? AND tbl = ? AND pkid = ?').run(nodeId, table, row.pkid)
  store
    .sql('INSERT INTO cucmdb_rows(node_id, tbl, ord, pkid, data) VALUES (?, ?, ?, ?, ?)')
    .run(nodeId, table, row.ord, row.pkid, JSON.stringify(row.data))
}

export function deleteReplicaRow(store: Store, nodeId: number, table: string, ord: number): void {
  store.sql('DELETE FROM cucmdb_rows WHERE node_id = ? AND tbl = ? AND ord = ?').run(nodeId, table, ord)
}

/** Makes one replica an exact copy of another (every table): a node catching up with the publisher. */
export function copyReplica(store: Store, fromNodeId: number, toNodeId: number): void {
  store.sql('DELETE FROM cucmdb_rows WHERE node_id = ?').run(toNodeId)
  store
    .sql(
      'INSERT INTO cucmdb_rows(node_id, tbl, ord, pkid, data) SELECT ?, tbl, ord, pkid, data FROM cucmdb_rows WHERE node_id = ?',
    )
    .run(toNodeId, fromNodeId)
}

/** The cluster's next sequence number (row order, generated pkids). */
export function nextSeq(store: Store, clusterId: number): number {
  return store
    .sql<{seq: number}>(
      'INSERT INTO cucmdb_seq(cluster_id, seq) VALUES (?, 1) ON CONFLICT(cluster_id) DO UPDATE SET seq = seq + 1 RETURNING seq',
    )
    .get(clusterId)!.seq
}

export interface ReplicationRow {
  nodeId: number
  /** `sim fault replication-break`. */
  broken: boolean
  brokenAt: number | null
  /** Changes written on the publisher that this node has not received. */
  missed: number
  /** When it last received a change or caught up. */
  syncedAt: number | null
}

export function getReplication(store: Store, nodeId: number): ReplicationRow {
  const r = store
    .sql<{broken: number; brokenAt: number | null; missed: number; syncedAt: number | null}>(
      'SELECT broken, broken_at AS brokenAt, missed, synced_at AS syncedAt FROM cucmdb_replication WHERE node_id = ?',
    )
    .get(nodeId)
  return r ? {nodeId, ...r, broken: r.broken === 1} : {nodeId, broken: false, brokenAt: null, missed: 0, syncedAt: null}
}

export function saveReplication(store: Store, r: ReplicationRow): void {
  store
    .sql(
      `INSERT INTO cucmdb_replication(node_id, broken, broken_at, missed, synced_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(node_id) DO UPDATE SET broken = excluded.broken, broken_at = excluded.broken_at, missed = excluded.missed, synced_at = excluded.synced_at`,
    )
    .run(r.nodeId, r.broken ? 1 : 0, r.brokenAt, r.missed, r.syncedAt)
}

/**
 * A checked SELECT on one node's replica. Each catalogued table the statement names becomes a common table
 * expression of that name over the node's rows (in insertion order), so the statement runs unchanged and SQLite
 * streams its result. Not cached: statements typed by users would fill the store's statement cache.
 */
/** How many rows a table has on a replica. */
export function replicaRowCount(store: Store, nodeId: number, table: string): number {
  return store
    .sql<{n: number}>('SELECT count(*) AS n FROM cucmdb_rows WHERE node_id = ? AND tbl = ?')
    .get(nodeId, table)!.n
}

/** A SELECT over a replica: each CUCM table a view of its rows (ucadmin_tick() counts every row read, see run sql's time limit). */
export function prepareReplicaSelect(
  store: Store,
  nodeId: number,
  tables: TableDef[],
  sql: string,
): Database.Statement {
  const ctes = tables.map((t) => {
    const cols = t.columns.map((c) => (c.name === 'pkid' ? 'pkid' : `data ->> '$.${c.name}'`))
    return `${t.name}(${t.columns.map((c) => c.name).join(', ')}) AS (SELECT ${cols.join(', ')} FROM cucmdb_rows WHERE node_id = ${Number(nodeId)} AND tbl = '${t.name}' AND ucadmin_tick() ORDER BY ord)`
  })
  return store.db.prepare(ctes.length ? `WITH ${ctes.join(', ')} ${sql}` : sql).raw(true)
}
