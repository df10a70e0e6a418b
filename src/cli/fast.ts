import {readFileSync} from 'node:fs'
import {parseArgs, type ParseArgsConfig} from 'node:util'

import {UsageError} from '../core/errors.js'
import {suggest} from '../core/ids.js'
import type {Input} from './handler.js'
import {parseWords, wantsHelp} from './words.js'

interface ManifestFlag {
  name: string
  type: 'boolean' | 'option'
  char?: string
  multiple?: boolean
  options?: string[]
  default?: unknown
  required?: boolean
  allowNo?: boolean
}

export interface ManifestCommand {
  id: string
  handler?: string
  /** A long-running command (shell, SSH server): `path#export` under src, run by runSession instead. */
  session?: string
  strict?: boolean
  /** Acts on the state file as a whole: run by runLean (src/cli/lean.ts). */
  lean?: boolean
  /** Words taken verbatim (see parseWords). */
  rawWords?: boolean
  flags: Record<string, ManifestFlag>
  args: Record<string, {name: string; required?: boolean}>
  aliases?: string[]
}

export interface Manifest {
  commands: Record<string, ManifestCommand>
}

export function readManifest(root: URL): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(new URL('oclif.manifest.json', root), 'utf8')) as Manifest
  } catch {
    return undefined
  }
}

/** node's parseArgs options for a command's manifest flags (with --no-X for flags that allow it). */
export function parseArgsOptions(cmd: ManifestCommand): NonNullable<ParseArgsConfig['options']> {
  const options: NonNullable<ParseArgsConfig['options']> = {}
  for (const f of Object.values(cmd.flags)) {
    options[f.name] = {type: f.type === 'boolean' ? 'boolean' : 'string', multiple: Boolean(f.multiple), ...(f.char ? {short: f.char} : {})}
    if (f.allowNo) options[`no-${f.name}`] = {type: 'boolean'}
  }
  return options
}

/** Words that always go to oclif: help, version, autocomplete and the like. */
const OCLIF_ONLY = new Set(['--help', '-h', 'help', '--version', '-v', 'version', 'autocomplete', 'commands'])

export interface Match {
  command: ManifestCommand
  rest: string[]
  /** The words that named the command. */
  words: string[]
}

/** Finds the command named by the leading words of argv (longest match; command words in any letter case). */
export function matchCommand(manifest: Manifest, argv: string[]): Match | undefined {
  const index = new Map<string, ManifestCommand>()
  for (const c of Object.values(manifest.commands)) {
    index.set(c.id.toLowerCase(), c)
    for (const a of c.aliases ?? []) index.set(a.toLowerCase(), c)
  }
  let best: Match | undefined
  const words: string[] = []
  for (const w of argv) {
    if (w.startsWith('-')) break
    words.push(w)
    const c = index.get(words.join(':').toLowerCase())
    if (c) best = {command: c, rest: argv.slice(words.length), words: [...words]}
  }
  return best
}

/**
 * Parses argv against a command's manifest entry with node's own parser. Returns undefined for anything it does not
 * fully understand (unknown flags, bad option values, missing required input), which then goes to oclif, whose
 * messages and exit codes stay the reference.
 */
export function parseInput(cmd: ManifestCommand, rest: string[]): Input | undefined {
  if (cmd.rawWords) {
    if (wantsHelp(rest)) return undefined
    const input = parseWords(cmd.flags, rest)
    return typeof input === 'string' ? undefined : input
  }
  if (rest.some((a) => OCLIF_ONLY.has(a))) return undefined
  let parsed: {values: Record<string, unknown>; positionals: string[]}
  try {
    parsed = parseArgs({args: rest, options: parseArgsOptions(cmd), strict: true, allowPositionals: true}) as typeof parsed
  } catch {
    return undefined
  }
  const flags: Record<string, unknown> = {}
  for (const f of Object.values(cmd.flags)) {
    let v = parsed.values[f.name]
    if (f.allowNo && parsed.values[`no-${f.name}`] === true) v = false
    if (v === undefined) {
      if (f.required) return undefined
      if (f.default !== undefined && typeof f.default !== 'function') v = f.default
    }
    if (v !== undefined && f.options) {
      const vals = Array.isArray(v) ? v : [v]
      if (!vals.every((x) => f.options!.includes(String(x)))) return undefined
    }
    if (v !== undefined) flags[f.name] = v
  }
  const argDefs = Object.values(cmd.args ?? {})
  const pos = parsed.positionals
  if (cmd.strict !== false && pos.length > argDefs.length) return undefined
  const args: Record<string, string | undefined> = {}
  for (const [i, a] of argDefs.entries()) {
    if (pos[i] === undefined && a.required) return undefined
    args[a.name] = pos[i]
  }
  return {args, argv: pos, flags}
}

/** The error for words that name no command: the nearest commands, if any. */
export function unknownCommand(manifest: Manifest, argv: string[]): UsageError {
  const words = argv.filter((a) => !a.startsWith('-'))
  const ids = Object.keys(manifest.commands).map((id) => id.replaceAll(':', ' '))
  const typed = words.slice(0, 4).join(' ')
  let near = suggest(typed, ids)
  if (near.length === 0) near = ids.filter((id) => id.startsWith(words[0]?.toLowerCase() ?? '\u0000')).slice(0, 5)
  return new UsageError(`"${typed}" is not a ucadmin command.`, {
    code: 'UNKNOWN_COMMAND',
    fix: near.length ? `Did you mean ${near.map((n) => `\`${n}\``).join(' or ')}?` : 'See `ucadmin help`.',
  })
}
