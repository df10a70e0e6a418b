import {UsageError} from '../../../../core/errors.js'

export type TokenKind = 'space' | 'comment' | 'string' | 'dquote' | 'ident' | 'number' | 'param' | 'op'

export interface Token {
  kind: TokenKind
  /** The source text of the token. */
  text: string
  /** Offset in the statement. */
  at: number
}

const IDENT_START = /[A-Za-z_\u0080-\uffff]/
const IDENT_PART = /[A-Za-z0-9_$\u0080-\uffff]/
/** A number at lastIndex (sticky: no copy of the rest of the statement per number). */
const NUMBER = /(?:0x[0-9a-f]+|(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?)/iy
const OPS = ['<>', '<=', '>=', '!=', '==', '||', '<<', '>>', '->>', '->']

/**
 * Splits SQL text into tokens (strings, quoted and bare identifiers, numbers, parameters, operators, comments,
 * blanks). Every character belongs to exactly one token, so joining the texts gives the statement back; a rewrite
 * changes tokens, never characters inside strings. An unterminated quote or comment is bad input.
 */
export function tokenize(sql: string): Token[] {
  const out: Token[] = []
  let i = 0
  const push = (kind: TokenKind, end: number) => {
    out.push({kind, text: sql.slice(i, end), at: i})
    i = end
  }
  const closing = (quote: string, from: number, what: string): number => {
    let j = from
    for (;;) {
      const k = sql.indexOf(quote, j)
      if (k < 0) {
        throw new UsageError(
          `The statement has an unterminated ${what} starting at "${sql.slice(from - 1, from + 19)}".`,
          {
            code: 'SQL_SYNTAX',
            fix: `Close the ${what} with ${quote}.`,
          },
        )
      }
      if (quote.length === 1 && sql[k + 1] === quote) j = k + 2
      else return k + quote.length
    }
  }
  while (i < sql.length) {
    const c = sql[i]
    if (/\s/.test(c)) {
      let j = i + 1
      while (j < sql.length && /\s/.test(sql[j])) j++
      push('space', j)
    } else if (c === '-' && sql[i + 1] === '-') {
      const k = sql.indexOf('\n', i)
      push('comment', k < 0 ? sql.length : k)
    } else if (c === '/' && sql[i + 1] === '*') {
      push('comment', closing('*/', i + 2, 'comment'))
    } else if (c === "'") {
      push('string', closing("'", i + 1, 'string'))
    } else if (c === '"') {
      push('dquote', closing('"', i + 1, 'quoted text'))
    } else if (c === '`') {
      push('ident', closing('`', i + 1, 'quoted name'))
    } else if (c === '[') {
      push('ident', closing(']', i + 1, 'quoted name'))
    } else if (/[0-9]/.test(c) || (c === '.' && /[0-9]/.test(sql[i + 1] ?? ''))) {
      NUMBER.lastIndex = i
      const m = NUMBER.exec(sql)!
      push('number', i + m[0].length)
    } else if (c === '?' || ((c === ':' || c === '@' || c === '$') && IDENT_START.test(sql[i + 1] ?? ''))) {
      let j = i + 1
      while (j < sql.length && IDENT_PART.test(sql[j])) j++
      push('param', j)
    } else if (IDENT_START.test(c)) {
      let j = i + 1
      while (j < sql.length && IDENT_PART.test(sql[j])) j++
      push('ident', j)
    } else {
      const op = OPS.find((o) => sql.startsWith(o, i))
      push('op', i + (op?.length ?? 1))
    }
  }
  return out
}

/** Tokens that carry meaning (no blanks or comments). */
export function significant(tokens: Token[]): Token[] {
  return tokens.filter((t) => t.kind !== 'space' && t.kind !== 'comment')
}

/** A bare word in lower case (keywords and unquoted names), else undefined. */
export function word(t: Token | undefined): string | undefined {
  return t?.kind === 'ident' && IDENT_START.test(t.text[0]) ? t.text.toLowerCase() : undefined
}

/** The name an identifier token denotes: bare words in lower case, quoted names without their quotes. */
export function identName(t: Token): string {
  if (t.text.startsWith('`') || t.text.startsWith('[')) return t.text.slice(1, -1)
  return t.text.toLowerCase()
}

export function render(tokens: Token[]): string {
  return tokens.map((t) => t.text).join('')
}
