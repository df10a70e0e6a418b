import {readdirSync, readFileSync} from 'node:fs'

import {UsageError} from '../core/errors.js'
import {suggest} from '../core/ids.js'
import type {Input} from '../command/handler.js'
import {type CommandSpec, globbedError, helpFix, parseInput as parseWith, parseRawWords, wantsHelp} from './parse.js'

/** A refusal a door prints instead of running a command: one line and its fix. */
export interface Refusal {
  message: string
  fix: string
}

/**
 * A command's policy: static fields on its class (src/cli/base.ts), written into the manifest by the build
 * (scripts/manifest.mjs) and read by every door, so no door keeps a list of command ids.
 */
export interface CommandPolicy {
  /** A long-running command (shell, SSH server): `path#export` under src, run by runSession instead of a body. */
  session?: string
  /** Acts on the state file as a whole: run by runLean (src/run/lean.ts). */
  lean?: boolean
  /** Words taken verbatim (see parseRawWords); in a session, the rest of the line is the statement (run sql). */
  rawWords?: boolean
  /** Refused over SSH (`serve ssh`), with why and the fix. */
  refusedOverSsh?: Refusal
  /** Refused inside any session (the admin: shell, SSH), with why and the fix. */
  refusedInSession?: Refusal
  /** Changes which clusters exist or which one is current (`create clusters`): refused in a session pinned to one. */
  changesClusters?: string
  /** The argument that names a cluster (`cluster show NAME`): a pinned session may name only its own. */
  clusterArg?: string
  /** A boolean flag that widens the command to every cluster (`cluster export --all`): refused in a pinned session. */
  allClustersFlag?: string
  /** The words after the command are a service name, after this many other words (completion). */
  serviceWords?: number
  /** In the admin: shell on a terminal, the output goes through CUCM's file pager (`file view`). */
  filePager?: boolean
  /** Over SSH, these integer flags take at most these values (other sessions wait while the command runs). */
  sshFlagMax?: Record<string, number>
  /**
   * Runs over SSH despite refusedOverSsh when the session's state file is its own (a tenant's lab, `serve ssh
   * --tenants`); `arg` names a snapshot, which must then be a NAME, never a PATH (a path names a server file).
   */
  ownLab?: {arg?: string}
  /** Flags whose value is a path on the machine that runs the command: a remote door refuses them. */
  fileFlags?: string[]
  /**
   * What completes an argument (by its name) or a flag's value (`--name`) beyond what their names already say
   * (`--node`, a `host` argument, a `user` argument: src/shell/values.ts).
   */
  completes?: Record<string, ValueKind>
}

/** The kinds of value completion offers from the state file (src/shell/values.ts). */
export type ValueKind =
  | `params:${'enterprise' | 'service' | 'messaging' | 'jabber'}`
  | 'ucServices'
  | 'ucServicesOrNone'
  | 'serviceProfiles'
  | 'customServiceProfiles'
  | 'users'
  /** A name that does not exist yet: nothing to offer. */
  | 'newName'

/** The names of the policy fields, as the build copies them from a class into the manifest. */
export const POLICY_FIELDS = [
  'session',
  'lean',
  'rawWords',
  'refusedOverSsh',
  'refusedInSession',
  'changesClusters',
  'clusterArg',
  'allClustersFlag',
  'serviceWords',
  'filePager',
  'sshFlagMax',
  'ownLab',
  'fileFlags',
  'completes',
] as const satisfies ReadonlyArray<keyof CommandPolicy>

export interface ManifestCommand extends CommandSpec, CommandPolicy {
  handler?: string
  aliases?: string[]
  /** Set by the build (src/cli/manifest.ts) once integer bounds are in the manifest. */
  typed?: boolean
}

export interface Manifest {
  commands: Record<string, ManifestCommand>
}

/**
 * The compact manifest the fast path reads at every start (dist/commands.json, written by the build: ids, flags,
 * args, handlers and policy, a fifth of oclif.manifest.json); oclif's manifest when it is missing.
 */
export function readFastManifest(root: URL): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(new URL('dist/commands.json', root), 'utf8')) as Manifest
  } catch {
    return readManifest(root)
  }
}

/** oclif.manifest.json, with help text (the admin: shell's help and completion read it). */
export function readManifest(root: URL): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(new URL('oclif.manifest.json', root), 'utf8')) as Manifest
  } catch {
    return undefined
  }
}

/** Words that always go to oclif: help, version, autocomplete and the like. */
const OCLIF_ONLY = new Set(['--help', '-h', 'help', '--version', '-v', 'version', 'autocomplete', 'commands'])

export interface Match {
  command: ManifestCommand
  rest: string[]
  /** The words that named the command. */
  words: string[]
}

/** Command ids and aliases, lower case, per manifest: made once (a server matches every line it runs). */
const indexes = new WeakMap<Manifest, Map<string, ManifestCommand>>()
function commandIndex(manifest: Manifest): Map<string, ManifestCommand> {
  let index = indexes.get(manifest)
  if (!index) {
    index = new Map()
    for (const c of Object.values(manifest.commands)) {
      index.set(c.id.toLowerCase(), c)
      for (const a of c.aliases ?? []) index.set(a.toLowerCase(), c)
    }
    indexes.set(manifest, index)
  }
  return index
}

/** Finds the command named by the leading words of argv (longest match; command words in any letter case). */
export function matchCommand(manifest: Manifest, argv: string[]): Match | undefined {
  const index = commandIndex(manifest)
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
 * The input of a matched command from the rest of argv, through the one parser (src/run/parse.ts): an Input, a
 * UsageError for bad input (reported here as oclif reports it: the same words, exit 2), or undefined when oclif
 * should answer (help, version).
 */
export function parseInput(cmd: ManifestCommand, rest: string[]): Input | UsageError | undefined {
  // A manifest without the parser's types (integer bounds) is older than this code: let oclif parse.
  if (!cmd.typed) return undefined
  try {
    if (cmd.rawWords) {
      if (wantsHelp(rest)) return undefined
      const input = parseRawWords(cmd.flags, rest, {fix: helpFix(cmd.id)})
      return globbedError(input.argv, readdirSync('.')) ?? input
    }
    if (wantsHelp(rest) || rest.some((a) => OCLIF_ONLY.has(a))) return undefined
    return parseWith(cmd, rest)
  } catch (error) {
    if (error instanceof UsageError) return error
    throw error
  }
}

/**
 * Argv that oclif cannot place: a command without arguments followed by a word (oclif looks for a command
 * `cluster list extra`). The one parser's refusal, as the fast path prints it.
 */
export function refusal(manifest: Manifest, argv: string[]): UsageError | undefined {
  const match = matchCommand(manifest, argv)
  if (!match || Object.keys(match.command.args ?? {}).length > 0 || !match.rest[0] || match.rest[0].startsWith('-'))
    return undefined
  const r = parseInput({...match.command, typed: true}, match.rest)
  return r instanceof UsageError ? r : undefined
}

/** The error for words that name no command: the nearest commands, if any. */
export function unknownCommand(manifest: Manifest, argv: string[]): UsageError {
  const words = argv.filter((a) => !a.startsWith('-'))
  const ids = Object.keys(manifest.commands).map((id) => id.replaceAll(':', ' '))
  const typed = words.slice(0, 4).join(' ')
  // Words past a topic (`sim message old12 hello`): that topic's commands when there are a few (`sim message send`).
  let near: string[] = []
  for (let k = Math.min(words.length - 1, 3); k >= 1 && near.length === 0; k--) {
    const topic = words.slice(0, k).join(' ').toLowerCase()
    const under = ids.filter((id) => id.startsWith(`${topic} `))
    if (under.length > 0 && under.length <= 5) near = under
  }
  if (near.length === 0) near = suggest(typed, ids)
  if (near.length === 0) near = ids.filter((id) => id.startsWith(words[0]?.toLowerCase() ?? '\u0000')).slice(0, 5)
  // A mistyped topic (`ucadmin utlis`): the nearest topics (`ucadmin TOPIC` lists their commands), or the command
  // the words name with the topic corrected.
  if (near.length === 0 && words.length > 0) {
    const topics = suggest(words[0], [...new Set(ids.map((id) => id.split(' ')[0]))])
    const fixed = topics.map((t) => [t, ...words.slice(1, 4)].join(' ')).filter((n) => ids.includes(n))
    near = fixed.length ? fixed : topics
  }
  return new UsageError(`"${typed}" is not a ucadmin command.`, {
    code: 'UNKNOWN_COMMAND',
    fix: near.length ? `Did you mean ${near.map((n) => `\`${n}\``).join(' or ')}?` : 'See `ucadmin help`.',
  })
}
