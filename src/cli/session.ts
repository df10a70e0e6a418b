import type {Env, Input} from './handler.js'
import type {IOStreams} from './io.js'
import {reportError} from './runner.js'

export interface SessionOptions {
  io: IOStreams
  env: Env
  /** The package root (for oclif.manifest.json). */
  root: URL
}

/**
 * A long-running command (the admin: shell, the SSH server). Unlike a handler it does not run inside one
 * transaction: it opens the store itself and runs each command it is given through runHandler, one at a time.
 * Returns the process exit code.
 */
export type SessionMain = (input: Input, opts: SessionOptions) => Promise<number>

/** Runs a session command named `path/under/src#export` (e.g. `shell/main#shell`). Never throws. */
export async function runSession(ref: string, input: Input, opts: SessionOptions): Promise<number> {
  const [path, name = 'default'] = ref.split('#')
  try {
    const m = (await import(`../${path}.js`)) as Record<string, SessionMain>
    const fn = m[name]
    if (!fn) throw new Error(`session ${ref} not found`)
    return await fn(input, opts)
  } catch (error) {
    return reportError(error, {io: opts.io, env: opts.env, json: input.flags.json === true})
  }
}
