import type Database from 'better-sqlite3'

import {UsageError} from '../../../../core/errors.js'
import {suggest} from '../../../../core/ids.js'
import {cucmTables, findTable} from './catalog.js'
import {type Token, identName, render, significant, tokenize, word} from './lexer.js'

export type StatementKind = 'select' | 'insert' | 'update' | 'delete'

/** A statement that passed every check, ready to run on a replica. */
export interface CheckedStatement {
  kind: StatementKind
  /** The statement as SQLite runs it (Informix forms such as FIRST n rewritten). */
  sql: string
  /** The catalogued tables it reads or writes. */
  tables: string[]
  /** The table an INSERT, UPDATE or DELETE writes. */
  target?: string
  /** SELECT: the result's column names, lower-case as Informix prints them. */
  columns: string[]
}

export interface CheckOptions {
  /** The pkids of a table's rows (on the publisher), to show a complete corrected UPDATE in a hint. */
  pkids?(table: string): string[]
}

const STATEMENTS = ['select', 'insert', 'update', 'delete']

/** First words of statements run sql refuses, with the name to show. */
const REFUSED = new Set([
  'create',
  'drop',
  'alter',
  'pragma',
  'attach',
  'detach',
  'vacuum',
  'reindex',
  'analyze',
  'begin',
  'commit',
  'rollback',
  'end',
  'savepoint',
  'release',
  'explain',
  'replace',
  'grant',
  'revoke',
  'truncate',
  'rename',
  'load',
  'unload',
  'lock',
  'unlock',
  'set',
  'execute',
  'call',
  'values',
  'upsert',
  'merge',
])

/** SQL functions a statement may call: plain scalar and aggregate functions (nothing that reads files, time or chance). */
const FUNCTIONS = new Set([
  'abs',
  'coalesce',
  'ifnull',
  'iif',
  'instr',
  'length',
  'lower',
  'ltrim',
  'nullif',
  'printf',
  'format',
  'replace',
  'round',
  'rtrim',
  'sign',
  'substr',
  'substring',
  'trim',
  'typeof',
  'upper',
  'hex',
  'quote',
  'char',
  'unicode',
  'concat',
  'concat_ws',
  'avg',
  'count',
  'group_concat',
  'string_agg',
  'max',
  'min',
  'sum',
  'total',
  'exists',
  'like',
  'glob',
])

/** Quotes a statement for a POSIX shell (the form a hint shows). */
export function shellQuote(s: string): string {
  if (!/["$`\\!]/.test(s)) return `"${s}"`
  return `'${s.replaceAll("'", `'\\''`)}'`
}

const command = (statement: string) => `ucadmin run sql ${shellQuote(statement)}`
const runHint = (statement: string) => `Run: ${command(statement)}`
const tableNames = () => cucmTables().map((t) => t.name)
const squash = (s: string) => s.toLowerCase().replaceAll('_', '').replace(/\s+/g, '')

function bad(message: string, fix: string, code = 'SQL_REFUSED'): UsageError {
  return new UsageError(message, {code, fix})
}

/** The end offset of a token. */
const end = (t: Token) => t.at + t.text.length

/** The text with the span of tokens a..b (inclusive) replaced. */
function splice(text: string, a: Token, b: Token, by: string): string {
  return text.slice(0, a.at) + by + text.slice(end(b))
}

/** Drops trailing semicolons (and what follows them: blanks, comments); refuses several statements. */
function singleStatement(text: string): string {
  let toks = tokenize(text)
  for (;;) {
    const sig = significant(toks)
    const last = sig.at(-1)
    if (!last || last.text !== ';') break
    toks = toks.slice(0, toks.indexOf(last))
  }
  const n = significant(toks).filter((t) => t.kind === 'op' && t.text === ';').length
  if (n > 0) {
    throw bad(
      `run sql runs one statement at a time; this text holds ${n + 1}.`,
      'Run each statement with its own `ucadmin run sql`; nothing was changed.',
    )
  }
  return render(toks).trim()
}

/** "machine account details" after FROM, INTO, UPDATE or JOIN: the words of a table name typed apart. */
function splitTableName(text: string): {text: string; words: string; table: string} | undefined {
  const sig = significant(tokenize(text))
  for (let k = 0; k < sig.length; k++) {
    if (!['from', 'join', 'update', 'into'].includes(word(sig[k]) ?? '')) continue
    for (let len = Math.min(6, sig.length - k - 1); len >= 2; len--) {
      const run = sig.slice(k + 1, k + 1 + len)
      if (!run.every((t) => word(t))) continue
      const table = tableNames().find((n) => squash(n) === squash(run.map((t) => t.text).join('')))
      if (table) return {text: splice(text, run[0], run.at(-1)!, table), words: run.map((t) => t.text).join(' '), table}
    }
  }
  return undefined
}

/** The first word decides: one of the four statements, a refused kind, a typo, or a query missing its SELECT. */
function checkFirstWord(text: string): void {
  const sig = significant(tokenize(text))
  const first = sig[0]
  const w = word(first)
  if (w && STATEMENTS.includes(w)) return
  if (w === 'with') {
    throw bad(
      "WITH queries are not supported (CUCM's Informix has none); nothing was run.",
      'Write it with a subquery, e.g. select * from (select ...) t.',
    )
  }
  if (w && REFUSED.has(w)) {
    throw bad(
      `run sql runs one SELECT, INSERT, UPDATE or DELETE on the CUCM tables; ${w.toUpperCase()} statements are refused (nothing was changed).`,
      `Query a table instead, e.g. ${command('select * from machineaccountdetails')}`,
    )
  }
  const near = w ? suggest(w, STATEMENTS, 1) : []
  if (w && near.length > 0 && w.length > 2) {
    let fixed = splice(text, first, first, near[0])
    fixed = splitTableName(fixed)?.text ?? fixed
    throw bad(
      `"${first.text}" is not a SQL statement keyword.`,
      `Did you mean ${near[0]}? ${runHint(fixed)}`,
      'SQL_SYNTAX',
    )
  }
  const hasFrom = sig.some((t) => word(t) === 'from')
  if ((first.kind === 'op' && first.text === '*') || (first.kind === 'ident' && hasFrom)) {
    const split = splitTableName(`select ${text}`)
    const fixed = split?.text ?? `select ${text}`
    const also = split ? `, and "${split.words}" is the table ${split.table} (one word)` : ''
    throw bad(`"${text}" is missing the SELECT keyword${also}.`, runHint(fixed), 'SQL_SYNTAX')
  }
  throw bad(
    `"${first.text}" does not start a SQL statement.`,
    `Start with SELECT, INSERT, UPDATE or DELETE, e.g. ${command('select * from machineaccountdetails')}`,
    'SQL_SYNTAX',
  )
}

/** Names SQLite would resolve to its own internals (catalogue, pragmas, table-valued functions). */
function checkInternalNames(text: string): void {
  for (const t of significant(tokenize(text))) {
    if (t.kind !== 'ident') continue
    const n = identName(t).toLowerCase()
    if (
      n.startsWith('sqlite_') ||
      n.startsWith('pragma_') ||
      n.startsWith('ucadmin_') ||
      n === 'json_each' ||
      n === 'json_tree' ||
      n === 'dbstat'
    ) {
      throw bad(
        `${n} is internal to the database engine; run sql shows only the CUCM tables (${tableNames().join(', ')}).`,
        'Nothing was run.',
      )
    }
    if (n === 'rowid' || n === 'oid' || n === '_rowid_') {
      throw bad(
        `${n} is not a column of the CUCM tables.`,
        'Rows are identified by their pkid column.',
        'SQL_UNKNOWN_COLUMN',
      )
    }
  }
}

/**
 * Informix forms CUCM users type, rewritten for SQLite: `select [skip m] first n ...` (also `limit n`) becomes a
 * LIMIT/OFFSET at the end of that SELECT; `unique` after select means DISTINCT; "double-quoted" text is a string
 * literal (Informix without DELIMIDENT); nvl() is ifnull().
 */
export function informixToSqlite(text: string): string {
  const toks = tokenize(text).map((t) => ({...t}))
  const sigIdx = toks.map((t, i) => (t.kind === 'space' || t.kind === 'comment' ? -1 : i)).filter((i) => i >= 0)
  const rank = new Map(sigIdx.map((pos, k) => [pos, k]))
  const next = (pos: number) => sigIdx[rank.get(pos)! + 1]
  const inserts = new Map<number, string>()
  for (const i of sigIdx) {
    const t = toks[i]
    if (t.kind === 'dquote') {
      t.kind = 'string'
      t.text = `'${t.text.slice(1, -1).replaceAll('""', '"').replaceAll("'", "''")}'`
    } else if (word(t) === 'nvl' && toks[next(i)]?.text === '(') {
      t.text = 'ifnull'
    }
  }
  for (const i of sigIdx) {
    if (word(toks[i]) !== 'select') continue
    let skip: string | undefined
    let first: string | undefined
    let p = next(i)
    for (let round = 0; round < 2 && p !== undefined; round++) {
      const w = word(toks[p])
      const n = next(p)
      if (n === undefined || toks[n].kind !== 'number') break
      if (w === 'skip' && skip === undefined) skip = toks[n].text
      else if ((w === 'first' || w === 'limit') && first === undefined) first = toks[n].text
      else break
      for (const k of [p, n]) {
        toks[k].text = ''
        if (toks[k + 1]?.kind === 'space') toks[k + 1].text = ''
      }
      p = next(n)
    }
    if (p !== undefined && word(toks[p]) === 'unique') {
      const after = next(p)
      if (after !== undefined && word(toks[after]) !== 'from' && toks[after].text !== ',') toks[p].text = 'distinct'
    }
    if (skip === undefined && first === undefined) continue
    // The end of this SELECT: the parenthesis that closes it, or the end of the statement.
    let depth = 0
    let stop = toks.length
    for (let j = i + 1; j < toks.length; j++) {
      if (toks[j].kind !== 'op') continue
      if (toks[j].text === '(') depth++
      else if (toks[j].text === ')' && --depth < 0) {
        stop = j
        break
      }
    }
    inserts.set(stop, `${inserts.get(stop) ?? ''} LIMIT ${first ?? -1}${skip === undefined ? '' : ` OFFSET ${skip}`}`)
  }
  let out = ''
  for (let j = 0; j <= toks.length; j++) {
    if (inserts.has(j)) {
      // After a -- comment, the clause goes on a line of its own.
      const before = toks
        .slice(0, j)
        .filter((t) => t.kind !== 'space')
        .at(-1)
      out =
        out.replace(/\s+$/, '') +
        (before?.kind === 'comment' && before.text.startsWith('--') ? '\n' : '') +
        inserts.get(j)!
    }
    if (j < toks.length) out += toks[j].text
  }
  return out
}

/** The assignments of an UPDATE whose value is not valid SQL on its own: the guide's unquoted token. */
function unquotedValue(scratch: Database.Database, text: string, opts: CheckOptions): UsageError | undefined {
  const toks = tokenize(text)
  const sig = significant(toks)
  if (word(sig[0]) !== 'update') return undefined
  const table = findTable(sig[1] ? identName(sig[1]) : '')
  const setAt = sig.findIndex((t) => word(t) === 'set')
  if (!table || setAt < 0) return undefined
  let depth = 0
  let whereAt = sig.length
  const commas: number[] = []
  for (let k = setAt + 1; k < sig.length; k++) {
    const t = sig[k]
    if (t.text === '(') depth++
    else if (t.text === ')') depth--
    else if (depth === 0 && t.text === ',') commas.push(k)
    else if (depth === 0 && word(t) === 'where') {
      whereAt = k
      break
    }
  }
  const bounds = [setAt, ...commas, whereAt]
  for (let a = 0; a + 1 < bounds.length; a++) {
    const part = sig.slice(bounds[a] + 1, bounds[a + 1])
    const eq = part.findIndex((t) => t.text === '=' || t.text === '==')
    if (eq < 1 || eq === part.length - 1) continue
    const column = identName(part[0])
    const raw = text.slice(part[eq + 1].at, end(part.at(-1)!))
    let valid = true
    try {
      scratch.prepare(`SELECT ${informixToSqlite(raw)} FROM ${table.name}`)
    } catch {
      valid = false
    }
    if (valid) continue
    const placeholder = raw.startsWith('<') && raw.endsWith('>')
    const value = placeholder ? 'TOKEN' : raw.replaceAll("'", "''")
    let fixed = `${text.slice(0, part[eq + 1].at)}'${value}'${text.slice(end(part.at(-1)!))}`
    const pkids = whereAt < sig.length ? [] : (opts.pkids?.(table.name) ?? [])
    if (whereAt === sig.length) fixed = `${fixed.trimEnd()} where pkid='${pkids.length === 1 ? pkids[0] : '<pkid>'}'`
    const why = placeholder
      ? `"${raw}" is the guide's placeholder: put the refresh token itself in its place, as a quoted string literal.`
      : `The value of ${column} is not valid SQL unquoted: a token with characters such as - . or = must be a string literal in single quotes.`
    const pkHint =
      whereAt === sig.length && pkids.length !== 1
        ? ` (find the pkid with: ucadmin run sql "select pkid from ${table.name}")`
        : ''
    return bad(why, `${runHint(fixed)}${pkHint}`, 'SQL_UNQUOTED_VALUE')
  }
  return undefined
}

/** The tables a statement's words name (for column suggestions). */
function namedTables(text: string): string[] {
  const names = new Set(
    significant(tokenize(text))
      .filter((t) => t.kind === 'ident')
      .map((t) => identName(t).toLowerCase()),
  )
  return tableNames().filter((n) => names.has(n))
}

/** Replaces every identifier token naming `from` (any case) with `to`. */
function renameIdent(text: string, from: string, to: string): string {
  const toks = tokenize(text)
  return toks
    .map((t) => (t.kind === 'ident' && identName(t).toLowerCase() === from.toLowerCase() ? to : t.text))
    .join('')
}

/** Turns SQLite's prepare error into one line that says what is wrong and the exact fix. */
function explain(scratch: Database.Database, text: string, error: Error, opts: CheckOptions): UsageError {
  const unquoted = unquotedValue(scratch, text, opts)
  if (unquoted) return unquoted
  const msg = error.message
  let m = /^no such table: (?:\w+\.)?(.+)$/.exec(msg)
  if (m) {
    const name = m[1]
    const all = tableNames()
    const near = all.filter((n) => squash(n) === squash(name))
    const list = near.length ? near : suggest(name, all)
    const fix =
      list.length === 1
        ? `Did you mean ${list[0]}? ${runHint(renameIdent(text, name, list[0]))}`
        : list.length
          ? `Did you mean ${list.join(' or ')}?`
          : `The CUCM tables are ${all.join(', ')}.`
    return bad(`The specified table (${name}) is not in the database.`, fix, 'SQL_UNKNOWN_TABLE')
  }
  m = /^no such column: (.+)$/.exec(msg) ?? /^table \S+ has no column named (.+)$/.exec(msg)
  if (m) {
    const name = m[1].split('.').at(-1)!
    const tables = namedTables(text)
    const columns = [...new Set(tables.flatMap((t) => findTable(t)!.columns.map((c) => c.name)))]
    const near = suggest(name, columns)
    if (tables.length === 0) {
      return bad(
        `Column (${name}) not found: the statement names no CUCM table.`,
        `Name one after FROM (${tableNames().join(', ')}); text values go in single quotes.`,
        'SQL_UNKNOWN_COLUMN',
      )
    }
    const where = tables.join(', ')
    const fix =
      near.length === 1
        ? `Did you mean ${near[0]}? ${runHint(renameIdent(text, name, near[0]))}`
        : near.length
          ? `Did you mean ${near.join(' or ')}?`
          : `Columns of ${where}: ${columns.join(', ')}. Text values go in single quotes.`
    return bad(`Column (${name}) not found in any table in the query (${where}).`, fix, 'SQL_UNKNOWN_COLUMN')
  }
  m = /^no such function: (.+)$/.exec(msg)
  if (m)
    return bad(
      `${m[1]}() is not a function run sql offers.`,
      `Use plain functions such as ${[...FUNCTIONS].slice(0, 8).join(', ')}.`,
      'SQL_FUNCTION',
    )
  m = /near "(.*)": syntax error/.exec(msg)
  if (m)
    return bad(
      `A syntax error has occurred near "${m[1]}".`,
      `Check the statement, e.g. ${command('select * from machineaccountdetails')}`,
      'SQL_SYNTAX',
    )
  if (/incomplete input/.test(msg))
    return bad(
      'A syntax error has occurred: the statement ends too early.',
      `Complete it, e.g. ${command('select * from machineaccountdetails')}`,
      'SQL_SYNTAX',
    )
  return bad(
    `The statement is not valid: ${msg}.`,
    'Check it against the table columns (ucadmin run sql "select * from TABLE").',
    'SQL_INVALID',
  )
}

/** What SQLite's own compiled program says a statement does (EXPLAIN, on the scratch database). */
interface PlanFacts {
  /** Catalogued tables the program opens (read or write). */
  tables: string[]
  /** Functions it calls, lower case (aggregates and window functions too). */
  functions: string[]
  /** It opens a virtual table (a table-valued function, dbstat, json_each...). */
  virtual: boolean
}

const FUNCTION_OPS = new Set([
  'Function',
  'PureFunc',
  'Function0',
  'PureFunc0',
  'AggStep',
  'AggStep1',
  'AggFinal',
  'AggValue',
  'AggInverse',
])

/**
 * SQLite's compiled program of the statement: every table it opens (by root page, so names, aliases and views make
 * no difference), every function it calls and any virtual table. Linear in the statement's size.
 */
function planFacts(scratch: Database.Database, sql: string): PlanFacts {
  const roots = new Map<number, string>()
  for (const r of scratch
    .prepare("SELECT tbl_name AS t, rootpage AS p FROM sqlite_schema WHERE type IN ('table', 'index')")
    .all() as Array<{t: string; p: number}>)
    roots.set(r.p, r.t)
  const facts: PlanFacts = {tables: [], functions: [], virtual: false}
  const tables = new Set<string>()
  const functions = new Set<string>()
  for (const op of scratch.prepare(`EXPLAIN ${sql}`).all() as Array<{opcode: string; p2: number; p4: unknown}>) {
    if (op.opcode === 'OpenRead' || op.opcode === 'OpenWrite') {
      const t = roots.get(op.p2)
      tables.add(t ?? `#${op.p2}`)
    } else if (op.opcode.startsWith('V') && op.opcode !== 'Variable') {
      facts.virtual = true
    } else if (FUNCTION_OPS.has(op.opcode) && typeof op.p4 === 'string') {
      functions.add(op.p4.replace(/\(-?\d+\)$/, '').toLowerCase())
    }
  }
  facts.tables = [...tables]
  facts.functions = [...functions]
  return facts
}

/** Clauses the tokens show: WITH (anywhere, also in a subquery), RETURNING, a schema-qualified name. */
function clauseChecks(sig: Token[]): void {
  for (const [k, t] of sig.entries()) {
    const w = word(t)
    if (w === 'with')
      throw bad("WITH queries are not supported (CUCM's Informix has none).", 'Write it with a subquery.')
    if (w === 'returning')
      throw bad("RETURNING is not supported (CUCM's Informix has none).", 'Run a SELECT after the change instead.')
    if (t.kind === 'ident' && sig[k + 1]?.text === '.' && sig[k + 2]?.kind === 'ident' && sig[k - 1]?.text !== '.') {
      const schema = identName(t).toLowerCase()
      if (schema === 'main' || schema === 'temp' || schema === 'temporary') {
        throw bad(
          `Schema-qualified names such as ${schema}.${identName(sig[k + 2])} are refused.`,
          `Name the CUCM table alone, e.g. ${identName(sig[k + 2])}.`,
        )
      }
    }
  }
}

/** How often each catalogued table is referenced (a name not used as a column qualifier such as `t.name`). */
export function tableReferences(text: string): Map<string, number> {
  const refs = new Map<string, number>()
  walkReferences(significant(tokenize(text)), (n) => refs.set(n, (refs.get(n) ?? 0) + 1))
  return refs
}

function walkReferences(
  sig: Token[],
  onRef: (table: string) => void,
  onOpen?: (select: boolean) => void,
  onClose?: () => void,
): void {
  const names = new Set(tableNames())
  for (const [k, t] of sig.entries()) {
    if (t.kind === 'op' && t.text === '(') onOpen?.(word(sig[k + 1]) === 'select')
    else if (t.kind === 'op' && t.text === ')') onClose?.()
    if (t.kind !== 'ident') continue
    const n = identName(t).toLowerCase()
    if (!names.has(n) || sig[k + 1]?.text === '.' || sig[k - 1]?.text === '.') continue
    onRef(n)
  }
}

/**
 * An upper bound of the rows a statement's nested loops may combine: in each SELECT the product of its table
 * references' rows (a join multiplies), times one plus the work of the subqueries inside it (a correlated subquery
 * runs once per row of its SELECT; sibling subqueries add up).
 */
export function workBound(text: string, rowCount: (table: string) => number): number {
  interface Scope {
    product: number
    subs: number
  }
  const root: Scope = {product: 1, subs: 0}
  const scopes: Scope[] = [root]
  const parens: boolean[] = []
  const close = (s: Scope) => s.product * (1 + s.subs)
  walkReferences(
    significant(tokenize(text)),
    (n) => (scopes.at(-1)!.product *= Math.max(1, rowCount(n))),
    (select) => {
      parens.push(select)
      if (select) scopes.push({product: 1, subs: 0})
    },
    () => {
      if (parens.pop() && scopes.length > 1) {
        const s = scopes.pop()!
        scopes.at(-1)!.subs += close(s)
      }
    },
  )
  while (scopes.length > 1) {
    const s = scopes.pop()!
    scopes.at(-1)!.subs += close(s)
  }
  return close(root)
}

/**
 * Checks one statement typed at `run sql` and prepares it for SQLite. Accepted: exactly one SELECT, INSERT, UPDATE
 * or DELETE on the catalogued CUCM tables, calling only plain functions. SQLite itself prepares it against the scratch
 * database (which holds only the CUCM tables), and its compiled program (EXPLAIN) must agree: every table it opens
 * catalogued, no virtual table, no other function; the tokens show no WITH, RETURNING, INSERT OR or schema name.
 * Anything else is bad input (exit 2) with a one-line fix; the guide's known mistakes get the exact corrected
 * statement. Every step is linear in the statement's length.
 */
export function checkStatement(scratch: Database.Database, input: string, opts: CheckOptions = {}): CheckedStatement {
  if (!input.trim()) {
    throw bad('No statement given.', `Give one, e.g. ${command('select * from machineaccountdetails')}`, 'SQL_EMPTY')
  }
  const text = singleStatement(input)
  if (!text)
    throw bad(
      'No statement given (only a semicolon or a comment).',
      `Give one, e.g. ${command('select * from machineaccountdetails')}`,
      'SQL_EMPTY',
    )
  checkFirstWord(text)
  const split = splitTableName(text)
  if (split) {
    throw bad(
      `There is no table "${split.words}": the table is ${split.table}, one word.`,
      runHint(split.text),
      'SQL_UNKNOWN_TABLE',
    )
  }
  checkInternalNames(text)
  const sig = significant(tokenize(text))
  const param = sig.find((t) => t.kind === 'param')
  if (param)
    throw bad(
      `Parameters such as ${param.text} are not supported.`,
      'Write the values into the statement; text goes in single quotes.',
    )
  if (['insert', 'update'].includes(word(sig[0])!) && word(sig[1]) === 'or') {
    throw bad(
      `${sig[0].text.toUpperCase()} OR ... is not supported (CUCM's Informix has none).`,
      `Use a plain ${sig[0].text.toUpperCase()}.`,
    )
  }

  const sql = informixToSqlite(text)
  let stmt: Database.Statement
  try {
    stmt = scratch.prepare(sql)
  } catch (error) {
    if ((error as Error).name === 'RangeError')
      throw bad(
        'run sql runs one statement at a time.',
        'Run each statement with its own `ucadmin run sql`; nothing was changed.',
      )
    throw explain(scratch, text, error as Error, opts)
  }

  const kind = word(sig[0]) as StatementKind
  clauseChecks(sig)
  const facts = planFacts(scratch, sql)
  if (facts.virtual)
    throw bad(
      `run sql reads only the CUCM tables (${tableNames().join(', ')}); this statement uses another kind of table.`,
      'Nothing was run.',
    )
  const tables = new Set<string>()
  for (const t of facts.tables) {
    const def = findTable(t)
    if (!def)
      throw bad(
        `The specified table (${t}) is not in the database.`,
        `The CUCM tables are ${tableNames().join(', ')}.`,
        'SQL_UNKNOWN_TABLE',
      )
    tables.add(def.name)
  }
  // Tables the program did not need to open (e.g. a subquery the planner dropped) are still named by the text.
  for (const t of tableReferences(text).keys()) tables.add(t)
  const fn = facts.functions.find((f) => !FUNCTIONS.has(f) && !(kind === 'insert' && f === 'ucadmin_newid'))
  if (fn)
    throw bad(
      `${fn}() is not a function run sql offers.`,
      `Use plain functions such as ${[...FUNCTIONS].slice(0, 8).join(', ')}.`,
      'SQL_FUNCTION',
    )

  const reads = kind === 'select'
  if (stmt.reader !== reads || (reads && !stmt.readonly))
    throw bad(
      'ucadmin cannot tell what this statement changes, so it was not run.',
      'Write a plain SELECT, INSERT, UPDATE or DELETE.',
    )
  let target: string | undefined
  if (!reads) {
    target = findTable(identName(sig[word(sig[0]) === 'update' ? 1 : 2]))?.name
    if (!target)
      throw bad(
        'ucadmin cannot tell which table this statement writes.',
        'Name the table right after INSERT INTO, UPDATE or DELETE FROM.',
      )
    if (findTable(target)!.readOnly) {
      throw bad(
        `${target} is maintained by ucadmin (cluster create, cluster add-node); run sql may only read it.`,
        `Query it instead, e.g. ${command(`select * from ${target}`)}`,
        'SQL_READ_ONLY',
      )
    }
  }
  const columns = reads ? stmt.columns().map((c) => c.name.toLowerCase()) : []
  return {kind, sql, tables: [...tables], target, columns}
}
