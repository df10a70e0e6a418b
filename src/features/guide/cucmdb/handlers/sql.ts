import {readFileLimited, readStreamLimited} from '../../../../core/read.js'
import {timeLimitMs} from '../sql/limits.js'

import {type Ctx, type Input, handler} from '../../../../command/handler.js'
import {UsageError} from '../../../../core/errors.js'
import {type Token, tokenize} from '../sql/lexer.js'
import {shellQuote} from '../sql/statement.js'
import {MAX_STATEMENT_BYTES, STATEMENT_FIX, type SelectCursor, inSnapshot, runSql as runSqlOnNode} from '../runsql.js'
import {jsonKeys, printCucmTable, printJsonResult, streamWriter} from '../../../../render/sqltable.js'

/** The --json document of `run sql`. */
export interface SqlResult {
  columns: string[]
  rows: Array<Record<string, unknown>>
  rowCount: number
}

/** run() of a SELECT reads nothing yet: printing reads the replica (twice, in one snapshot) through the cursor. */
type RunSqlResult = SqlResult & {cursor?: SelectCursor}

/** What a statement file starts with (after comments): a statement keyword, as `run sql` runs them. */
const SQL_START = /^\s*\(*\s*(select|insert|update|delete|with)\b/i
const LEADING_COMMENTS = /^(\s*(--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/))*/

/** The statement: the words as typed (joined by one space), `-` for stdin, or --file PATH. */
async function statementText(ctx: Ctx, input: Input): Promise<string> {
  const file = input.flags.file as string | undefined
  const words = input.argv
  if (file !== undefined) {
    if (words.length > 0)
      throw new UsageError('Give the statement either as words or with --file, not both.', {
        code: 'SQL_TWO_SOURCES',
        fix: 'Drop the words or the --file flag.',
      })
    let text: string
    try {
      text = readFileLimited(file, MAX_STATEMENT_BYTES, `The statement file ${file}`, STATEMENT_FIX)
    } catch (error) {
      if (error instanceof UsageError) throw error
      throw new UsageError(
        `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
        {code: 'SQL_FILE', fix: 'Give the path of a readable file holding one statement.'},
      )
    }
    // A file that does not start with a statement (a password or key file given by mistake) is refused without
    // quoting any of it: errors about the statement would show its words.
    if (!SQL_START.test(text.replace(LEADING_COMMENTS, ''))) {
      throw new UsageError(
        `${file} does not hold a SQL statement (it does not start with SELECT, INSERT, UPDATE or DELETE); its text is not shown.`,
        {
          code: 'SQL_FILE',
          fix: 'Give the path of a file holding one statement, e.g. select * from machineaccountdetails.',
        },
      )
    }
    return text
  }
  if (words.length === 1 && words[0] === '-')
    return readStreamLimited(ctx.io.in, MAX_STATEMENT_BYTES, 'The statement on stdin', STATEMENT_FIX)
  if (words.length === 0) {
    throw new UsageError('No statement given.', {
      code: 'SQL_EMPTY',
      fix: 'Give one, e.g. ucadmin run sql "select * from machineaccountdetails" (or --file PATH, or - to read stdin).',
    })
  }
  const text = words.join(' ')
  checkFlagComment(ctx, text)
  return text
}

/** The flags of `run sql` (a SQL comment spelling one was meant as the flag). */
const FLAG_WORDS = ['node', 'cluster', 'json', 'file']

/**
 * A statement whose SQL comment holds a flag of the command (`"select ... --node cucm-pub"`, the flag inside the
 * quotes) would run without it, on the wrong node: refused, with the form that works in this door.
 */
function checkFlagComment(ctx: Ctx, text: string): void {
  let tokens: Token[]
  try {
    tokens = tokenize(text)
  } catch {
    return // an unclosed quote is reported by the statement check
  }
  const c = tokens.find(
    (t) => t.kind === 'comment' && new RegExp(`^--\\s*(?:${FLAG_WORDS.join('|')})\\b`, 'i').test(t.text),
  )
  if (!c) return
  const m = /^--\s*([a-z]+)(?:\s*=\s*|\s+)?(\S+)?/i.exec(c.text)!
  const flag = m[1].toLowerCase() === 'json' || !m[2] ? `--${m[1].toLowerCase()}` : `--${m[1].toLowerCase()} ${m[2]}`
  const statement = (text.slice(0, c.at) + text.slice(c.at + c.text.length)).trim()
  const session = ctx.env.UCADMIN_SESSION !== undefined
  throw new UsageError(
    `The statement ends in a SQL comment that spells a flag (${c.text.trim()}): it would be ignored, and the statement would run without it.`,
    {
      code: 'SQL_FLAG_IN_COMMENT',
      fix: session
        ? `Put the flag after the statement, outside any quotes: run sql ${statement} ${flag}`
        : `Put the flag outside the quotes: ucadmin run sql ${shellQuote(statement)} ${flag}`,
    },
  )
}

export const runSql = handler<RunSqlResult>({
  async run(ctx, input) {
    const text = await statementText(ctx, input)
    const outcome = runSqlOnNode(ctx.store, ctx.clock, ctx.cluster(), ctx.node(), text, {
      timeLimitMs: timeLimitMs(ctx.env),
    })
    if (outcome.kind === 'write') return {columns: [], rows: [], rowCount: outcome.rowCount}
    return {columns: jsonKeys(outcome.cursor.columns), rows: [], rowCount: 0, cursor: outcome.cursor}
  },
  async human(ctx, r) {
    const cursor = r.cursor
    if (!cursor) {
      ctx.out.line(`Rows: ${r.rowCount}`)
      return
    }
    const out = streamWriter(ctx.io.out)
    await inSnapshot(ctx.store, () => printCucmTable(cursor.columns, () => cursor.rows(), out.write))
    out.done()
  },
  async json(ctx, r) {
    const cursor = r.cursor
    if (!cursor) {
      ctx.out.line(JSON.stringify({columns: r.columns, rows: r.rows, rowCount: r.rowCount}, null, 2))
      return
    }
    const out = streamWriter(ctx.io.out)
    await inSnapshot(ctx.store, async () => {
      // A first pass surfaces any error before the document starts, so stdout is always one whole JSON document.
      for (const _ of cursor.rows());
      await printJsonResult(cursor.columns, cursor.rows(), out.write)
    })
    out.done()
  },
})
