import {chmodSync, copyFileSync, existsSync, renameSync, rmSync, statSync} from 'node:fs'
import {extname, resolve} from 'node:path'
import {Readable, Writable} from 'node:stream'

import type {Env} from '../command/handler.js'
import type {IOStreams} from '../command/io.js'
import {FailedError, UsageError} from '../core/errors.js'
import {oneLine} from '../core/text.js'
import {inspectSnapshot} from '../features/scenario/labs/state.js'
import {createTenant, recordLogin, templatePath, tenantPath} from '../features/scenario/tenants/dir.js'
import {openDatabase} from '../store/db.js'
import {Store} from '../store/store.js'
import {runHandler} from './runner.js'
import {Serial} from './serial.js'

/**
 * The tenants of one server: a state file per tenant in one folder, opened on first use and closed when no session
 * has used it for a while. Each open tenant has its own Store and its own queue (Serial), so tenants' commands,
 * clocks and confirmations never wait for each other's. Front-door neutral: `serve ssh --tenants` uses it, and the
 * HTTPS server can lease tenants the same way (acquire by name, release when the request or session ends).
 */

/** A state file and the queue its users in this process take turns on. */
export interface Lab {
  store: Store
  serial: Serial
  /** The tenant's name; undefined for a server's single state file. */
  tenant?: string
}

/** A lab held by a session (or a request) until it calls release(). */
export interface Lease extends Lab {
  release(): void
}

interface OpenTenant {
  lab: Lab
  users: number
  lastUsed: number
  /** The file's inode when it was opened: a tenant deleted and made again is opened afresh. */
  ino: number
}

export interface PoolOptions {
  /** Close a tenant nobody has used for this long (ms, real time). */
  idleMs: number
  log: (line: string) => void
  /** Real time (ms); injectable for tests. */
  now?: () => number
  /** Told when a tenant's file is opened and closed (a worker thread tells the main thread). */
  opened?: (name: string) => void
  closed?: (name: string) => void
}

export class TenantPool {
  private readonly open = new Map<string, OpenTenant>()
  private timer?: NodeJS.Timeout
  private readonly now: () => number

  constructor(
    readonly dir: string,
    private readonly opts: PoolOptions,
  ) {
    this.now = opts.now ?? Date.now
    if (opts.idleMs > 0) {
      this.timer = setInterval(() => this.closeIdle(), Math.min(opts.idleMs, 60_000))
      this.timer.unref()
    }
  }

  /** How many tenants are open now. */
  get size(): number {
    return this.open.size
  }

  /**
   * The tenant's lab for a session: opened (made from the template on first login) if it is not open. Refused
   * (exit 1) when the tenant has no file and the folder no template.
   */
  acquire(name: string): Lease {
    const path = tenantPath(this.dir, name)
    let t = this.open.get(name)
    if (t && inode(path) !== t.ino) {
      // Deleted (or reset by replacing the file) behind the server's back: sessions still open keep the old one.
      this.open.delete(name)
      if (t.users === 0) this.closeOne(name, t)
      t = undefined
    }
    if (!t) {
      if (!createTenant(this.dir, name)) {
        throw new FailedError(`There is no lab for ${name} yet, and the server has no template to make one from.`, {
          code: 'NO_TENANT',
          fix: 'On the server: start serve ssh --tenants DIR with --template LAB.yaml (or a saved snapshot), or put a state file at DIR/NAME.db.',
        })
      }
      const store = Store.open(path, {createFolder: false})
      t = {lab: {store, serial: new Serial(), tenant: name}, users: 0, lastUsed: this.now(), ino: inode(path)}
      this.open.set(name, t)
      this.opts.log(`tenant ${name} opened (${this.open.size} open)`)
      this.opts.opened?.(name)
    }
    const held = t
    held.users++
    held.lastUsed = this.now()
    let released = false
    return {
      ...held.lab,
      release: () => {
        if (released) return
        released = true
        held.users--
        held.lastUsed = this.now()
        if (this.open.get(name) !== held && held.users === 0) this.closeOne(name, held)
      },
    }
  }

  /** Records a login in the tenant's own file (`tenants list` shows it), in the tenant's queue. */
  recordLogin(lab: Lab): Promise<void> {
    return lab.serial.run(() => {
      lab.store.begin(true)
      try {
        recordLogin(lab.store, this.now())
        lab.store.commit()
      } catch (error) {
        lab.store.rollback()
        throw error
      }
    })
  }

  /** Closes the tenants no session holds that nobody has used for idleMs. */
  closeIdle(): void {
    const before = this.now() - this.opts.idleMs
    for (const [name, t] of this.open) {
      if (t.users === 0 && t.lastUsed <= before) {
        this.open.delete(name)
        this.closeOne(name, t)
      }
    }
  }

  private closeOne(name: string, t: OpenTenant): void {
    // Whatever is still queued (nothing, when no session holds it) runs first.
    t.lab.serial
      .idle()
      .then(() => t.lab.store.close())
      .catch(() => undefined)
    this.opts.log(`tenant ${name} closed (idle; ${this.open.size} open)`)
    this.opts.closed?.(name)
  }

  /** Waits for queued commands (at most waitMs) and closes every tenant. */
  async closeAll(waitMs: number): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    const all = [...this.open.values()]
    this.open.clear()
    await Promise.race([
      Promise.all(all.map((t) => t.lab.serial.idle())),
      new Promise((r) => setTimeout(r, waitMs).unref()),
    ])
    for (const t of all) t.lab.store.close()
  }
}

function inode(path: string): number {
  try {
    return statSync(path).ino
  } catch {
    return -1
  }
}

/**
 * The server's start-up log line about the template: the one `--template` wrote, else the one written to DIR by an
 * earlier start, else none (accounts with no lab are refused), so a trainer sees which one new tenants get.
 */
export async function templateLine(dir: string, file: string | undefined, env: Env): Promise<string> {
  if (file !== undefined) {
    const t = await writeTemplate(dir, file, env)
    return `tenants in ${dir}: new tenants start from ${t.kind} ${t.source}`
  }
  return existsSync(templatePath(dir))
    ? `tenants in ${dir}: new tenants start from the template written there earlier (${templatePath(dir)}; --template FILE replaces it)`
    : `tenants in ${dir}: no template, so an account with no lab there is refused (start with --template FILE to make new labs)`
}

const LAB_EXTENSIONS = new Set(['.yaml', '.yml', '.json'])

/**
 * Writes DIR/.template.db from `--template FILE`: a lab file (YAML or JSON) is applied to a fresh state, a saved
 * snapshot is checked and copied. Done once when the server starts (a bad template exits 2 before listening); every
 * new tenant is then a copy of it, which costs a file copy instead of applying the lab again.
 */
export async function writeTemplate(
  dir: string,
  file: string,
  env: Env,
): Promise<{source: string; kind: 'lab' | 'snapshot'}> {
  const source = resolve(file)
  if (!existsSync(source))
    throw new UsageError(`No template file at ${oneLine(file, 200)}.`, {
      code: 'BAD_TEMPLATE',
      fix: 'Give a lab file (LAB.yaml) or a snapshot written by `ucadmin state save PATH`.',
    })
  const target = templatePath(dir)
  const tmp = `${target}.${process.pid}.tmp`
  rmSync(tmp, {force: true})
  try {
    if (LAB_EXTENSIONS.has(extname(source).toLowerCase())) {
      let errors = ''
      const sink = new Writable({write: (_c, _e, cb) => cb()})
      const err = new Writable({
        write: (c, _e, cb) => {
          errors += String(c)
          cb()
        },
      })
      const io: IOStreams = {
        in: Readable.from([]),
        out: sink,
        err,
        stdinIsTTY: false,
        stdoutIsTTY: false,
        color: false,
        columns: 80,
      }
      const code = await runHandler(
        'labs/labs#apply',
        {args: {}, argv: [], flags: {file: source}},
        {io, env: {...env, UCADMIN_DB: tmp, UCADMIN_SESSION: undefined}},
      )
      if (code !== 0) {
        throw new UsageError(
          `The template ${oneLine(file, 200)} could not be applied: ${oneLine(
            errors
              .trim()
              .split('\n')[0]
              ?.replace(/^Error: /, '') ?? '',
            400,
          )}`,
          {
            code: 'BAD_TEMPLATE',
            fix: `Check it with \`ucadmin diff -f ${oneLine(file, 200)}\` on a scratch state (UCADMIN_DB=/tmp/x.db).`,
          },
        )
      }
      // Closed (its WAL checkpointed into it): one file, what every tenant copies.
      openDatabase(tmp).close()
    } else {
      inspectSnapshot(source, `The template ${oneLine(file, 200)}`)
      copyFileSync(source, tmp)
      openDatabase(tmp).close()
    }
    chmodSync(tmp, 0o600)
    renameSync(tmp, target)
  } finally {
    rmSync(tmp, {force: true})
    rmSync(`${tmp}-wal`, {force: true})
    rmSync(`${tmp}-shm`, {force: true})
  }
  return {source, kind: LAB_EXTENSIONS.has(extname(source).toLowerCase()) ? 'lab' : 'snapshot'}
}
