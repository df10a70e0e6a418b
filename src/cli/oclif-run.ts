// What the fast path hands to oclif, in a module of its own: the start-up bundle (scripts/bundle.mjs) leaves it and
// everything it loads unbundled, so oclif's command classes and this code share one copy of each module.
import type {RunArgvOptions} from './main.js'

/**
 * oclif parses and runs the command. Its command classes get this run's streams and environment through
 * withRun (see oclif-context.ts), and report their exit code there; on streams that are not the process's own,
 * what oclif prints itself (help, version) is routed to them too.
 */
export async function runOclif(argv: string[], opts: RunArgvOptions): Promise<number> {
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
