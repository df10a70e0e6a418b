import {AsyncLocalStorage} from 'node:async_hooks'

import type {Env} from '../command/handler.js'
import type {IOStreams} from '../command/io.js'

/**
 * One command run handed to oclif (help, malformed input, bin/dev.js). oclif constructs the command class itself,
 * so the streams, environment and exit code travel to UcCommand.run beside the arguments: see withRun.
 */
export interface OclifRun {
  io: IOStreams
  env: Env
  /** The exit code the command's body returned (0 until it returns). */
  code: number
  /** The streams are not the process's own: what oclif prints itself (help, warnings) is routed to them. */
  captured: boolean
}

// Kept on globalThis: oclif may load the command classes as a second copy of these modules (bin/dev.js), which must
// still see the run.
const STORE = Symbol.for('ucadmin.oclifRun.captured')
const PROCESS = Symbol.for('ucadmin.oclifRun.process')
const ROUTED = Symbol.for('ucadmin.oclifRun.routed')
const g = globalThis as {[STORE]?: AsyncLocalStorage<OclifRun>; [PROCESS]?: OclifRun; [ROUTED]?: boolean}

/**
 * Runs fn with `run` as the current oclif run. A run on the process's own streams (bin/run.js) is the only one in its
 * process and is kept in a plain global; captured runs (in-process: tests, a harness) may overlap, each with its
 * own streams, so they travel in async context, which is only switched on for them (async hooks slow down oclif's
 * promise-heavy start-up).
 */
export async function withRun<T>(run: OclifRun, fn: () => Promise<T>): Promise<T> {
  if (run.captured) {
    routeProcessStreams()
    return (g[STORE] ??= new AsyncLocalStorage<OclifRun>()).run(run, fn)
  }
  const outer = g[PROCESS]
  g[PROCESS] = run
  try {
    return await fn()
  } finally {
    g[PROCESS] = outer
  }
}

/** The run a command class belongs to; undefined when oclif was started some other way (oclif readme, a plugin). */
export function currentRun(): OclifRun | undefined {
  return g[STORE]?.getStore() ?? g[PROCESS]
}

/**
 * oclif prints help, versions and warnings with console.log / console.error, that is to process.stdout and
 * process.stderr. Inside a captured run, what is written there goes to the run's streams; writes outside any
 * captured run (a test reporter, the process itself) go where they always went. Installed once, on the first
 * captured run; a process that only ever runs on its own streams never has it.
 */
function routeProcessStreams(): void {
  if (g[ROUTED]) return
  g[ROUTED] = true
  for (const [stream, key] of [
    [process.stdout, 'out'],
    [process.stderr, 'err'],
  ] as const) {
    const original = stream.write.bind(stream) as (...args: unknown[]) => boolean
    stream.write = ((...args: unknown[]) => {
      const run = g[STORE]?.getStore()
      if (run?.captured) return (run.io[key].write as (...a: unknown[]) => boolean)(...args)
      return original(...args)
    }) as typeof stream.write
  }
}
