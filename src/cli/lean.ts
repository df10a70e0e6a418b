import {Clock} from '../features/world/clock/clock.js'
import {plainStyle} from '../render/style.js'
import {defaultDbPath, openOptions} from '../store/db.js'
import {Store} from '../store/store.js'
import {loadBody} from './bodies.js'
import {type Ctx, type Input, askOnTerminal, executeBody} from '../command/handler.js'
import {Printer} from '../command/io.js'
import type {RunOptions} from './runner.js'

const noTarget = (): never => {
  throw new Error('a lean command body asked for a cluster or node')
}

/**
 * The fast path of commands that act on the state file as a whole (`static lean = true`, e.g. `state restore`): the
 * same body, transaction rules and output as runHandler, without loading what only cluster-scoped commands need
 * (target resolution, colour); the runner itself is loaded only to report an error. A harness that restores a
 * snapshot before every test pays little more than node opening the state file.
 */
export async function runLean(ref: string, input: Input, opts: RunOptions): Promise<number> {
  const {io, env} = opts
  const json = input.flags.json === true
  const out = new Printer(io.out)
  let store: Store | undefined
  try {
    const h = await loadBody(ref)
    const s = (store = Store.open(defaultDbPath(env), openOptions(env)))
    const interactive = io.stdinIsTTY && io.stdoutIsTTY && !json
    const ctx: Ctx = {
      io,
      out,
      err: new Printer(io.err),
      style: plainStyle,
      env,
      store: s,
      clock: new Clock(s),
      json,
      yes: input.flags.yes === true,
      interactive,
      cluster: noTarget,
      node: noTarget,
      nodeNamed: noTarget,
      async confirm(question) {
        if (ctx.yes || !interactive) return true
        return askOnTerminal(io, question)
      },
    }
    return await executeBody(h, ctx, input)
  } catch (error) {
    const {reportError} = await import('./runner.js')
    return reportError(error, {io, env, json})
  } finally {
    store?.close()
  }
}
