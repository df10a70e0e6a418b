import type {Input} from '../command/handler.js'
import type {SessionMain, SessionOptions} from '../command/session.js'
import {reportError} from '../run/runner.js'

/** The long-running commands' modules (an explicit list, so a bundler sees exactly these). */
const SESSIONS: Record<string, () => Promise<unknown>> = {
  'shell/main': () => import('../shell/main.js'),
  'shell/completion': () => import('../shell/completion.js'),
  'ssh/server': () => import('../ssh/server.js'),
  'https/server': () => import('../https/server/server.js'),
}

/** Runs a session command named `path/under/src#export` (e.g. `shell/main#shell`). Never throws. */
export async function runSession(ref: string, input: Input, opts: SessionOptions): Promise<number> {
  const [path, name = 'default'] = ref.split('#')
  try {
    const load = SESSIONS[path]
    if (!load) throw new Error(`session ${ref} not found`)
    const m = (await load()) as Record<string, SessionMain>
    const fn = m[name]
    if (!fn) throw new Error(`session ${ref} not found`)
    return await fn(input, opts)
  } catch (error) {
    // A server's --json is JSON Lines: an error that ends it is one line too.
    return reportError(error, {io: opts.io, env: opts.env, json: input.flags.json === true, lines: true})
  }
}
