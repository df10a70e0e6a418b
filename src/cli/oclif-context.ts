import {AsyncLocalStorage} from 'node:async_hooks'

import type {Env} from './handler.js'
import type {IOStreams} from './io.js'

/**
 * One command run handed to oclif (help, malformed input, bin/dev.js). oclif constructs the command class itself,
 * so the streams, environment and exit code travel to UcCommand.run in async context instead of through arguments:
 * several in-process runs (tests, a harness) may be under way at once, each with its own streams.
 */
export interface OclifRun {
  io: IOStreams
  env: Env
  /** The exit code the command's body returned (0 until it returns). */
  code: number
  /** The streams are not the process's own: what oclif prints itself (help, warnings) is routed to them. */
  captured: boolean
}

/**
 * One store per process, kept on globalThis: oclif may load the command classes as a second copy of these modules
 * (bin/dev.js: oclif registers its own tsx namespace for src/commands), which must still see the run.
 */
const KEY = Symbol.for('ucadmin.oclifRun')
const g = globalThis as {[KEY]?: AsyncLocalStorage<OclifRun>}
export const oclifRun: AsyncLocalStorage<OclifRun> = (g[KEY] ??= new AsyncLocalStorage<OclifRun>())

const ROUTED = Symbol.for('ucadmin.oclifRun.routed')

/**
 * oclif prints help, versions and warnings with console.log / console.error, that is to process.stdout and
 * process.stderr. For a run with its own streams (in-process), route what is written inside that run to them; writes
 * outside any captured run (a test reporter, the process itself) go where they always went. Installed once, on the
 * first captured run; a process that only ever runs on its own streams never has it.
 */
export function routeProcessStreams(): void {
  const p = process as {[ROUTED]?: boolean}
  if (p[ROUTED]) return
  p[ROUTED] = true
  for (const [stream, key] of [
    [process.stdout, 'out'],
    [process.stderr, 'err'],
  ] as const) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean
    stream.write = ((...args: unknown[]) => {
      const run = oclifRun.getStore()
      if (run?.captured) return (run.io[key].write as (...a: unknown[]) => boolean)(...args)
      return original(...args)
    }) as typeof stream.write
  }
}
