import {UsageError} from '../core/errors.js'
import {suggest} from '../core/ids.js'
import {checkInteger, type IntegerBounds} from '../core/integers.js'
import type {Input} from '../command/handler.js'

export {checkInteger, type IntegerBounds}

/**
 * The one parser: turns the words after a command (process argv, or a shell line split into words) into the typed
 * Input of its body, or a UsageError, from the command's entry in oclif.manifest.json. The fast path, the admin:
 * shell, SSH sessions and raw-word commands (`run sql`) all parse here; oclif's own parser accepts and refuses the
 * same input (test/process/parity.test.ts runs every command both ways), and when it refuses, UcCommand reports the
 * refusal in these words too, so a bad input reads the same whichever path ran it.
 *
 * The grammar is oclif's: `--name value`, `--name=value`, `-c value` for a flag with a char, `--no-name` for a
 * boolean that allows it, a bare `--` ends the flags; an option flag takes the next word as its value whatever it
 * is; a single-valued option flag may be given once; integer flags and args (`integer` in the manifest, written there by
 * the build, src/cli/manifest.ts, from `Flags.integer({min, max})`) are whole numbers within their bounds and reach the
 * body as numbers.
 */

export interface FlagDef {
  name: string
  type: 'boolean' | 'option'
  char?: string
  multiple?: boolean
  options?: string[]
  default?: unknown
  required?: boolean
  allowNo?: boolean
  /** Flags that may not be given with this one (oclif's `exclusive`). */
  exclusive?: string[]
  /** A whole number within these bounds (Flags.integer). */
  integer?: IntegerBounds
}

export interface ArgDef {
  name: string
  required?: boolean
  description?: string
  options?: string[]
  default?: unknown
  /** A whole number within these bounds (Args.integer). */
  integer?: IntegerBounds
}

/** What the parser needs of a command (its manifest entry). */
export interface CommandSpec {
  id: string
  strict?: boolean
  flags: Record<string, FlagDef>
  args: Record<string, ArgDef>
}

export interface ParseOptions {
  /** The fix printed after every refusal (default: the command's --help). */
  fix?: string
}

/** The fix of a usage error on the command line: the command's help. */
export function helpFix(id: string): string {
  return `See \`ucadmin ${id.replaceAll(':', ' ')} --help\`.`
}

/** How an argument is named in messages: NAME, MINUTES. */
export const argLabel = (a: ArgDef): string => a.name.toUpperCase()

function nearFlags(cmd: CommandSpec, typed: string): string[] {
  const names = Object.values(cmd.flags).flatMap((f) => [`--${f.name}`, ...(f.allowNo ? [`--no-${f.name}`] : [])])
  return suggest(typed.replace(/=.*$/s, ''), names, 2)
}

/**
 * The one flag grammar, shared by the three entry points (argv words, verbatim words, a shell line's raw tail): how
 * a flag takes its value and how each refusal reads, the same whichever door the input came through.
 */
function flagGrammar(bad: (message: string) => UsageError) {
  const given = new Map<string, unknown[]>()
  return {
    given,
    /**
     * A flag as written: `value` is what came with it (`--node=HOST`, `-nHOST`), else undefined; `next` takes the
     * following word when the flag needs a value; `negated` for `--no-FLAG`.
     */
    take(f: FlagDef, value: string | undefined, next: () => string | undefined, negated = false): void {
      const seen = given.get(f.name)
      // oclif refuses a repeated single-valued option (`--node A --node B`); a repeated boolean is just set.
      if (seen && !f.multiple && f.type === 'option') throw bad(`Flag --${f.name} can only be specified once.`)
      if (f.type === 'boolean') {
        if (value !== undefined) throw bad(`Flag --${f.name} takes no value.`)
        given.set(f.name, [!negated])
        return
      }
      const v = value ?? next()
      if (v === undefined) throw bad(`Flag --${f.name} needs a value.`)
      given.set(f.name, [...(seen ?? []), v])
    },
    /** The flags' values: defaults, required flags, options and integer bounds checked. */
    values(defs: FlagDef[]): Record<string, unknown> {
      for (const f of defs) {
        const clash = given.has(f.name) ? (f.exclusive ?? []).filter((x) => given.has(x)) : []
        if (clash.length)
          throw bad(`Flag --${f.name} cannot be combined with ${clash.map((x) => `--${x}`).join(' or ')}.`)
      }
      const flags: Record<string, unknown> = {}
      for (const f of defs) {
        const vals = given.get(f.name)
        if (vals === undefined) {
          if (f.required) throw bad(`Missing required flag --${f.name}.`)
          if (f.default !== undefined && typeof f.default !== 'function') flags[f.name] = f.default
          continue
        }
        const typed = vals.map((v) => {
          if (typeof v !== 'string') return v
          if (f.options && !f.options.includes(v))
            throw bad(`Expected --${f.name}=${v} to be one of: ${f.options.join(', ')}.`)
          if (f.integer) {
            const n = checkInteger(`--${f.name}`, v, f.integer)
            if (typeof n === 'string') throw bad(n)
            return n
          }
          return v
        })
        flags[f.name] = f.multiple ? typed : typed[0]
      }
      return flags
    },
  }
}

/** Parses the words after a command against its manifest entry; throws a UsageError (exit 2) for bad input. */
export function parseInput(cmd: CommandSpec, rest: string[], opts: ParseOptions = {}): Input {
  const fix = opts.fix ?? helpFix(cmd.id)
  const bad = (message: string) => new UsageError(message, {code: 'USAGE', fix})
  const defs = Object.values(cmd.flags)
  const byChar = new Map(defs.filter((f) => f.char).map((f) => [f.char!, f]))
  const grammar = flagGrammar(bad)
  const positionals: string[] = []
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]
    if (a === '--') {
      positionals.push(...rest.slice(i + 1))
      break
    }
    if (a.length < 2 || !a.startsWith('-') || /^-\d/.test(a)) {
      positionals.push(a)
      continue
    }
    let f: FlagDef | undefined
    let value: string | undefined
    let negated = false
    if (a.startsWith('--')) {
      const eq = a.indexOf('=')
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq)
      f = Object.hasOwn(cmd.flags, name) ? cmd.flags[name] : undefined
      if (!f && name.startsWith('no-')) {
        const g = cmd.flags[name.slice(3)]
        if (g?.type === 'boolean' && g.allowNo) {
          f = g
          negated = true
        }
      }
      if (f && eq >= 0) value = a.slice(eq + 1)
    } else {
      f = byChar.get(a[1])
      if (f && a.length > 2) value = a[2] === '=' ? a.slice(3) : a.slice(2)
    }
    if (!f) {
      const near = nearFlags(cmd, a)
      throw bad(`Nonexistent flag: ${a}.${near.length ? ` Did you mean ${near.join(' or ')}?` : ''}`)
    }
    grammar.take(f, value, () => (i + 1 < rest.length ? rest[++i] : undefined), negated)
  }
  const flags = grammar.values(defs)

  const argDefs = Object.values(cmd.args ?? {})
  if (cmd.strict !== false && positionals.length > argDefs.length)
    throw bad(`Unexpected argument: ${positionals[argDefs.length]}.`)
  const args: Record<string, any> = {}
  for (const [i, a] of argDefs.entries()) {
    const v = positionals[i]
    if (v === undefined) {
      if (a.required) throw bad(missingArg(a))
      if (a.default !== undefined && typeof a.default !== 'function') args[a.name] = a.default
      continue
    }
    if (a.options && !a.options.includes(v)) throw bad(`Expected ${v} to be one of: ${a.options.join(', ')}.`)
    if (a.integer) {
      const n = checkInteger(argLabel(a), v, a.integer)
      if (typeof n === 'string') throw bad(n)
      args[a.name] = n
    } else {
      args[a.name] = v
    }
  }
  return {args, argv: positionals, flags}
}

/** One readable line for a missing argument (oclif's spans lines and repeats the help). */
export function missingArg(a: ArgDef): string {
  return `Missing required argument ${argLabel(a)}.`
}

/**
 * The input of a command whose words are taken verbatim (`static rawWords = true`, e.g. `run sql`) from argv: the
 * command's own long flags are recognised anywhere (`--json`, `--node HOST`, `--node=HOST`); every other word is
 * kept as typed, in order, even `-1`, `-` or `--x`; a bare `--` ends the flags and is dropped. SQL never needs a
 * word that is one of the command's flags (`--` starts a comment in SQL).
 */
export function parseRawWords(flagDefs: Record<string, FlagDef>, argv: string[], opts: ParseOptions = {}): Input {
  const bad = (message: string) => new UsageError(message, {code: 'USAGE', fix: opts.fix})
  const grammar = flagGrammar(bad)
  const words: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') {
      words.push(...argv.slice(i + 1))
      break
    }
    const m = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(a)
    const name = m?.[1] ?? ''
    const def = Object.hasOwn(flagDefs, name) ? flagDefs[name] : undefined
    if (!m || !def) {
      words.push(a)
      continue
    }
    grammar.take(def, m[2], () => (i + 1 < argv.length ? argv[++i] : undefined))
  }
  return {args: {statement: words[0]}, argv: words, flags: grammar.values(Object.values(flagDefs))}
}

/**
 * The input of a raw-tail command (run sql) from the rest of a shell line: leading flags of the command (`--node
 * HOST`, `--json`, `--flag=value`; `--` ends them), then leading argument words if it takes several, then the rest
 * of the line verbatim as its last argument. Flags of the command at the end of the line (`--node HOST`, `--json`)
 * are taken as flags too, as on the command line, unless `--` came first or they stand inside a quote.
 */
export function parseRawLine(cmd: CommandSpec, tail: string, opts: ParseOptions = {}): Input {
  const words = cmd.id.replaceAll(':', ' ')
  const bad = (message: string) =>
    new UsageError(message, {code: 'USAGE', fix: opts.fix ?? `Type \`help ${words}\` for details.`})
  const grammar = flagGrammar(bad)
  let rest = tail.trim()
  let ended = false
  for (;;) {
    if (rest === '--' || rest.startsWith('-- ')) {
      rest = rest.slice(2).trim()
      ended = true
      break
    }
    const m = /^(--[A-Za-z][\w-]*|-[A-Za-z])(?:=(\S*))?(?:\s+|$)/.exec(rest)
    if (!m) break
    const name = m[1].replace(/^--?/, '')
    const f = Object.values(cmd.flags).find((x) => (m[1].startsWith('--') ? x.name === name : x.char === name))
    if (!f) break
    rest = rest.slice(m[0].length)
    grammar.take(f, m[2], () => {
      const v = /^(\S+)\s*/.exec(rest)
      if (!v) return undefined
      rest = rest.slice(v[0].length)
      return v[1]
    })
  }
  // Flags of the command at the end of the line count too, as they do on the command line (`run sql update ...
  // --node cucm-pub`): both doors read a line the same way. Not after `--`, nor inside quotes of the statement.
  while (!ended) {
    const t = /(?:^|\s)--([A-Za-z][\w-]*)(?:=(\S*)|\s+([^\s-]\S*))?\s*$/.exec(rest)
    const f = t && Object.hasOwn(cmd.flags, t[1]) ? cmd.flags[t[1]] : undefined
    if (!t || !f) break
    const before = rest.slice(0, t.index)
    if (/(?:^|\s)--(?:\s|$)/.test(before) || (before.split("'").length - 1) % 2 || (before.split('"').length - 1) % 2)
      break
    // `--json WORD`: WORD is not a flag's value; only a trailing boolean is taken.
    if (f.type === 'boolean' && t[3] !== undefined) break
    grammar.take(f, t[2] ?? t[3], () => undefined)
    rest = before.trim()
  }
  const flags = grammar.values(Object.values(cmd.flags))
  const argDefs = Object.values(cmd.args ?? {})
  const lead = Math.max(argDefs.length - 1, 0)
  const pieces: string[] = []
  for (let i = 0; i < lead && rest; i++) {
    const m = /^(\S+)\s*([\s\S]*)$/.exec(rest)!
    pieces.push(m[1])
    rest = m[2]
  }
  if (rest) pieces.push(rest)
  const missing = argDefs.find((a, i) => a.required && pieces[i] === undefined)
  if (missing) throw bad(`\`${words}\` needs ${argLabel(missing)}.`)
  const args: Record<string, string | undefined> = {}
  for (const [i, a] of argDefs.entries()) args[a.name] = pieces[i]
  return {args, argv: pieces, flags}
}

/** --help or -h before any `--`: the command's help is wanted. */
export function wantsHelp(argv: string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false
    if (a === '--help' || a === '-h') return true
  }
  return false
}

/**
 * Bash expands an unquoted `*` into the names in the current folder (`ucadmin run sql select * from t` arrives as
 * `select README.md bin ... from t`). True when the words hold, right after SELECT, exactly that listing.
 */
export function looksGlobbed(words: string[], listing: string[]): boolean {
  const names = listing.filter((n) => !n.startsWith('.'))
  if (names.length === 0) return false
  const sorted = new Set(names)
  for (let i = 0; i < words.length; i++) {
    if (!/^select$/i.test(words[i])) continue
    let j = i + 1
    if (/^distinct$/i.test(words[j] ?? '')) j++
    const run: string[] = []
    while (j < words.length && sorted.has(words[j])) run.push(words[j++])
    if (run.length === names.length) return true
  }
  return false
}

/** The refusal for a statement the shell globbed (see looksGlobbed), if it was. */
export function globbedError(words: string[], listing: string[]): UsageError | undefined {
  if (!looksGlobbed(words, listing)) return undefined
  return new UsageError('Your shell expanded an unquoted * into the names of the files in this folder.', {
    code: 'GLOBBED_STATEMENT',
    fix: `Quote the statement: ucadmin run sql "select * from ...".`,
  })
}
