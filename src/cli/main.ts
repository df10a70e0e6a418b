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
  const io = opts.io ?? systemStreams(env)
  // A reader that goes away (`ucadmin utils service list | head`) ends the output quietly, as on any Unix tool.
  if (!opts.io) {
    for (const s of [process.stdout, process.stderr]) {
      s.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error
      })
    }
  }
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
  return runOclif(argv, opts)
}

/**
 * oclif parses and runs the command. Its command classes get this run's streams and environment through
 * withRun (see oclif-context.ts), and report their exit code there; on streams that are not the process's own,
 * what oclif prints itself (help, version) is routed to them too.
 */
async function runOclif(argv: string[], opts: RunArgvOptions): Promise<number> {
  const {io, env} = opts
  const {withRun} = await import('./oclif-context.js')
  const captured = io.out !== process.stdout || io.err !== process.stderr
  if (captured) {
    // oclif wraps help at the terminal's width, read once when it loads; captured output has the width of its io.
    const g = globalThis as {oclif?: {columns?: number}}
    g.oclif ??= {}
    g.oclif.columns ??= io.columns
  }
  // oclif takes a command without arguments followed by a word (`cluster list extra`) for an unknown command
  // `cluster list extra`; the fast path refuses the extra argument: say the same here.
  const {readFastManifest, refusal} = await import('../run/fast.js')
  const manifest = readFastManifest(opts.root)
  const extra = manifest && refusal(manifest, argv)
  if (extra) {
    const {reportError} = await import('../run/runner.js')
    return reportError(extra, {io, env, json: argv.includes('--json')})
  }
  const run = {io, env, code: 0, captured}
  // oclif's Command.catch sets process.exitCode on a parse error; the exit code is what this function returns.
  const savedExitCode = process.exitCode
  return withRun(run, async () => {
    const oclif = await import('@oclif/core')
    if (opts.development) {
      process.env.NODE_ENV = 'development'
      oclif.settings.debug = true
    }
    try {
      await oclif.run(argv, opts.root.href)
      await oclif.flush()
      return run.code
    } catch (error) {
      const {reportError} = await import('../run/runner.js')
      const {UcError} = await import('../core/errors.js')
      const e = error as Error & {oclif?: {exit?: number}; code?: string}
      // Our own errors (the one parser's refusals, thrown from UcCommand) are reported as the fast path reports them.
      if (error instanceof UcError) return reportError(error, {io, env, json: argv.includes('--json')})
      if (e.code === 'EEXIT') return e.oclif?.exit ?? 0
      // oclif: parse errors exit 2; plugin-not-found: 127 for an unknown command. The contract: 2 for both.
      let exit = e.oclif?.exit ?? 1
      if (exit === 127) exit = 2
      const firstFlag = argv.findIndex((a) => a.startsWith('-'))
      const words = (firstFlag < 0 ? argv : argv.slice(0, firstFlag)).slice(0, 4).join(' ')
      const fix = exit === 2 ? `See \`ucadmin ${words ? words + ' ' : ''}--help\`.` : undefined
      const message = oneLine(e.message ?? String(error))
      const ue = new UcError(message, exit === 2 ? 2 : 1, {code: exit === 2 ? 'USAGE' : 'FAILED', fix})
      const code = reportError(ue, {io, env, json: argv.includes('--json')})
      if (env.DEBUG && e.stack) io.err.write(e.stack + '\n')
      return code
    } finally {
      process.exitCode = savedExitCode
    }
  })
}

/** oclif's messages span lines ("The following error occurred:", "See more help with --help"); keep the substance. */
export function oneLine(message: string): string {
  const lines = message
    .split('\n')
    .map((l) => l.replace(/^\s*(Error:\s*)?/, '').trim())
    .filter((l) => l && !/^The following errors? occurred:?$/i.test(l) && !/^See more help with --help$/i.test(l))
  const text = lines.join('; ').replace(/\s+See more help with --help$/, '') || 'failed'
  return /[.!?]$/.test(text) ? text : `${text}.`
}
