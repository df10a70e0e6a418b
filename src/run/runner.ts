import {UcError} from '../core/errors.js'
import {oneLine} from '../core/text.js'
import {resolveCluster, resolveNode} from '../features/world/cluster/target.js'
import {makeStyle} from '../render/style.js'
import {defaultDbPath, openOptions} from '../store/db.js'
import {Store} from '../store/store.js'
import {Writable} from 'node:stream'

import {type Env, type Input, askOnTerminal, executeBody} from '../command/handler.js'
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
  /** Rewrites an error's message and fix for where it is read (a session: hints as typed at its prompt). */
  hint?: (text: string) => string
  /**
   * The queue of the state file's users in this process (the SSH server's sessions of one file): the body runs
   * while holding it; a question is asked while not holding it, so a `Continue (y/n)?` holds nobody else.
   */
  queue?: {acquire(): Promise<() => void>}
  /** Aborted when the session has gone (its client disconnected): a command that has not started does not start. */
  signal?: AbortSignal
}

/** Thrown inside a command's transaction at a question not answered yet: the transaction is rolled back first. */
class NeedAnswer extends Error {
  constructor(readonly question: string) {
    super('a question is waiting for its answer')
  }
}

const GONE = () =>
  new UcError('The session ended before the command ran; nothing was changed.', 1, {code: 'SESSION_GONE'})

/**
 * Output of a command that may ask a question: held until the question (or the end), so that a run that is rolled
 * back and started again after the answer does not print its lines twice. `shown` is what the person has seen.
 */
class HeldOutput {
  text = ''
  shown = ''
  readonly stream: Writable
  constructor(private readonly target: Writable) {
    this.stream = new Writable({
      decodeStrings: false,
      write: (chunk, _enc, cb) => {
        this.text += String(chunk)
        cb()
      },
    })
  }

  /** Shows what this run printed beyond what was shown already (a run that printed something else: all of it). */
  show(): void {
    const rest = this.text.startsWith(this.shown) ? this.text.slice(this.shown.length) : this.text
    if (rest) this.target.write(rest)
    this.shown = this.text
    this.text = ''
  }
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

/** The --json document of a failed command; `lines`: on one line, for a server's JSON Lines. */
export function errorDocument(
  e: {message: string; code?: string; fix?: string; details?: unknown},
  exitCode: number,
  lines = false,
): string {
  return JSON.stringify(
    {
      error: {
        code: e.code ?? 'FAILED',
        message: e.message,
        fix: e.fix ?? null,
        exitCode,
        ...(e.details ? {details: e.details} : {}),
      },
    },
    null,
    lines ? undefined : 2,
  )
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
    const interactive = !json && io.stdoutIsTTY && io.stdinIsTTY
    const yes = input.flags.yes === true
    // Whether a question would really be asked (else confirm answers yes at once, as the contract says).
    const asks = !yes && ((opts.confirm !== undefined && !json) || interactive)
    const ask = (question: string) => (opts.confirm && !json ? opts.confirm(question) : askOnTerminal(io, question))
    const signal = opts.signal
    /**
     * A question is never asked while the command holds the state file. A body in one transaction is rolled back
     * at its first unanswered question, the question is asked, and the body runs again from the start with the
     * answers given so far (the same question in the same place gets the same answer; state that changed meanwhile
     * may ask another). A body that commits its own steps lets go of the queue while the question waits.
     */
    const answers: Array<{question: string; yes: boolean}> = []
    const held = asks && !h.ownTransactions ? {out: new HeldOutput(io.out), err: new HeldOutput(io.err)} : undefined
    const runIo: IOStreams = held ? {...io, out: held.out.stream, err: held.err.stream} : io
    for (;;) {
      if (signal?.aborted) throw GONE()
      let release = await opts.queue?.acquire()
      try {
        if (signal?.aborted) throw GONE()
        let used = 0
        const confirm = async (question: string): Promise<boolean> => {
          if (held) {
            const i = used++
            if (i < answers.length && answers[i].question === question) return answers[i].yes
            throw new NeedAnswer(question)
          }
          release?.()
          let answer = false
          try {
            answer = await ask(question)
          } finally {
            release = await opts.queue?.acquire()
          }
          if (signal?.aborted) throw GONE()
          return answer
        }
        const ctx = makeCtx({
          io: runIo,
          env,
          input,
          style,
          store: h.stateless ? undefined : store,
          targets: {resolveCluster, resolveNode},
          confirm: asks ? confirm : opts.confirm,
        })
        const code = await executeBody(h, ctx, input)
        held?.out.show()
        held?.err.show()
        return code
      } catch (error) {
        held?.out.show()
        held?.err.show()
        if (!(error instanceof NeedAnswer) || !held) throw error
        release?.()
        release = undefined
        const answer = await ask(error.question)
        answers.push({question: error.question, yes: answer})
      } finally {
        release?.()
      }
    }
  } catch (error) {
    return reportError(error, {io, env, json, hint: opts.hint})
  } finally {
    if (ownStore) store?.close()
  }
}

/** Prints an error as one line on stderr (and a JSON document on stdout with --json); returns its exit code. */
export function reportError(
  error: unknown,
  o: {
    io: IOStreams
    env: Env
    json: boolean
    hint?: (text: string) => string
    /** JSON Lines (a server): the document on one line. */ lines?: boolean
  },
): number {
  const err = new Printer(o.io.err)
  if (error instanceof UcError && o.hint) {
    const hint = o.hint
    error = new UcError(hint(error.message), error.exitCode, {
      fix: error.fix === undefined ? undefined : hint(error.fix),
      code: error.code,
      details: error.details,
    })
  }
  if (error instanceof UcError) {
    if (o.json) new Printer(o.io.out).line(errorDocument(error, error.exitCode, o.lines))
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
    const busy = new UcError('The state file stayed locked by another ucadmin process for too long.', 1, {
      code: 'BUSY',
      fix: 'Try again.',
    })
    return reportError(busy, o)
  }
  if (o.json)
    new Printer(o.io.out).line(errorDocument({message: e?.message ?? String(error), code: 'INTERNAL'}, 1, o.lines))
  err.line(
    `Error: internal error: ${oneLine(e?.message ?? String(error), MAX_ERROR_PART)}${o.env.DEBUG ? '' : ' (set DEBUG=1 for details)'}`,
  )
  if (o.env.DEBUG && e?.stack) err.line(e.stack)
  return 1
}
