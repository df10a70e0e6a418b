import {type ColumnDef, type CucmRow, type TableDef, cucmDatetime, findTable} from './sql/catalog.js'
import {type ClusterRow, type NodeRow, listNodes, nodeById} from '../../world/cluster/store.js'
import {
  type ReplicaRow,
  copyReplica,
  deleteReplicaRow,
  getReplication,
  nextSeq,
  putReplicaRow,
  replicaRow,
  replicaRows,
  saveReplication,
} from './store.js'
import {getService} from '../../platform/services/store.js'
import type {Store} from '../../../store/store.js'
import type {Clock} from '../../world/clock/clock.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import {stableUuid} from '../../../core/ids.js'
import {isImp, publisherOf} from '../../world/cluster/topology.js'
import {clusterSeed, seededUuid} from '../../world/cluster/seed.js'

/**
 * The CUCM database as `run sql` sees it. Every node (CUCM and IM and Presence) holds its own replica of the tables
 * catalogued in data/cucmdb.json. Writes go to the CUCM publisher, which replicates each change at once to every
 * node that receives: up, with A Cisco DB and A Cisco DB Replicator running, and replication not broken. A node
 * that does not receive keeps its old rows and counts what it missed; it catches up (a full copy of the publisher's
 * replica) as soon as it receives again: `sim fault replication-fix`, or its database services starting (which a
 * node coming back up does).
 */

export {DB_SERVICE, REPLICATOR_SERVICE} from '../../platform/services/names.js'
import {DB_SERVICE, REPLICATOR_SERVICE} from '../../platform/services/names.js'

/** The pkid of processnode's EnterpriseWideData row, as on every CUCM. */
export const ENTERPRISE_WIDE_DATA_PKID = '00000000-1111-0000-0000-000000000000'

const running = (store: Store, node: NodeRow, service: string) => {
  const s = getService(store, node.id, service)
  return !s || s.state === 'STARTED'
}

/** The node's database answers: the node is up and A Cisco DB runs. */
export function dbReachable(store: Store, node: NodeRow): boolean {
  return node.state === 'up' && running(store, node, DB_SERVICE)
}

/** Changes written on the publisher reach this node now. */
export function receives(store: Store, node: NodeRow, publisher: NodeRow): boolean {
  return (
    node.id !== publisher.id &&
    dbReachable(store, node) &&
    running(store, node, REPLICATOR_SERVICE) &&
    !getReplication(store, node.id).broken
  )
}

/** Refuses (exit 1) when the node's database cannot be reached. */
export function requireDb(store: Store, node: NodeRow): void {
  if (node.state !== 'up') {
    throw new FailedError(
      `${node.host} is ${node.state === 'down' ? 'down' : 'shut down'}: its database replica cannot be reached.`,
      {
        code: 'DB_UNREACHABLE',
        fix: `Bring it back with \`ucadmin sim fault node-up ${node.host}\`, or run on another node with --node HOST.`,
      },
    )
  }
  if (!running(store, node, DB_SERVICE)) {
    throw new FailedError(`${DB_SERVICE} is not running on ${node.host}: its database replica cannot be reached.`, {
      code: 'DB_UNREACHABLE',
      fix: `Start it: ucadmin utils service start ${DB_SERVICE} --node ${node.host}`,
    })
  }
}

/** Where a node's rows are read from: its own replica, or the publisher's when it receives but has not copied yet. */
export function readSource(store: Store, node: NodeRow): number {
  const pub = publisherOf(store, node.clusterId)
  return receives(store, node, pub) && getReplication(store, node.id).missed > 0 ? pub.id : node.id
}

export function requireTable(table: string): TableDef {
  const def = findTable(table)
  if (!def) throw new Error(`${table} is not a catalogued CUCM table (data/cucmdb.json)`)
  return def
}

/** A value for a column, checked against its type (booleans become t/f; datetimes accept epoch milliseconds). */
function columnValue(t: TableDef, c: ColumnDef, v: unknown): string | number | null {
  if (v === undefined || v === null) {
    if (c.notNull) throw new Error(`${t.name}.${c.name} cannot be null`)
    return null
  }
  switch (c.type) {
    case 'integer':
      if (!Number.isInteger(v)) throw new Error(`${t.name}.${c.name} takes an integer, not ${JSON.stringify(v)}`)
      return v as number
    case 'boolean':
      if (typeof v === 'boolean') return v ? 't' : 'f'
      if (v !== 't' && v !== 'f') throw new Error(`${t.name}.${c.name} takes t or f, not ${JSON.stringify(v)}`)
      return v
    case 'datetime':
      if (typeof v === 'number') return cucmDatetime(v)
      if (typeof v !== 'string' || !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(v))
        throw new Error(`${t.name}.${c.name} takes 'YYYY-MM-DD HH:MM:SS', not ${JSON.stringify(v)}`)
      return v
    default:
      if (typeof v !== 'string') throw new Error(`${t.name}.${c.name} takes text, not ${JSON.stringify(v)}`)
      return v
  }
}

/** A full row: every catalogued column, in catalogue order, defaults for those not given. */
function completeRow(t: TableDef, values: Record<string, unknown>): CucmRow {
  for (const k of Object.keys(values))
    if (!t.columns.some((c) => c.name === k)) throw new Error(`${t.name} has no column ${k}`)
  return Object.fromEntries(
    t.columns.map((c) => [
      c.name,
      columnValue(t, c, values[c.name] === undefined ? (c.default ?? null) : values[c.name]),
    ]),
  )
}

export interface ReplicationOutcome {
  /** Nodes whose replica now holds the change (the publisher first). */
  replicatedTo: string[]
  /** Nodes that did not receive it: they keep their old rows until they catch up. */
  pending: string[]
}

export interface Change {
  table: string
  put?: ReplicaRow
  deleteOrd?: number
}

/** Applies changes to the publisher's replica and replicates them to every node that receives. */
export function replicate(store: Store, clock: Clock, clusterId: number, changes: Change[]): ReplicationOutcome {
  const pub = publisherOf(store, clusterId)
  const apply = (nodeId: number) => {
    for (const c of changes) {
      if (c.put) putReplicaRow(store, nodeId, c.table, c.put)
      else if (c.deleteOrd !== undefined) deleteReplicaRow(store, nodeId, c.table, c.deleteOrd)
    }
  }
  apply(pub.id)
  const out: ReplicationOutcome = {replicatedTo: [pub.host], pending: []}
  if (changes.length === 0) return out
  for (const n of listNodes(store, clusterId)) {
    if (n.id === pub.id) continue
    const r = getReplication(store, n.id)
    if (receives(store, n, pub)) {
      if (r.missed > 0) copyReplica(store, pub.id, n.id)
      else apply(n.id)
      saveReplication(store, {...r, missed: 0, syncedAt: clock.now()})
      out.replicatedTo.push(n.host)
    } else {
      saveReplication(store, {...r, missed: r.missed + changes.length})
      out.pending.push(n.host)
    }
  }
  return out
}

/**
 * Brings a node up to date with the publisher if it receives and has missed changes. Returns how many changes it
 * caught up with (0 when it was current or still cannot receive).
 */
export function catchUp(store: Store, clock: Clock, node: NodeRow): number {
  const r = getReplication(store, node.id)
  const pub = publisherOf(store, node.clusterId)
  if (r.missed === 0 || !receives(store, node, pub)) return 0
  copyReplica(store, pub.id, node.id)
  saveReplication(store, {...r, missed: 0, syncedAt: clock.now()})
  return r.missed
}

/** Every node of the cluster that can catch up does (after a database service starts somewhere). */
export function catchUpCluster(store: Store, clock: Clock, clusterId: number): void {
  for (const n of listNodes(store, clusterId)) catchUp(store, clock, n)
}

// ---------------------------------------------------------------------------------------------------------------
// The API other features call (no SQL text).

/** A node's replica of a table: its rows, in insertion order. Does not check that the node is up. */
export function readReplica(store: Store, node: NodeRow, table: string): CucmRow[] {
  return replicaRows(store, readSource(store, node), requireTable(table).name).map((r) => r.data)
}

/**
 * Inserts or updates (by pkid) one row on the publisher and replicates it. Columns left out keep their value (or get
 * their default on insert); a missing pkid makes a new row with a generated pkid. Fails (exit 1) when the
 * publisher's database cannot be reached. Returns the row as stored.
 */
export function replicatedUpsert(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  table: string,
  values: Record<string, unknown>,
): CucmRow {
  const pub = publisherOf(store, cluster.id)
  requireDb(store, pub)
  return upsert(store, clock, cluster, requireTable(table), values).data
}

function upsert(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  t: TableDef,
  values: Record<string, unknown>,
): ReplicaRow & ReplicationOutcome {
  const pub = publisherOf(store, cluster.id)
  const existing = typeof values.pkid === 'string' ? replicaRow(store, pub.id, t.name, values.pkid) : undefined
  const ord = existing?.ord ?? nextSeq(store, cluster.id)
  const pkid =
    (values.pkid as string | undefined) ?? stableUuid('cucmdb', cluster.name.toLowerCase(), t.name, String(ord))
  const merged: Record<string, unknown> = {...existing?.data}
  for (const [k, v] of Object.entries(values)) if (v !== undefined) merged[k] = v
  const data = completeRow(t, {...merged, pkid})
  const row = {ord, pkid, data}
  return {...row, ...replicate(store, clock, cluster.id, [{table: t.name, put: row}])}
}

/** Deletes one row (by pkid) on the publisher and replicates the deletion. Returns whether the row existed. */
export function replicatedDelete(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  table: string,
  pkid: string,
): boolean {
  const pub = publisherOf(store, cluster.id)
  requireDb(store, pub)
  const t = requireTable(table)
  const existing = replicaRow(store, pub.id, t.name, pkid)
  if (!existing) return false
  replicate(store, clock, cluster.id, [{table: t.name, deleteOrd: existing.ord}])
  return true
}

/** The cluster's machine account, one row of machineaccountdetails. */
export interface MachineAccount {
  pkid: string
  machineaccountname: string
  orgid: string
  refreshtoken: string
  /** 'YYYY-MM-DD HH:MM:SS' (UTC) or null. */
  refreshtokenexpiry: string | null
  accesstoken: string | null
  accesstokenexpiry: string | null
}

/** The values writeMachineAccount takes: any columns; datetimes also as epoch milliseconds. */
export type MachineAccountValues = Partial<Omit<MachineAccount, 'refreshtokenexpiry' | 'accesstokenexpiry'>> & {
  refreshtokenexpiry?: string | number | null
  accesstokenexpiry?: string | number | null
}

/**
 * Writes the cluster's machine account on the publisher (creating the row on first use, with a pkid stable for the
 * cluster; later calls update the same row) and replicates it to every CUCM and IM and Presence node that receives.
 * Fails (exit 1) when the publisher's database cannot be reached.
 */
export function writeMachineAccount(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  values: MachineAccountValues,
): MachineAccount {
  const pub = publisherOf(store, cluster.id)
  requireDb(store, pub)
  const current = replicaRows(store, pub.id, 'machineaccountdetails')[0]
  const pkid =
    current?.pkid ??
    values.pkid ??
    seededUuid(clusterSeed(store, cluster.id), 'machineaccountdetails', cluster.name.toLowerCase())
  return upsert(store, clock, cluster, requireTable('machineaccountdetails'), {...values, pkid})
    .data as unknown as MachineAccount
}

/** The machine account as this node's replica holds it (possibly stale), or undefined before onboarding. */
export function readMachineAccount(store: Store, node: NodeRow): MachineAccount | undefined {
  return readReplica(store, node, 'machineaccountdetails')[0] as unknown as MachineAccount | undefined
}

/**
 * A new node's part of the database (called when a node is created): the publisher gets the EnterpriseWideData row;
 * any other node starts as a copy of the publisher's replica. Then the node's processnode row is written on the
 * publisher and replicated (the installer writes it, even if the publisher is down).
 */
export function addNodeToDatabase(store: Store, clock: Clock, cluster: ClusterRow, node: NodeRow): void {
  const pub = publisherOf(store, cluster.id)
  const t = requireTable('processnode')
  if (node.id === pub.id) {
    upsert(store, clock, cluster, t, {
      pkid: ENTERPRISE_WIDE_DATA_PKID,
      name: 'EnterpriseWideData',
      systemnode: 't',
      nodeid: 1,
      tknodeusage: 1,
    })
  } else {
    copyReplica(store, pub.id, node.id)
  }
  upsert(store, clock, cluster, t, {
    pkid: node.pkid,
    name: node.host,
    nodeid: node.position + 2,
    tknodeusage: node.role === 'publisher' || node.role === 'imp-publisher' ? 0 : 1,
    tkprocessnoderole: isImp(node) ? 2 : 1,
  })
}

// ---------------------------------------------------------------------------------------------------------------
// Replication state and faults

export interface NodeReplication {
  host: string
  role: NodeRow['role']
  nodeState: NodeRow['state']
  /** A Cisco DB answers. */
  dbRunning: boolean
  replicatorRunning: boolean
  dbMonRunning: boolean
  broken: boolean
  /** Changes not yet received (the replication queue). */
  queue: number
  /** RTMT replication state: 2 good, 3 bad (broken or replicator down), null when the node cannot be reached. */
  rtmtState: 2 | 3 | null
  status: string
}

export function nodeReplication(store: Store, node: NodeRow): NodeReplication {
  const r = getReplication(store, node.id)
  const pub = node.role === 'publisher' ? node : publisherOf(store, node.clusterId)
  const dbRunning = node.state === 'up' && running(store, node, DB_SERVICE)
  const replicatorRunning = node.state === 'up' && running(store, node, REPLICATOR_SERVICE)
  let rtmtState: NodeReplication['rtmtState'] = 2
  let status = 'Setup Completed'
  if (!dbRunning) {
    rtmtState = null
    status = node.state === 'up' ? `${DB_SERVICE} not running` : 'Node not reachable'
  } else if (node.id !== pub.id && r.broken) {
    rtmtState = 3
    status = 'Replication broken'
  } else if (!replicatorRunning) {
    rtmtState = 3
    status = `${REPLICATOR_SERVICE} not running`
  }
  return {
    host: node.host,
    role: node.role,
    nodeState: node.state,
    dbRunning,
    replicatorRunning,
    dbMonRunning: node.state === 'up' && running(store, node, 'Cisco Database Layer Monitor'),
    broken: r.broken,
    queue: r.missed,
    rtmtState,
    status,
  }
}

export function clusterReplication(store: Store, cluster: ClusterRow): NodeReplication[] {
  return listNodes(store, cluster.id).map((n) => nodeReplication(store, n))
}

export interface ReplicationFaultResult {
  node: string
  replication: 'broken' | 'ok'
  /** replication-fix: changes the node received on catching up (0 if it cannot receive yet, e.g. it is down). */
  caughtUp: number
  /** Changes it still has not received. */
  queue: number
}

/** `sim fault replication-break|replication-fix HOST`: stops or restores replication from the publisher to a node. */
export function setReplicationFault(
  store: Store,
  clock: Clock,
  node: NodeRow,
  fault: 'replication-break' | 'replication-fix',
): ReplicationFaultResult {
  if (node.role === 'publisher') {
    throw new UsageError(`${node.host} is the publisher: replication flows from it to the other nodes.`, {
      code: 'PUBLISHER',
      fix: 'Name a subscriber or an IM and Presence node.',
    })
  }
  const broken = fault === 'replication-break'
  const r = getReplication(store, node.id)
  if (r.broken === broken) {
    throw new FailedError(`Replication to ${node.host} is already ${broken ? 'broken' : 'working'}.`, {
      code: 'NO_CHANGE',
      fix: broken ? `Restore it with \`ucadmin sim fault replication-fix ${node.host}\`.` : 'Nothing to do.',
    })
  }
  // A node that could receive is current before it breaks.
  catchUp(store, clock, node)
  const now = getReplication(store, node.id)
  saveReplication(store, {...now, broken, brokenAt: broken ? clock.now() : null})
  const fresh = nodeById(store, node.id)!
  const caughtUp = broken ? 0 : catchUp(store, clock, fresh)
  return {
    node: node.host,
    replication: broken ? 'broken' : 'ok',
    caughtUp,
    queue: getReplication(store, node.id).missed,
  }
}
