import {plainStyle} from '../render/style.js'
import {defaultDbPath, openOptions} from '../store/db.js'
import {Store} from '../store/store.js'
import {loadBody} from './bodies.js'
import {type Input, executeBody} from '../command/handler.js'
import {makeCtx} from './context.js'
import type {RunOptions} from './runner.js'

/**
 * The fast path of commands that act on the state file as a whole (`static lean = true`, e.g. `state restore`): the
 * same body, context factory, transaction rules and output as runHandler, without loading what only cluster-scoped
 * commands need (target resolution, colour); the runner itself is loaded only to report an error. A harness that
 * restores a snapshot before every test pays little more than node opening the state file.
 */
export async function runLean(ref: string, input: Input, opts: RunOptions): Promise<number> {
  const {io, env} = opts
  let store: Store | undefined
  try {
    const h = await loadBody(ref)
    store = Store.open(defaultDbPath(env), openOptions(env))
    return await executeBody(h, makeCtx({io, env, input, style: plainStyle, store, confirm: opts.confirm}), input)
  } catch (error) {
    const {reportError} = await import('./runner.js')
    return reportError(error, {io, env, json: input.flags.json === true})
  } finally {
    store?.close()
  }
}
