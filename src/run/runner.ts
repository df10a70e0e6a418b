import {UcError} from '../core/errors.js'
import {oneLine} from '../core/text.js'
import {resolveCluster, resolveNode} from '../features/world/cluster/target.js'
import {makeStyle} from '../render/style.js'
import {defaultDbPath, openOptions} from '../store/db.js'
import {Store} from '../store/store.js'
import {type Env, type Input, executeBody} from '../command/handler.js'
import {makeCtx} from './context.js'
import {Printer, type IOStreams} from '../command/io.js'
import {loadBody} from './bodies.js'

export interface RunOptions {
  io: IOStreams
  env: Env
  /** An open store to use (the shell, the SSH server, tests); else the state file is opened and closed here. */
  store?: Store
  /**
   * Asks a confirmation the session's own way (the admin: shell and SSH sessions print `... Continue (y/n)?` and
   * read a line from their terminal). Used unless --yes or --json; without it, only a TTY is asked.
   */
  confirm?: (question: string) => Promise<boolean>
}

/**
 * One line for an error: what went wrong, then how to fix it. Input quoted in either part cannot break the line or
 * reach the terminal as an escape code (control characters are shown escaped) and long input is shortened.
 */
export function errorLine(e: UcError): string {
  const message = oneLine(e.message, MAX_ERROR_PART)
  return e.fix ? `Error: ${message} ${oneLine(e.fix, MAX_ERROR_PART)}` : `Error: ${message}`
}

/** The longest message (and fix) an error line shows; longer ones are cut in the middle. */
export const MAX_ERROR_PART = 2000

export function errorDocument(e: {message: string; code?: string; fix?: string; details?: unknown}, exitCode: number): string {
  return JSON.stringify({error: {code: e.code ?? 'FAILED', message: e.message, fix: e.fix ?? null, exitCode, ...(e.details ? {details: e.details} : {})}}, null, 2)
}

/**
 * Runs a command body: builds its context, wraps all its writes in one transaction (rolled back if it fails, so a
 * failed command changes nothing), renders the result as text or JSON, and maps errors to the contract's exit
 * codes. Returns the exit code; never exits the process and never lets an error escape, so many commands can run
 * in one process.
 */
export async function runHandler(ref: string, input: Input, opts: RunOptions): Promise<number> {
  const {io, env} = opts
  const json = input.flags.json === true
  let store = opts.store
  const ownStore = !store
  try {
    const h = await loadBody(ref)
    // A body that reads no state (`version`) runs without opening the state file.
    if (!h.stateless) store ??= Store.open(defaultDbPath(env), openOptions(env))
    const style = await makeStyle(io.color && !json)
    const ctx = makeCtx({io, env, input, style, store: h.stateless ? undefined : store, targets: {resolveCluster, resolveNode}, confirm: opts.confirm})
    return await executeBody(h, ctx, input)
  } catch (error) {
    return reportError(error, {io, env, json})
  } finally {
    if (ownStore) store?.close()
  }
}

/** Prints an error as one line on stderr (and a JSON document on stdout with --json); returns its exit code. */
export function reportError(error: unknown, o: {io: IOStreams; env: Env; json: boolean}): number {
  const err = new Printer(o.io.err)
  if (error instanceof UcError) {
    if (o.json) new Printer(o.io.out).line(errorDocument(error, error.exitCode))
    err.line(errorLine(error))
    return error.exitCode
  }
  const e = error as Error & {code?: string}
  // Ctrl-C in a prompt (inquirer's ExitPromptError): the shell's convention for an interrupt, and nothing changed.
  if (e?.name === 'ExitPromptError') {
    err.line('Cancelled.')
    return 130
  }
  if (e?.code === 'SQLITE_CORRUPT' || e?.code === 'SQLITE_NOTADB') {
    const bad = new UcError(`The state file ${defaultDbPath(o.env)} is corrupt (${e.message}).`, 1, {
      code: 'BAD_STATE_FILE',
      fix: 'Restore it from a backup, or point UCADMIN_DB at another file to start afresh.',
    })
    return reportError(bad, o)
  }
  if (e?.code === 'SQLITE_BUSY') {
    const busy = new UcError('The state file stayed locked by another ucadmin process for too long.', 1, {code: 'BUSY', fix: 'Try again.'})
    return reportError(busy, o)
  }
  if (o.json) new Printer(o.io.out).line(errorDocument({message: e?.message ?? String(error), code: 'INTERNAL'}, 1))
  err.line(`Error: internal error: ${oneLine(e?.message ?? String(error), MAX_ERROR_PART)}${o.env.DEBUG ? '' : ' (set DEBUG=1 for details)'}`)
  if (o.env.DEBUG && e?.stack) err.line(e.stack)
  return 1
}
