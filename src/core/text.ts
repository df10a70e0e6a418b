/**
 * Text that ends up on one line of a terminal or a log: user input shown safely (control characters and terminal
 * escape codes escaped, long input shortened) and secrets redacted. Used by the error line, the SSH server's log,
 * the shell history file and the trace and alarm writers.
 */

/** Characters that move the cursor, end a line or start a terminal escape sequence: C0, DEL, C1, U+2028/9. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g

const NAMED: Record<string, string> = {'\n': '\\n', '\r': '\\r', '\t': '\\t', '\u001b': '\\e'}

/** Control characters as visible escapes (`\n`, `\r`, `\t`, `\e`, `\xHH`, `\uHHHH`); everything else unchanged. */
export function escapeControls(text: string): string {
  return text.replace(
    CONTROL,
    (c) =>
      NAMED[c] ??
      (c.charCodeAt(0) <= 0xff
        ? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`
        : `\\u${c.charCodeAt(0).toString(16)}`),
  )
}

/** Text longer than max characters, cut in the middle: `head ... [N characters] ... tail`. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text
  const keep = Math.max(8, max - 40)
  const head = Math.ceil(keep * 0.75)
  return `${text.slice(0, head)}... [${text.length} characters] ...${text.slice(text.length - (keep - head))}`
}

/** One line, safe to print: control characters escaped, then shortened to max characters. */
export function oneLine(text: string, max = 1000): string {
  return shorten(escapeControls(text), max)
}

export const REDACTED = '<redacted>'

/** Flags whose value is a secret; `--flag VALUE` and `--flag=VALUE`. */
const SECRET_FLAG =
  /(--(?:token|password|refresh-?token|access-?token|id-?token|support-?token|secret)(?:=|\s+))('(?:[^']|'')*'?|"(?:[^"\\]|\\.)*"?|\S+)/gi
/** `refreshtoken = 'value'` (run sql), any quoting; also accesstoken and password columns. */
const SECRET_ASSIGN =
  /(\b(?:refreshtoken|accesstoken|idtoken|password|token)\s*(?:=|:)\s*)('(?:[^']|'')*'?|"(?:[^"\\]|\\.)*"?|[^\s,;)]+)/gi
/** A run of 24 or more token characters with letters and digits mixed: base64, base64url, hex keys, JWT parts. */
const TOKEN_LIKE = /[A-Za-z0-9+/_=.-]{24,}/g
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function tokenLike(s: string): boolean {
  if (UUID.test(s)) return false
  if (/^\/|\/\//.test(s)) return false
  // A path or a long host name is not a token: a token mixes upper case, lower case and digits, or is a run of hex
  // digits (keys, hashes: 32 or more), or of upper case and digits with no word separators.
  if (/[A-Z]/.test(s) && /[a-z]/.test(s) && /\d/.test(s)) return true
  if (/^[0-9a-f]{32,}$/i.test(s) && /\d/.test(s) && /[a-f]/i.test(s)) return true
  return /^[A-Z0-9+/_=]+$/.test(s) && /\d/.test(s) && /[A-Z]/.test(s)
}

/**
 * A command line with its secrets replaced by `<redacted>`: anything after --token, --password (and similar
 * flags), the value assigned to refreshtoken / accesstoken / password, and any token-like word (long runs of
 * base64 characters mixing letters and digits). UUIDs (pkids) stay.
 */
export function redact(text: string): string {
  return text
    .replace(SECRET_FLAG, (_m, flag: string) => `${flag}${REDACTED}`)
    .replace(SECRET_ASSIGN, (_m, lhs: string) => `${lhs}${REDACTED}`)
    .replace(TOKEN_LIKE, (m) => (tokenLike(m) ? REDACTED : m))
}

/**
 * A hint as typed at the admin: prompt of a session (`ucadmin shell`, SSH): a command written for bash
 * (`ucadmin run sql "select * from t"`) loses its `ucadmin` and run sql's statement its bash quotes
 * (`run sql select * from t`). `runnable(words)` says whether the words after `ucadmin` start a command the session
 * runs; others (`ucadmin account add ...`, run on the server's own shell) keep their bash form.
 */
export function sessionForm(text: string, runnable: (words: string[]) => boolean = () => true): string {
  // A sentence that sends you to the system shell ("Run `ucadmin cluster create` on the server's system shell.")
  // keeps its bash form, even when the command itself runs in the session in other forms.
  if (/system shell/.test(text))
    return text
      .split(/((?<=\.) +)/)
      .map((s) => (/system shell/.test(s) || !s.trim() ? s : sessionForm(s, runnable)))
      .join('')
  const sql = /\bucadmin run sql ("(?:[^"\\]|\\.)*"|'(?:[^']|'\\'')*')/g
  const unquoted = text.replace(sql, (m, word: string) =>
    runnable(['run', 'sql']) ? `run sql ${unquoteShellWord(word)}` : m,
  )
  return unquoted.replace(/\bucadmin ([A-Za-z][\w-]*(?: [A-Za-z][\w-]*){0,3})/g, (m, words: string) =>
    runnable(words.split(' ')) ? words : m,
  )
}

/** The text of one whole bash-quoted word (`"select * from t"`, `'a'\''b'`), or undefined when `s` is not one. */
export function unquoteShellWord(s: string): string | undefined {
  const dq = /^"((?:[^"\\]|\\.)*)"$/s.exec(s)
  if (dq) return dq[1].replace(/\\(["\\$`])/g, '$1')
  const sq = /^'((?:[^']|'\\'')*)'$/s.exec(s)
  return sq ? sq[1].replaceAll(`'\\''`, "'") : undefined
}

/** A hint printed by a command body, in the form of where it runs: sessionForm inside a session, else as written. */
export function hintForm(env: Record<string, string | undefined>, text: string): string {
  return env.UCADMIN_SESSION ? sessionForm(text) : text
}
