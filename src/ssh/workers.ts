import {availableParallelism} from 'node:os'
import type {Writable} from 'node:stream'
import {Worker} from 'node:worker_threads'

import type {Env, Input} from '../command/handler.js'
import {FailedError, UcError} from '../core/errors.js'
import type {Manifest} from '../run/fast.js'
import {reportError} from '../run/runner.js'
import {Serial} from '../run/serial.js'
import type {Target, TargetAccount} from './target.js'
import type {FromWorker, ToWorker, WireError, WorkerSetup} from './worker.js'

/**
 * The main thread's side of `serve ssh --tenants` with worker threads (src/ssh/worker.ts is the other side). Each
 * tenant has a queue here: its commands run one at a time, whichever session sends them. A worker runs one command
 * at a time. A command that has its tenant's turn goes to the worker that ran the tenant's last command (its lab is
 * open and warm there) when it is free, or after MOVE_AFTER_MS to any free worker, so one tenant's long command (a
 * year of `sim clock advance`, a `run sql` at its limit) keeps one worker while the others serve everybody else. A worker that stops is
 * replaced; the commands it was running end with an error line, and their sessions go on.
 */

/**
 * The default number of worker threads: the cores this process may use, at least 2 (one long command leaves another
 * worker to everybody else), at most 16. More workers than cores let more long commands run at once, at a cost in
 * CPU per command (see docs/tenants.md).
 */
export const defaultWorkers = (): number => Math.min(Math.max(availableParallelism(), 2), 16)

export const MAX_WORKERS = 64

export interface WorkerPoolOptions {
  size: number
  dir: string
  /** A worker closes a tenant's file nobody has used there for this long (ms, real time). */
  idleMs: number
  manifest: Manifest
  log: (line: string) => void
}

/** How a command's output and questions reach its session. */
export interface CommandPort {
  out: Writable
  err: Writable
  /** Asks `... Continue (y/n)?` in the session; without it, confirmations follow the CLI's rules. */
  ask?: (question: string) => Promise<boolean>
  signal?: AbortSignal
}

interface Slot {
  index: number
  worker: Worker
  /** The command it runs now (one at a time; one waiting for an answer does not count), and since when. */
  current?: Job
  since: number
  /** Tenants whose last command ran here. */
  homes: number
  jobs: Map<number, Job>
  closing: boolean
  dead: boolean
  startedAt: number
  closedAll?: () => void
}

interface TenantQueue {
  name: string
  serial: Serial
  home?: Slot
  /** The workers that hold the tenant's file open. */
  openIn: Set<Slot>
}

type Done = Extract<FromWorker, {t: 'done'}>

interface Job {
  id: number
  /** The worker running it; none while it waits for one. */
  slot?: Slot
  message: ToWorker
  queue: TenantQueue
  /** Ends the command's turn in its tenant's queue, while it holds it. */
  release?: () => void
  port?: CommandPort
  json: boolean
  env: Env
  finished: boolean
  asking: boolean
  resolve: (m: Done) => void
}

const RESTARTS_PER_MINUTE = 10

/**
 * A tenant's command waits this long (ms) for the worker that ran its last one (its lab is open and warm there)
 * before it goes to another worker that is free: a long command keeps its worker, not the tenants that worked there.
 */
export const MOVE_AFTER_MS = 10

export class WorkerPool {
  private readonly slots: Slot[] = []
  private readonly queues = new Map<string, TenantQueue>()
  private seq = 0
  private openTenants = 0
  private closed = false
  private readonly restarts: number[] = []
  /** Commands that have their tenant's turn and wait for a worker, oldest first. */
  private readonly ready: Job[] = []
  private timer?: NodeJS.Timeout
  private readonly url: URL
  private readonly source?: string

  constructor(private readonly opts: WorkerPoolOptions) {
    // Compiled: dist/ssh/worker.js. Under tsx (the tests) src/ssh/worker.ts, loaded after registering tsx in the
    // worker (a worker does not inherit the loader hooks of --import tsx).
    const ts = import.meta.url.endsWith('.ts')
    this.url = new URL(ts ? './worker.ts' : './worker.js', import.meta.url)
    if (ts)
      this.source = `import('tsx/esm/api').then((m) => m.register()).then(() => import(${JSON.stringify(this.url.href)}))`
    // Each worker's stdout and stderr are piped into the process's own, each pipe with an 'error' listener: past ten
    // workers Node would print a MaxListenersExceededWarning in the server's log (`--workers 12`).
    for (const s of [process.stdout, process.stderr]) s.setMaxListeners(s.getMaxListeners() + opts.size)
    for (let i = 0; i < opts.size; i++) this.slots.push(this.spawn(i))
  }

  /** The tenants' folder. */
  get dir(): string {
    return this.opts.dir
  }

  /** How many tenants are open now (in any worker). */
  get size(): number {
    return this.openTenants
  }

  get workers(): number {
    return this.slots.length
  }

  /**
   * A session's start on its tenant: the lab opened (made from the template on first login), the login recorded,
   * where the session lands and its banner. Throws the UcError a session shows (no lab and no template, several
   * clusters and none current).
   */
  async open(
    tenant: string,
    account: TargetAccount,
    o: {defaults: {node?: string; cluster?: string}; login: boolean; banner: boolean},
  ): Promise<{target: Target; banner?: string[]}> {
    const done = await this.dispatch(
      tenant,
      (id) => ({
        t: 'open',
        id,
        tenant,
        account: {name: account.name, nodeHost: account.nodeHost, clusterName: account.clusterName},
        defaults: o.defaults,
        login: o.login,
        banner: o.banner,
      }),
      {json: false, env: {}},
    )
    if (done.error || !done.opened) throw unwire(done.error)
    return done.opened
  }

  /** Runs a planned command on a worker in its tenant's turn; its exit code (never throws). */
  async command(
    tenant: string,
    ref: string,
    input: Input,
    o: {env: Env; columns: number; port: CommandPort},
  ): Promise<number> {
    const done = await this.dispatch(
      tenant,
      (id) => ({
        t: 'command',
        id,
        tenant,
        ref,
        input,
        env: o.env,
        columns: o.columns,
        asks: o.port.ask !== undefined,
      }),
      {port: o.port, json: input.flags.json === true, env: o.env},
    )
    if (done.error) return this.fail(o.port, unwire(done.error), input.flags.json === true, o.env)
    return done.code ?? 1
  }

  /** Waits (at most waitMs) for each worker to finish its commands and close its tenants, then stops them. */
  async closeAll(waitMs: number): Promise<void> {
    if (this.closed) return
    this.closed = true
    // Commands running or queued finish first (a worker closes its files only between commands).
    await Promise.race([
      Promise.all([...this.queues.values()].map((q) => q.serial.idle())),
      new Promise((resolve) => setTimeout(resolve, waitMs).unref()),
    ])
    if (this.timer) clearTimeout(this.timer)
    await Promise.all(
      this.slots.map(async (slot) => {
        if (slot.dead) return
        slot.closing = true
        await Promise.race([
          new Promise<void>((resolve) => {
            slot.closedAll = resolve
            slot.worker.postMessage({t: 'close', waitMs} satisfies ToWorker)
          }),
          new Promise((resolve) => setTimeout(resolve, waitMs + 1000).unref()),
        ])
        await slot.worker.terminate()
      }),
    )
    for (const s of [process.stdout, process.stderr]) s.setMaxListeners(s.getMaxListeners() - this.opts.size)
  }

  private queue(tenant: string): TenantQueue {
    let q = this.queues.get(tenant)
    if (!q) {
      q = {name: tenant, serial: new Serial(), openIn: new Set()}
      this.queues.set(tenant, q)
    }
    return q
  }

  private async dispatch(
    tenant: string,
    message: (id: number) => ToWorker,
    o: {port?: CommandPort; json: boolean; env: Env},
  ): Promise<Done> {
    const id = ++this.seq
    const queue = this.queue(tenant)
    const release = await queue.serial.acquire()
    const gone = o.port?.signal?.aborted
    if (gone || this.closed || !this.slots.some((s) => !s.dead)) {
      release()
      if (gone) return {t: 'done', id, code: 1}
      const text = this.closed
        ? 'The server is shutting down; the command did not run.'
        : 'No worker thread is running (they kept stopping; see the server log); the command did not run.'
      return {t: 'done', id, error: {message: text, exitCode: 1, code: 'NO_WORKER'}}
    }
    return new Promise<Done>((resolve) => {
      const job: Job = {
        id,
        message: message(id),
        queue,
        release,
        port: o.port,
        json: o.json,
        env: o.env,
        finished: false,
        asking: false,
        resolve,
      }
      const onAbort = () => {
        if (job.slot) job.slot.worker.postMessage({t: 'abort', id} satisfies ToWorker)
        else {
          // Still waiting for a worker: it never starts.
          this.ready.splice(this.ready.indexOf(job), 1)
          this.finish(job, {t: 'done', id, code: 1})
        }
      }
      o.port?.signal?.addEventListener('abort', onAbort, {once: true})
      job.resolve = (m) => {
        o.port?.signal?.removeEventListener('abort', onAbort)
        resolve(m)
      }
      this.ready.push(job)
      this.schedule()
    })
  }

  /** Sends waiting commands to workers that are free (see place); called whenever a command arrives or ends. */
  private schedule(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = undefined
    const now = performance.now()
    let wake = Infinity
    for (let i = 0; i < this.ready.length;) {
      const job = this.ready[i]
      const where = this.place(job.queue, now)
      if (typeof where === 'number') wake = Math.min(wake, where)
      if (where === undefined || typeof where === 'number') {
        i++
        continue
      }
      this.ready.splice(i, 1)
      this.send(job, where, now)
    }
    if (wake < Infinity) this.timer = setTimeout(() => this.schedule(), Math.max(1, Math.ceil(wake - now)))
  }

  /**
   * Where a tenant's command runs: the worker that ran its last one if it is free; if that one is busy, it waits for
   * it until the command there has run MOVE_AFTER_MS (returns when to look again), then takes a free worker (one
   * that has the lab open first, then the one with the fewest tenants). Undefined: no worker is free.
   */
  private place(q: TenantQueue, now: number): Slot | number | undefined {
    const home = q.home && this.slots[q.home.index] === q.home && !q.home.dead ? q.home : undefined
    if (home && !home.current) return home
    if (home && now - home.since < MOVE_AFTER_MS) return home.since + MOVE_AFTER_MS
    let best: Slot | undefined
    const rank = (s: Slot) => [q.openIn.has(s) ? 0 : 1, s.homes]
    for (const s of this.slots) {
      if (s.dead || s.closing || s.current) continue
      if (!best) {
        best = s
        continue
      }
      const a = rank(s)
      const b = rank(best)
      const i = a.findIndex((v, k) => v !== b[k])
      if (i >= 0 && a[i] < b[i]) best = s
    }
    return best
  }

  private send(job: Job, slot: Slot, now: number): void {
    const q = job.queue
    if (q.home !== slot) {
      if (q.home) q.home.homes--
      slot.homes++
      q.home = slot
    }
    job.slot = slot
    slot.current = job
    slot.since = now
    slot.jobs.set(job.id, job)
    slot.worker.postMessage(job.message)
  }

  private spawn(index: number): Slot {
    const setup: WorkerSetup = {
      dir: this.opts.dir,
      idleMs: this.opts.idleMs,
      manifest: this.opts.manifest,
      index: index + 1,
    }
    const workerData = {ucadminWorker: setup}
    const worker = this.source ? new Worker(this.source, {eval: true, workerData}) : new Worker(this.url, {workerData})
    const slot: Slot = {
      index,
      worker,
      since: 0,
      homes: 0,
      jobs: new Map(),
      closing: false,
      dead: false,
      startedAt: Date.now(),
    }
    worker.on('message', (m: FromWorker) => this.onMessage(slot, m))
    worker.on('error', (e: Error) => this.opts.log(`worker ${index + 1} failed: ${e.message}`))
    worker.on('exit', (code) => this.onExit(slot, code))
    return slot
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    switch (m.t) {
      case 'opened': {
        const q = this.queue(m.tenant)
        const first = q.openIn.size === 0
        q.openIn.add(slot)
        if (first) {
          this.openTenants++
          this.opts.log(`tenant ${m.tenant} opened (${this.openTenants} open)`)
        }
        return
      }
      case 'closed':
        this.closedIn(slot, m.tenant, 'idle')
        return
      case 'closedAll':
        slot.closedAll?.()
        return
    }
    const job = slot.jobs.get(m.id)
    if (!job) return
    if (m.parts) {
      for (const p of m.parts) (p.t === 'out' ? job.port?.out : job.port?.err)?.write(p.text)
    }
    if ((m.t === 'ask' || m.t === 'acquire') && m.release) {
      job.release?.()
      job.release = undefined
    }
    switch (m.t) {
      case 'ask': {
        // While the question waits, the worker runs other commands (the answered command goes on beside them).
        job.asking = true
        if (slot.current === job) {
          slot.current = undefined
          this.schedule()
        }
        const ask = job.port?.ask ?? (() => Promise.resolve(false))
        ask(m.question)
          .catch(() => false)
          .then((yes) => {
            if (job.finished) return
            job.asking = false
            slot.worker.postMessage({t: 'answer', id: m.id, yes} satisfies ToWorker)
          })
        break
      }
      case 'acquire':
        job.queue.serial.acquire().then((release) => {
          if (job.finished) {
            release()
            return
          }
          job.release = release
          slot.worker.postMessage({t: 'grant', id: m.id} satisfies ToWorker)
        })
        break
      case 'done':
        this.finish(job, m)
        break
    }
  }

  private finish(job: Job, m: Done): void {
    if (job.finished) return
    job.finished = true
    const slot = job.slot
    slot?.jobs.delete(job.id)
    job.release?.()
    job.release = undefined
    job.resolve(m)
    if (slot?.current === job) {
      slot.current = undefined
      this.schedule()
    }
  }

  private closedIn(slot: Slot, tenant: string, why: string): void {
    const q = this.queues.get(tenant)
    if (!q || !q.openIn.delete(slot)) return
    if (q.openIn.size === 0) {
      this.openTenants--
      this.opts.log(`tenant ${tenant} closed (${why}; ${this.openTenants} open)`)
    }
  }

  /** A worker that stops without being asked to: its commands end with an error line, and a new worker takes its place. */
  private onExit(slot: Slot, code: number): void {
    slot.dead = true
    if (slot.closing) return
    this.opts.log(`worker ${slot.index + 1} stopped (exit ${code}) with ${slot.jobs.size} command(s) running`)
    const stopped = new FailedError(
      "The server's worker thread running this command stopped; a change it had not saved was not made.",
      {code: 'WORKER_STOPPED', fix: 'Check the state (e.g. show status), then try again.'},
    )
    for (const job of [...slot.jobs.values()]) {
      if (job.port) this.fail(job.port, stopped, job.json, job.env)
      this.finish(job, {t: 'done', id: job.id, code: 1, ...(job.port ? {} : {error: wireOf(stopped)})})
    }
    for (const q of this.queues.values()) {
      this.closedIn(slot, q.name, 'its worker stopped')
      if (q.home === slot) q.home = undefined
    }
    if (this.closed || this.slots[slot.index] !== slot) return
    const now = Date.now()
    this.restarts.push(now)
    while (this.restarts.length && this.restarts[0] < now - 60_000) this.restarts.shift()
    if (this.restarts.length > RESTARTS_PER_MINUTE) {
      this.opts.log(`worker ${slot.index + 1} not replaced: ${this.restarts.length} workers stopped within a minute`)
      return
    }
    this.slots[slot.index] = this.spawn(slot.index)
    this.opts.log(`worker ${slot.index + 1} replaced`)
    this.schedule()
  }

  private fail(port: CommandPort, error: UcError, json: boolean, env: Env): number {
    return reportError(error, {
      io: {
        in: undefined as never,
        out: port.out,
        err: port.err,
        stdinIsTTY: false,
        stdoutIsTTY: false,
        color: false,
        columns: 80,
      },
      env,
      json,
    })
  }
}

function wireOf(e: UcError): WireError {
  return {message: e.message, exitCode: e.exitCode === 2 ? 2 : 1, code: e.code, fix: e.fix}
}

function unwire(e: WireError | undefined): UcError {
  if (!e) return new FailedError('The worker gave no answer.', {code: 'INTERNAL'})
  return new UcError(e.message, e.exitCode ?? 1, {code: e.code, fix: e.fix})
}
