import Database from 'better-sqlite3'

import {type CucmRow, type TableDef, cucmTables, tableDdl} from './catalog.js'

/**
 * A private in-memory SQLite database holding only the CUCM tables (empty until rows are loaded). Statements are
 * prepared here first, so SQLite itself checks their syntax, tables and columns without ever seeing ucadmin's own
 * tables; writes run here on a copy of the publisher's rows and the difference is replicated.
 * newId gives the pkid of a row an INSERT adds without one.
 */
export function openScratch(newId: () => string = () => '00000000-0000-0000-0000-000000000000'): Database.Database {
  const db = new Database(':memory:')
  db.function('ucadmin_newid', {deterministic: false}, newId)
  for (const t of cucmTables()) db.exec(tableDdl(t))
  return db
}

/** Loads rows into a scratch table, each under its order as rowid (so changes can be matched to rows). */
export function loadRows(db: Database.Database, t: TableDef, rows: Array<{ord: number; data: CucmRow}>): void {
  const cols = t.columns.map((c) => c.name)
  const ins = db.prepare(
    `INSERT INTO ${t.name}(rowid, ${cols.join(', ')}) VALUES (?, ${cols.map(() => '?').join(', ')})`,
  )
  for (const r of rows)
    ins.run(r.ord, ...t.columns.map((c) => (r.data[c.name] === undefined ? (c.default ?? null) : r.data[c.name])))
}

/** The rows of a scratch table with their rowids, in order. */
export function readRows(db: Database.Database, t: TableDef): Array<{rowid: number; data: CucmRow}> {
  const cols = t.columns.map((c) => c.name)
  return (
    db
      .prepare(`SELECT rowid, ${cols.join(', ')} FROM ${t.name} ORDER BY rowid`)
      .raw(true)
      .all() as unknown[][]
  ).map((r) => ({
    rowid: r[0] as number,
    data: Object.fromEntries(cols.map((c, i) => [c, r[i + 1] as string | number | null])),
  }))
}
