import {loadCatalog} from '../../../../core/catalog.js'

export type ColumnType = 'text' | 'integer' | 'boolean' | 'datetime' | 'uuid'

export interface ColumnDef {
  name: string
  type: ColumnType
  notNull?: boolean
  /** Used when an INSERT leaves the column out; absent means NULL (pkid: a generated UUID). */
  default?: string | number | null
}

export interface TableDef {
  name: string
  description: string
  /** Maintained by ucadmin: run sql may only SELECT it. */
  readOnly?: boolean
  columns: ColumnDef[]
}

/** A row of a CUCM table: column name to value (text, integer, 't'/'f' or null). */
export type CucmRow = Record<string, string | number | null>

/** The CUCM tables `run sql` shows (data/cucmdb.json). */
export function cucmTables(): TableDef[] {
  return loadCatalog<{tables: TableDef[]}>('cucmdb').tables
}

/** A catalogued table by name, any letter case. */
export function findTable(name: string): TableDef | undefined {
  const n = name.toLowerCase()
  return cucmTables().find((t) => t.name === n)
}

const SQL_TYPE: Record<ColumnType, string> = {
  text: 'TEXT',
  integer: 'INTEGER',
  boolean: 'TEXT',
  datetime: 'TEXT',
  uuid: 'TEXT',
}

function literal(v: string | number): string {
  return typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`
}

/**
 * The table as a plain SQLite table (STRICT, so a text in an integer column is refused as Informix would), for the
 * scratch database that checks and runs statements. A left-out pkid calls ucadmin_newid().
 */
export function tableDdl(t: TableDef): string {
  const cols = t.columns.map((c) => {
    const parts = [c.name, SQL_TYPE[c.type]]
    if (c.name === 'pkid') parts.push('PRIMARY KEY')
    if (c.notNull) parts.push('NOT NULL')
    if (c.name === 'pkid') parts.push('DEFAULT (ucadmin_newid())')
    else if (c.default !== undefined && c.default !== null) parts.push(`DEFAULT ${literal(c.default)}`)
    if (c.type === 'boolean') parts.push(`CHECK (${c.name} IN ('t', 'f'))`)
    if (c.type === 'datetime')
      parts.push(`CHECK (${c.name} GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9]')`)
    return parts.join(' ')
  })
  return `CREATE TABLE ${t.name} (${cols.join(', ')}) STRICT`
}

/** A datetime column's text for an instant: 'YYYY-MM-DD HH:MM:SS' (UTC), as Informix prints DATETIME YEAR TO SECOND. */
export function cucmDatetime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ')
}
