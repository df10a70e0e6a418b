import {UsageError, FailedError} from '../../../../core/errors.js'
import {type ColumnDef, type CucmRow, type TableDef} from './catalog.js'

/**
 * The bounds of `run sql` (issue 14): how long a statement may be, how much work it may ask for, how long it may
 * run, and how large a value may be written or shown. Each refusal is one line; nothing is changed.
 */

/** The longest statement (characters, or bytes read from a file or stdin): Informix's classic 64 KiB. */
export const MAX_STATEMENT = 64 * 1024
export const STATEMENT_FIX = `Give one statement of at most ${MAX_STATEMENT / 1024} KiB.`

/**
 * The most row combinations a statement may ask for: the product, over every table reference, of that table's
 * rows (a cartesian join of N references multiplies). Above it the statement is refused before it runs.
 */
export const MAX_COMBINATIONS = 10_000_000

/** How long a statement may run inside SQLite, by default (ms); UCADMIN_SQL_TIMEOUT (seconds) changes it. */
export const DEFAULT_TIME_LIMIT_MS = 10_000
/** The default in an SSH session or an HTTPS request (AXL), where a statement holds every other session's commands while it runs. */
export const SSH_TIME_LIMIT_MS = 2_000

/** The longest value a write may store in a column (characters). */
export const MAX_VALUE = 32 * 1024
/** The longest value a query may return (characters). */
export const MAX_RESULT_VALUE = 1024 * 1024

export function checkStatementSize(text: string): void {
  if (text.length > MAX_STATEMENT) {
    throw new UsageError(
      `The statement is ${text.length.toLocaleString('en-US')} characters long; run sql takes at most ${MAX_STATEMENT.toLocaleString('en-US')}.`,
      {
        code: 'SQL_TOO_LONG',
        fix: 'Shorten it (split a large change into several statements); nothing was run.',
      },
    )
  }
}

/** The statement's time limit from the environment: UCADMIN_SQL_TIMEOUT in seconds (fractions allowed). */
export function timeLimitMs(env: Record<string, string | undefined>): number {
  const v = env.UCADMIN_SQL_TIMEOUT
  // Over SSH the commands of every session run one at a time: one statement may hold them for 2 s at most.
  if (v === undefined || v === '')
    return env.UCADMIN_SESSION === 'ssh' || env.UCADMIN_SESSION === 'https' ? SSH_TIME_LIMIT_MS : DEFAULT_TIME_LIMIT_MS
  const n = Number(v)
  if (!Number.isFinite(n) || n <= 0 || n > 86_400) {
    throw new UsageError(
      `UCADMIN_SQL_TIMEOUT must be a number of seconds from 0.001 to 86400, not "${v.slice(0, 40)}".`,
      {code: 'BAD_ENV', fix: 'Unset it for the default of 10 s.'},
    )
  }
  return n * 1000
}

/**
 * Refuses a statement whose nested loops could combine more than MAX_COMBINATIONS rows (work: the bound of
 * workBound, refs: how often each table is named, for the message).
 */
export function checkWork(work: number, refs: Map<string, number>, rowCount: (table: string) => number): void {
  if (work <= MAX_COMBINATIONS) return
  const parts: string[] = []
  for (const [t, n] of refs) {
    const rows = Math.max(1, rowCount(t))
    parts.push(n === 1 ? `${t} (${rows} rows)` : `${t} ${n} times (${rows} rows each)`)
  }
  throw new UsageError(
    `The statement could combine ${work >= 1e15 ? work.toExponential(1) : Math.round(work).toLocaleString('en-US')} rows (${parts.join(', ')}); run sql stops at ${MAX_COMBINATIONS.toLocaleString('en-US')}, so it was not run.`,
    {
      code: 'SQL_TOO_MUCH_WORK',
      fix: 'Name each table fewer times (a join of a table with itself multiplies its rows); nothing was run.',
    },
  )
}

/** The time a query spends inside SQLite, checked by ucadmin_tick() and between rows. */
export interface Budget {
  limitMs: number
  spent: number
  start: number
}

let active: Budget | undefined
let calls = 0
const TIME_UP = 'ucadmin: statement time limit reached'

/** Runs one step of a query against the budget (the clock runs only while SQLite works, not while output waits). */
export function step<T>(budget: Budget, fn: () => T): T {
  budget.start = performance.now()
  active = budget
  try {
    return fn()
  } finally {
    active = undefined
    budget.spent += performance.now() - budget.start
  }
}

/** ucadmin_tick(): called by the replica views for every row SQLite reads; stops the statement past its limit. */
export function tick(): number {
  if (active && (++calls & 63) === 0 && active.spent + (performance.now() - active.start) > active.limitMs)
    throw new Error(TIME_UP)
  return 1
}

export function overBudget(b: Budget): boolean {
  return b.spent > b.limitMs
}

export function isTimeUp(error: unknown): boolean {
  return error instanceof Error && error.message.includes(TIME_UP)
}

export function timeLimitError(limitMs: number): FailedError {
  return new FailedError(
    `The statement ran longer than its limit of ${limitMs / 1000} s and was stopped; nothing was changed.`,
    {
      code: 'SQL_TIMEOUT',
      fix: 'Narrow it with a WHERE clause or fewer joins (UCADMIN_SQL_TIMEOUT=SECONDS raises the limit).',
    },
  )
}

/** Refuses a result value too long to show. */
export function checkResultValue(v: unknown, column: string): void {
  if (typeof v === 'string' && v.length > MAX_RESULT_VALUE) {
    throw new FailedError(
      `A value of column ${column} is ${v.length.toLocaleString('en-US')} characters long; run sql shows at most ${MAX_RESULT_VALUE.toLocaleString('en-US')}.`,
      {
        code: 'SQL_VALUE_TOO_LONG',
        fix: 'Select a part of it, e.g. substr(COLUMN, 1, 1000), or length(COLUMN).',
      },
    )
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A datetime column's text names an instant that exists ('2026-02-30 10:00:00' does not). */
function realDatetime(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text)
  if (!m) return false
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number)
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, s))
  return t.getUTCFullYear() === y && t.getUTCMonth() === mo - 1 && t.getUTCDate() === d && h < 24 && mi < 60 && s < 60
}

function refuse(message: string, fix: string): UsageError {
  return new UsageError(message, {code: 'SQL_CONSTRAINT', fix: `Nothing was changed; ${fix}`})
}

/** Checks a row a write would store: sizes, pkid and other uuid columns, real datetimes, exact integers. */
export function checkWrittenRow(t: TableDef, row: CucmRow): void {
  for (const c of t.columns as ColumnDef[]) {
    const v = row[c.name]
    if (v === null || v === undefined) continue
    if (typeof v === 'string' && v.length > MAX_VALUE) {
      throw refuse(
        `The value for ${t.name}.${c.name} is ${v.length.toLocaleString('en-US')} characters long; a column holds at most ${MAX_VALUE.toLocaleString('en-US')}.`,
        'give a shorter value.',
      )
    }
    if (c.type === 'uuid' && !(typeof v === 'string' && UUID.test(v))) {
      throw refuse(
        `${t.name}.${c.name} must be a UUID such as 8a1b2c3d-0000-4000-8000-000000000001, not ${JSON.stringify(String(v)).slice(0, 60)}.`,
        `leave ${c.name} out of an INSERT to get a new one.`,
      )
    }
    if (c.type === 'datetime' && !(typeof v === 'string' && realDatetime(v))) {
      throw refuse(
        `${t.name}.${c.name} must be a real date and time 'YYYY-MM-DD HH:MM:SS', not ${JSON.stringify(String(v)).slice(0, 40)}.`,
        'give a date that exists, e.g. 2026-02-28 10:00:00.',
      )
    }
    if (typeof v === 'number' && !Number.isSafeInteger(v) && Number.isInteger(v)) {
      throw refuse(
        `The value for ${t.name}.${c.name} is beyond the integers ucadmin stores exactly (±9007199254740991).`,
        'give a smaller number.',
      )
    }
    if (typeof v === 'bigint') {
      throw refuse(
        `The value for ${t.name}.${c.name} (${String(v)}) is beyond the integers ucadmin stores exactly (±9007199254740991).`,
        'give a smaller number.',
      )
    }
  }
}
