import type {Env, Input} from './handler.js'
import type {IOStreams} from './io.js'

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
