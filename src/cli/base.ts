import {Args, Command, Flags} from '@oclif/core'
import {readdirSync} from 'node:fs'
import {pathToFileURL} from 'node:url'

import {UsageError} from '../core/errors.js'
import type {Input} from '../command/handler.js'
import {systemStreams} from '../command/io.js'
import {currentRun} from './oclif-context.js'
import {
  type ArgDef,
  type CommandSpec,
  type FlagDef,
  type IntegerBounds,
  globbedError,
  helpFix,
  parseInput,
  parseRawWords,
} from '../run/parse.js'
import {runHandler} from '../run/runner.js'
import {POLICY_FIELDS, type CommandPolicy, type Refusal} from '../run/fast.js'

/** Flags every command has. */
export const jsonFlag = {
  json: Flags.boolean({description: 'Print the result as one JSON document on stdout.', helpGroup: 'GLOBAL'}),
}

/** Flags of commands that act on a cluster: --cluster NAME, or --node HOST naming the cluster that holds it. */
export const clusterFlags = {
  ...jsonFlag,
  cluster: Flags.string({
    description: 'Cluster to act on [env: UCADMIN_CLUSTER] (default: the current one, else the only one).',
    helpGroup: 'GLOBAL',
  }),
  node: Flags.string({
    description: 'Act on the cluster that holds this node [env: UCADMIN_NODE] (host names are unique across clusters).',
    helpGroup: 'GLOBAL',
  }),
}

/** Flags of commands that act on one node, as if logged in to its admin: CLI. */
export const nodeFlags = {
  ...clusterFlags,
  node: Flags.string({
    description: 'Node to run on [env: UCADMIN_NODE] (default: the CUCM publisher).',
    helpGroup: 'GLOBAL',
  }),
}

export const yesFlag = {
  yes: Flags.boolean({char: 'y', description: 'Do not ask for confirmation.'}),
}

/**
 * The base of every ucadmin command. A command class only declares its interface (flags, args, help) and names its
 * body (`static handler = body('<feature>/<file>', 'export')`, see src/run/bodies.ts); parsing is oclif's, the body runs through the
 * shared runner, which the fast path and the shell also use.
 */
export abstract class UcCommand extends Command {
  static handler: string
  static baseFlags = jsonFlag

  // Policy (see CommandPolicy in src/run/fast.ts): written into the manifest by the build, read by every door.
  /** Instead of a handler: a long-running command (`path#export` under src), see src/cli/session.ts. */
  static session?: string
  /** Acts on the state file as a whole: the lean fast path (src/run/lean.ts). */
  static lean?: boolean
  /** Take the positional words verbatim, as `run sql` needs (see parseWords); only the command's long flags count. */
  static rawWords = false
  static refusedOverSsh?: Refusal
  static refusedInSession?: Refusal
  static changesClusters?: string
  static clusterArg?: string
  static allClustersFlag?: string
  static serviceWords?: number
  static filePager?: boolean
  static sshFlagMax?: Record<string, number>
  static ownLab?: {arg?: string}
  static fileFlags?: string[]
  static completes?: CommandPolicy['completes']

  async run(): Promise<void> {
    const ctor = this.constructor as typeof UcCommand
    const spec = specOf(ctor, this.id)
    let input: Input
    if (ctor.rawWords) {
      input = parseRawWords(spec.flags, this.argv, {fix: helpFix(spec.id)})
      const globbed = globbedError(input.argv, readdirSync('.'))
      if (globbed) throw globbed
    } else {
      try {
        const {flags, args, argv} = await this.parse(ctor)
        input = {flags, args: args as Record<string, string | undefined>, argv: argv as string[]}
      } catch (error) {
        // oclif refused the input: say why in the one parser's words (the fast path and the shell say the same).
        try {
          parseInput(spec, this.argv)
        } catch (ours) {
          if (ours instanceof UsageError) throw ours
        }
        throw error
      }
    }
    // Run through runArgv (always, from bin/run.js and bin/dev.js): that run's streams, environment and exit code.
    // Loaded by oclif some other way (oclif readme, a plugin): the process's own.
    const run = currentRun()
    const io = run?.io ?? systemStreams()
    const env = run?.env ?? process.env
    let code: number
    if (ctor.session) {
      const {runSession} = await import('./session.js')
      code = await runSession(ctor.session, input, {io, env, root: pathToFileURL(this.config.root + '/')})
    } else {
      code = await runHandler(ctor.handler, input, {io, env})
    }
    if (run) run.code = code
    else if (code) process.exitCode = code
  }
}

const INTEGER_FLAG_PARSE = Flags.integer().parse
const INTEGER_ARG_PARSE = Args.integer().parse

type AnyDef = {parse?: unknown; min?: number; max?: number}
const bounds = (d: AnyDef): IntegerBounds | undefined =>
  d.parse === INTEGER_FLAG_PARSE || d.parse === INTEGER_ARG_PARSE
    ? {...(d.min === undefined ? {} : {min: d.min}), ...(d.max === undefined ? {} : {max: d.max})}
    : undefined

/**
 * What the one parser needs of a command class: its flags and args as the manifest holds them, with the bounds of
 * integer flags and args (Flags.integer({min, max}), Args.integer), which the build (src/cli/manifest.ts) also
 * writes into the manifests for the fast path.
 */
export function specOf(ctor: typeof Command, id = ctor.id ?? ''): CommandSpec {
  const flags: Record<string, FlagDef> = {}
  for (const [name, f] of Object.entries({...ctor.baseFlags, ...ctor.flags} as Record<string, FlagDef & AnyDef>)) {
    const integer = bounds(f)
    flags[name] = {
      name,
      type: f.type,
      ...(f.char ? {char: f.char} : {}),
      ...(f.multiple ? {multiple: true} : {}),
      ...(f.options ? {options: f.options} : {}),
      ...(f.default !== undefined ? {default: f.default} : {}),
      ...(f.required ? {required: true} : {}),
      ...(f.allowNo ? {allowNo: true} : {}),
      ...(f.exclusive?.length ? {exclusive: f.exclusive} : {}),
      ...(integer ? {integer} : {}),
    }
  }
  const args: Record<string, ArgDef> = {}
  for (const [name, a] of Object.entries((ctor.args ?? {}) as Record<string, ArgDef & AnyDef>)) {
    const integer = bounds(a)
    args[name] = {
      name,
      ...(a.required ? {required: true} : {}),
      ...(a.description ? {description: a.description} : {}),
      ...(a.options ? {options: a.options} : {}),
      ...(a.default !== undefined ? {default: a.default} : {}),
      ...(integer ? {integer} : {}),
    }
  }
  return {id, strict: ctor.strict, flags, args}
}

/** A command class's policy fields, as the build writes them into the manifest (scripts/manifest.mjs). */
export function policyOf(ctor: typeof UcCommand): CommandPolicy {
  const out: Record<string, unknown> = {}
  for (const k of POLICY_FIELDS) if (ctor[k] !== undefined && ctor[k] !== false) out[k] = ctor[k]
  return out as CommandPolicy
}

/** Snapshots act on the whole shared state file: `state ...` is refused over SSH. */
export const snapshotsNotOverSsh = (words: string): Refusal => ({
  message: 'Snapshots act on the whole shared state file, so they are not available over SSH.',
  fix: `Run \`ucadmin ${words}\` on the server's system shell.`,
})

/** The trainer's view of a tenants folder reads the server's files: `tenants ...` is refused over SSH. */
export const tenantsNotOverSsh = (words: string): Refusal => ({
  message: 'Tenants are managed on the server, not over SSH.',
  fix: `Run \`ucadmin ${words} --dir DIR\` on the server's system shell.`,
})

/** Accounts are managed on the server: `account ...` is refused over SSH. */
export const accountsNotOverSsh = (words: string): Refusal => ({
  message: 'Accounts are managed on the server, not over SSH.',
  fix: `Run \`ucadmin ${words}\` on the server's system shell.`,
})
