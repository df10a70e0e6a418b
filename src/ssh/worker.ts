import {Readable, Writable} from 'node:stream'
import {type MessagePort, parentPort, workerData} from 'node:worker_threads'

import type {Env, Input} from '../command/handler.js'
import type {IOStreams} from '../command/io.js'
import {UcError} from '../core/errors.js'
import {recordLogin} from '../features/scenario/tenants/dir.js'
import type {Manifest} from '../run/fast.js'
import {preloadCommands} from '../run/context.js'
import {reportError, runHandler} from '../run/runner.js'
import {TenantPool} from '../run/tenants.js'
import {sessionBanner} from '../shell/banner.js'
import {sessionHint} from '../shell/executor.js'
import {type Target, type TargetAccount, sessionTarget} from './target.js'

/**
 * A worker thread of `serve ssh --tenants` (src/ssh/workers.ts is the main thread's side): it opens tenants' state
 * files in its own TenantPool (closed when idle, here) and runs their commands through the runner, so a long command
 * of one tenant runs beside other tenants' commands instead of holding the one event loop. The main thread keeps
 * SSH, the line editor, completion and logins; it queues each tenant's commands (one at a time per tenant, across
 * workers) and sends each to a worker. Output, questions (`Continue (y/n)?`) and the tenant's queue go by message.
 */

export interface WorkerSetup {
  dir: string
  idleMs: number
  manifest: Manifest
  /** This worker's number (1, 2, ...), for the log. */
  index: number
}

/** What the main thread asks of a worker. */
export type ToWorker =
  | {
      t: 'open'
      id: number
      tenant: string
      account: TargetAccount
      defaults: {node?: string; cluster?: string}
      /** Record the login in the tenant's file (`tenants list` shows it). */
      login: boolean
      banner: boolean
    }
  | {
      t: 'command'
      id: number
      tenant: string
      ref: string
      input: Input
      env: Env
      columns: number
      /** The session asks questions (an interactive shell); else confirmations follow the CLI's rules. */
      asks: boolean
    }
  | {t: 'answer'; id: number; yes: boolean}
  | {t: 'grant'; id: number}
  | {t: 'abort'; id: number}
  | {t: 'close'; waitMs: number}

/** What a worker tells the main thread. */
export type FromWorker =
  | {t: 'out'; id: number; parts: Output[]}
  /** A question; `release`: the command has let go of its tenant's queue first (as it does before any question). */
  | {t: 'ask'; id: number; question: string; release: boolean; parts?: Output[]}
  /** The command takes its tenant's queue again (after a question). */
  | {t: 'acquire'; id: number; release: boolean; parts?: Output[]}
  /** The command has ended (and let go of its tenant's queue). */
  | {
      t: 'done'
      id: number
      code?: number
      opened?: {target: Target; banner?: string[]}
      error?: WireError
      parts?: Output[]
    }
  | {t: 'opened' | 'closed'; tenant: string}
  | {t: 'closedAll'}

/** Output of a command, in the order written. */
export interface Output {
  t: 'out' | 'err'
  text: string
}

/** An error as it crosses threads (a UcError keeps its exit code, code and fix). */
export interface WireError {
  message: string
  exitCode?: 1 | 2
  code?: string
  fix?: string
}

/** How long (ms) a running command's output may wait to be sent with more (a long command streams its output). */
const FLUSH_MS = 20

interface Job {
  abort: AbortController
  answer?: (yes: boolean) => void
  grant?: () => void
}

function serve(port: MessagePort, setup: WorkerSetup): void {
  const post = (m: FromWorker) => port.postMessage(m)
  const pool = new TenantPool(setup.dir, {
    idleMs: setup.idleMs,
    log: () => undefined,
    opened: (tenant) => post({t: 'opened', tenant}),
    closed: (tenant) => post({t: 'closed', tenant}),
  })
  const hint = sessionHint(setup.manifest, 'ssh', true)
  const jobs = new Map<number, Job>()

  /**
   * A command's output goes to the main thread in few messages (each costs both threads tens of microseconds):
   * what it writes within FLUSH_MS goes in one message (in order, stdout and stderr apart), and whatever is pending
   * rides with the question or the end, so most commands send one message in all.
   */
  function outbox(id: number) {
    let parts: Output[] = []
    let scheduled = false
    /** The output not sent yet (for a message that carries it). */
    const take = (): Output[] | undefined => {
      if (!parts.length) return undefined
      const p = parts
      parts = []
      return p
    }
    const flush = () => {
      scheduled = false
      const p = take()
      if (p) post({t: 'out', id, parts: p})
    }
    const stream = (t: 'out' | 'err') =>
      new Writable({
        decodeStrings: false,
        write(chunk, _enc, cb) {
          const last = parts.at(-1)
          if (last?.t === t) last.text += String(chunk)
          else parts.push({t, text: String(chunk)})
          if (!scheduled) {
            scheduled = true
            setTimeout(flush, FLUSH_MS)
          }
          cb()
        },
      })
    return {out: stream('out'), err: stream('err'), take}
  }

  function open(m: Extract<ToWorker, {t: 'open'}>): void {
    try {
      const lease = pool.acquire(m.tenant)
      try {
        const {store} = lease
        if (m.login) {
          store.begin(true)
          try {
            recordLogin(store, Date.now())
            store.commit()
          } catch (error) {
            store.rollback()
            throw error
          }
        }
        store.begin(false)
        try {
          const target = sessionTarget(m.account, store, m.defaults)
          const banner = m.banner ? sessionBanner(store, target) : undefined
          post({t: 'done', id: m.id, opened: {target, banner}})
        } finally {
          store.rollback()
        }
      } finally {
        lease.release()
      }
    } catch (error) {
      post({t: 'done', id: m.id, error: wire(error)})
    }
  }

  async function command(m: Extract<ToWorker, {t: 'command'}>): Promise<void> {
    const job: Job = {abort: new AbortController()}
    jobs.set(m.id, job)
    const box = outbox(m.id)
    const io: IOStreams = {
      in: Readable.from([]),
      out: box.out,
      err: box.err,
      stdinIsTTY: false,
      stdoutIsTTY: false,
      color: false,
      columns: m.columns,
    }
    const savedExit = process.exitCode
    let code = 1
    try {
      const lease = pool.acquire(m.tenant)
      try {
        // The main thread gave this command its tenant's turn before sending it; a later turn (after a question) is
        // asked for by message. Letting go of the turn is told with the next message (the question, or the end).
        let first = true
        let released = false
        const letGo = () => {
          const r = released
          released = false
          return r
        }
        const queue = {
          acquire: async (): Promise<() => void> => {
            if (!first) {
              await new Promise<void>((resolve) => {
                job.grant = resolve
                post({t: 'acquire', id: m.id, release: letGo(), parts: box.take()})
              })
            }
            first = false
            let done = false
            return () => {
              if (done) return
              done = true
              released = true
            }
          },
        }
        const confirm = (question: string) =>
          new Promise<boolean>((resolve) => {
            job.answer = resolve
            post({t: 'ask', id: m.id, question, release: letGo(), parts: box.take()})
          })
        code = await runHandler(m.ref, m.input, {
          io,
          env: m.env,
          store: lease.store,
          confirm: m.asks ? confirm : undefined,
          hint,
          queue,
          signal: job.abort.signal,
        })
      } finally {
        lease.release()
      }
    } catch (error) {
      // Opening the tenant's file failed (it was deleted and there is no template any more, say).
      code = reportError(error, {io, env: m.env, json: m.input.flags.json === true, hint})
    } finally {
      process.exitCode = savedExit
      jobs.delete(m.id)
    }
    post({t: 'done', id: m.id, code, parts: box.take()})
  }

  // Every body and reaction table, loaded once now (between the first commands, if they come at once).
  preloadCommands().catch(() => undefined)

  port.on('message', (m: ToWorker) => {
    switch (m.t) {
      case 'open':
        open(m)
        break
      case 'command':
        void command(m)
        break
      case 'answer':
        jobs.get(m.id)?.answer?.(m.yes)
        break
      case 'grant':
        jobs.get(m.id)?.grant?.()
        break
      case 'abort':
        jobs.get(m.id)?.abort.abort()
        break
      case 'close':
        pool.closeAll(m.waitMs).then(
          () => post({t: 'closedAll'}),
          () => post({t: 'closedAll'}),
        )
        break
    }
  })
}

export function wire(error: unknown): WireError {
  if (error instanceof UcError)
    return {message: error.message, exitCode: error.exitCode === 2 ? 2 : 1, code: error.code, fix: error.fix}
  return {message: (error as Error)?.message ?? String(error)}
}

if (parentPort && (workerData as {ucadminWorker?: WorkerSetup} | undefined)?.ucadminWorker) {
  serve(parentPort, (workerData as {ucadminWorker: WorkerSetup}).ucadminWorker)
}
