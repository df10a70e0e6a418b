import type {Env} from '../command/handler.js'
import {systemStreams, type IOStreams} from '../command/io.js'

const OCLIF_WORDS = new Set(['help', 'version', 'autocomplete', 'commands', 'plugins'])

const wantsHelp = (argv: string[]) => argv.includes('--help') || argv.includes('-h')

/** The leading words name a topic (`utils service`): oclif lists its commands. */
function namesTopic(manifest: {commands: Record<string, unknown>}, argv: string[]): boolean {
  const words = argv
    .filter((a) => !a.startsWith('-'))
    .join(':')
    .toLowerCase()
  return Object.keys(manifest.commands).some((id) => id.toLowerCase().startsWith(`${words}:`))
}

export interface MainOptions {
  root: URL
  /** bin/dev.js: TypeScript sources through oclif, no fast path. */
  development?: boolean
  io?: IOStreams
  env?: Env
}

export interface RunArgvOptions {
  root: URL
  io: IOStreams
  env: Env
  /** bin/dev.js: TypeScript sources through oclif, no fast path. */
  development?: boolean
}

/**
 * The process entry point: a thin wrapper over runArgv on the process's own streams and environment, which sets
 * process.exitCode from what runArgv returns.
 */
export async function main(argv: string[], opts: MainOptions): Promise<void> {
  const env = opts.env ?? process.env
  const io = opts.io ?? systemStreams(env, {quietPipes: true})
  const code = await runArgv(argv, {root: opts.root, io, env, development: opts.development})
  if (code) process.exitCode = code
}

/**
 * Runs one command line exactly as the process does, on the streams and environment handed in, and returns its exit
 * code; never sets process.exitCode and never exits, so tests and harnesses run many commands in one process. The
 * fast path serves every well-formed command without loading oclif (start-up is most of a command's cost); help,
 * completion, unknown commands and malformed input go to oclif.
 */
export async function runArgv(argv: string[], opts: RunArgvOptions): Promise<number> {
  const {io, env} = opts
  if (!opts.development && env.UCADMIN_FAST !== '0' && argv.length > 0) {
    const {readFastManifest, matchCommand, parseInput} = await import('../run/fast.js')
    const manifest = readFastManifest(opts.root)
    const match = manifest && matchCommand(manifest, argv)
    const runnable = match && (match.command.handler || match.command.session)
    const input = runnable ? parseInput(match.command, match.rest) : undefined
    if (input instanceof Error) {
      // Bad input, refused by the one parser in the words oclif's path uses too (see src/run/parse.ts).
      const {reportError} = await import('../run/runner.js')
      return reportError(input, {io, env, json: argv.includes('--json')})
    }
    if (match && input && match.command.session) {
      const {runSession} = await import('./session.js')
      return runSession(match.command.session, input, {io, env, root: opts.root})
    }
    if (match?.command.handler && input && match.command.lean) {
      const {runLean} = await import('../run/lean.js')
      return runLean(match.command.handler, input, {io, env})
    }
    if (match?.command.handler && input) {
      const {runHandler} = await import('../run/runner.js')
      return runHandler(match.command.handler, input, {io, env})
    }
    // An unknown command from a script: one line and exit 2. On a terminal, plugin-not-found offers to run the
    // nearest command instead.
    if (
      manifest &&
      !match &&
      !io.stdinIsTTY &&
      !OCLIF_WORDS.has(argv[0]) &&
      !argv[0].startsWith('-') &&
      !wantsHelp(argv) &&
      !namesTopic(manifest, argv)
    ) {
      const {unknownCommand} = await import('../run/fast.js')
      const {reportError} = await import('../run/runner.js')
      return reportError(unknownCommand(manifest, argv), {io, env, json: argv.includes('--json')})
    }
    // `help WORDS` for words that name no command or topic: the same suggestions as for the words themselves.
    const asked = argv.slice(1).filter((a) => !a.startsWith('-'))
    if (
      manifest &&
      argv[0] === 'help' &&
      asked.length > 0 &&
      !matchCommand(manifest, asked) &&
      !namesTopic(manifest, asked) &&
      !OCLIF_WORDS.has(asked[0])
    ) {
      const {unknownCommand} = await import('../run/fast.js')
      const {reportError} = await import('../run/runner.js')
      return reportError(unknownCommand(manifest, asked), {io, env, json: argv.includes('--json')})
    }
  }
  const {runOclif} = await import('./oclif-run.js')
  return runOclif(argv, opts)
}
