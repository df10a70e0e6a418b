import type Database from 'better-sqlite3'

import {loadRows, openScratch, readRows} from './sql/scratch.js'
import {checkStatement, tableReferences, workBound} from './sql/statement.js'
import {
  type Budget,
  DEFAULT_TIME_LIMIT_MS,
  checkResultValue,
  checkStatementSize,
  checkWork,
  checkWrittenRow,
  isTimeUp,
  overBudget,
  step,
  tick,
  timeLimitError,
} from './sql/limits.js'
import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import {nextSeq, prepareReplicaSelect, replicaRowCount, replicaRows} from './store.js'
import type {Store} from '../../../store/store.js'
import type {Clock} from '../../world/clock/clock.js'
import {type Change, type ReplicationOutcome, readSource, replicate, requireDb, requireTable} from './cucmdb.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import {stableUuid} from '../../../core/ids.js'
import {isImp, publisherOf} from '../../world/cluster/topology.js'

/**
 * `run sql`: statements typed by users, checked (sql/statement.ts) and run on a node's replica. Kept apart from
 * the replication core (cucmdb.ts) so that commands which never run SQL text do not load the checker.
 */

/** A SELECT ready to read: the rows are read when printed, in a snapshot, as often as the printer needs. */
export interface SelectCursor {
  columns: string[]
  /** Runs the query again and iterates its rows (arrays in column order). */
  rows(): IterableIterator<unknown[]>
}

export type SqlOutcome =
  {kind: 'select'; cursor: SelectCursor} | ({kind: 'write'; rowCount: number} & ReplicationOutcome)

export {MAX_STATEMENT as MAX_STATEMENT_BYTES, STATEMENT_FIX} from './sql/limits.js'

/**
 * A query's rows, read within the statement's time limit (the time SQLite works, not the time output waits);
 * 64-bit integers come as BigInt so they print exactly; a value too long to show fails the command, as does an
 * error while reading (e.g. an integer overflow in sum()): exit 1.
 */
function* rowsOf(stmt: Database.Statement, columns: string[], limitMs: number): IterableIterator<unknown[]> {
  const budget: Budget = {limitMs, spent: 0, start: 0}
  stmt.safeIntegers(true)
  let it: Iterator<unknown[]> | undefined
  try {
    it = step(budget, () => stmt.iterate() as Iterator<unknown[]>)
    for (;;) {
      const r = step(budget, () => it!.next())
      if (r.done) return
      if (overBudget(budget)) throw timeLimitError(limitMs)
      for (const [i, v] of r.value.entries()) checkResultValue(v, columns[i] ?? '?')
      yield r.value
    }
  } catch (error) {
    if (error instanceof FailedError) throw error
    if (isTimeUp(error)) throw timeLimitError(limitMs)
    throw new FailedError(`The query failed: ${(error as Error).message}.`, {
      code: 'SQL_FAILED',
      fix: 'Change the query; nothing was changed.',
    })
  } finally {
    it?.return?.()
  }
}

const ticking = new WeakSet<Database.Database>()

/** Registers ucadmin_tick() (the replica views call it for every row read) on the store's connection, once. */
function withTick(store: Store): void {
  if (ticking.has(store.db)) return
  store.db.function('ucadmin_tick', {deterministic: false}, tick)
  ticking.add(store.db)
}

export interface SqlOptions {
  /** How long the statement may run inside SQLite (ms). */
  timeLimitMs: number
}

function constraintError(e: Error & {code?: string}): UsageError {
  const m = e.message
  let why = `The database refused the change: ${m}.`
  let r = /^UNIQUE constraint failed: (\w+)\.(\w+)/.exec(m)
  if (r) why = `${r[1]} already has a row with that ${r[2]}.`
  else if ((r = /^NOT NULL constraint failed: (\w+)\.(\w+)/.exec(m))) why = `${r[1]}.${r[2]} cannot be NULL.`
  else if ((r = /^CHECK constraint failed: (\w+)/.exec(m)))
    why = `A value for ${r[1]} has the wrong form (booleans are 't' or 'f'; datetimes 'YYYY-MM-DD HH:MM:SS').`
  else if ((r = /^cannot store (\w+) value in (\w+) column (\w+)\.(\w+)/.exec(m)))
    why = `${r[3]}.${r[4]} is ${r[2]}: it cannot hold a ${r[1]} value.`
  return new UsageError(why, {code: 'SQL_CONSTRAINT', fix: 'Nothing was changed; correct the values and run it again.'})
}

/** Runs a checked write on a scratch copy of the publisher's rows and replicates the difference. */
function runWrite(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  scratch: Database.Database,
  sql: string,
  tables: string[],
  target: string,
): SqlOutcome {
  const pub = publisherOf(store, cluster.id)
  const before = new Map<number, string>()
  for (const name of tables) {
    const rows = replicaRows(store, pub.id, name)
    loadRows(scratch, requireTable(name), rows)
    if (name === target) for (const r of rows) before.set(r.ord, JSON.stringify(r.data))
  }
  let rowCount: number
  try {
    rowCount = scratch.prepare(sql).run().changes
  } catch (error) {
    const e = error as Error & {code?: string}
    if (e.code?.startsWith('SQLITE_CONSTRAINT') || /^cannot store/.test(e.message)) throw constraintError(e)
    throw new FailedError(`The statement failed: ${e.message}.`, {code: 'SQL_FAILED', fix: 'Nothing was changed.'})
  }
  const t = requireTable(target)
  const changes: Change[] = []
  const seen = new Set<number>()
  for (const r of readRows(scratch, t)) {
    const json = JSON.stringify(r.data)
    if (before.get(r.rowid) !== json) checkWrittenRow(t, r.data)
    if (before.has(r.rowid)) {
      seen.add(r.rowid)
      if (before.get(r.rowid) !== json)
        changes.push({table: t.name, put: {ord: r.rowid, pkid: String(r.data.pkid), data: r.data}})
    } else {
      changes.push({table: t.name, put: {ord: nextSeq(store, cluster.id), pkid: String(r.data.pkid), data: r.data}})
    }
  }
  for (const ord of before.keys()) if (!seen.has(ord)) changes.push({table: t.name, deleteOrd: ord})
  // Deletions first, so a row re-inserted under the same pkid replaces the old one cleanly.
  changes.sort((a, b) => Number(a.deleteOrd === undefined) - Number(b.deleteOrd === undefined))
  return {kind: 'write', rowCount, ...replicate(store, clock, cluster.id, changes)}
}

/**
 * `run sql` on a node: checks the statement (exit 2 when refused), then reads the node's own replica (SELECT) or
 * writes on the publisher and replicates (INSERT, UPDATE, DELETE from a CUCM node). Exit 1 when the node's or the
 * publisher's database cannot be reached, or for a write from an IM and Presence node.
 */
export function runSql(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  node: NodeRow,
  text: string,
  opts: SqlOptions = {timeLimitMs: DEFAULT_TIME_LIMIT_MS},
): SqlOutcome {
  checkStatementSize(text)
  requireDb(store, node)
  const pub = publisherOf(store, cluster.id)
  const scratch = openScratch(() =>
    stableUuid('cucmdb', cluster.name.toLowerCase(), 'insert', String(nextSeq(store, cluster.id))),
  )
  try {
    const checked = checkStatement(scratch, text, {pkids: (t) => replicaRows(store, pub.id, t).map((r) => r.pkid)})
    if (checked.kind === 'select') {
      const source = readSource(store, node)
      const rows = (t: string) => replicaRowCount(store, source, t)
      checkWork(workBound(checked.sql, rows), tableReferences(checked.sql), rows)
      const defs = checked.tables.map((n) => requireTable(n))
      const columns = checked.columns
      withTick(store)
      return {
        kind: 'select',
        cursor: {
          columns,
          rows: () => rowsOf(prepareReplicaSelect(store, source, defs, checked.sql), columns, opts.timeLimitMs),
        },
      }
    }
    const pubRows = (t: string) => replicaRowCount(store, pub.id, t)
    checkWork(workBound(checked.sql, pubRows), tableReferences(checked.sql), pubRows)
    if (isImp(node)) {
      throw new FailedError(
        `${node.host} is an IM and Presence node: its ${checked.target} is a read-only copy replicated from the Unified CM publisher.`,
        {
          code: 'READ_ONLY_REPLICA',
          fix: `Run the statement on a Unified CM node, e.g. with --node ${pub.host}; it replicates to ${node.host}.`,
        },
      )
    }
    if (node.id !== pub.id) requireDb(store, pub)
    return runWrite(store, clock, cluster, scratch, checked.sql, checked.tables, checked.target!)
  } finally {
    scratch.close()
  }
}

/** Reads in one snapshot (a read transaction of its own), so several passes over a result see the same rows. */
export async function inSnapshot<T>(store: Store, fn: () => Promise<T>): Promise<T> {
  if (store.db.inTransaction) return fn()
  store.begin(false)
  try {
    return await fn()
  } finally {
    store.commit()
  }
}
