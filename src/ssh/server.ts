import {randomUUID} from 'node:crypto'
import {existsSync} from 'node:fs'
import {hostname} from 'node:os'
import {type AddressInfo, isIP} from 'node:net'
import {Readable, Writable} from 'node:stream'
import {StringDecoder} from 'node:string_decoder'

import ssh2 from 'ssh2'
import type {AuthContext, ClientInfo, Connection, ServerChannel} from 'ssh2'

import {type Manifest, readManifest} from '../run/fast.js'
import type {Env} from '../command/handler.js'
import type {IOStreams} from '../command/io.js'
import {errorLine} from '../run/runner.js'
import type {SessionMain} from '../command/session.js'
import {verifyPassword} from '../features/platform/accounts/accounts.js'
import {storedTime} from '../features/world/clock/clock.js'
import {FailedError, UcError, UsageError} from '../core/errors.js'
import {ensureHostKey} from '../features/platform/accounts/host-key.js'
import {parseDuration} from '../core/time.js'
import {oneLine, redact} from '../core/text.js'
import {ROLE_TEXT, resolveCluster, resolveNode} from '../features/world/cluster/topology.js'
import {type AccountRow, accountKeys, findAccount} from '../features/platform/accounts/store.js'
import {defaultDbPath, openOptions} from '../store/db.js'
import {Store} from '../store/store.js'
import {makeCompleter} from '../shell/complete.js'
import {Executor, FAILED_TEXT} from '../shell/executor.js'
import {Serial} from '../run/serial.js'
import {stopWhen} from '../run/stop-when.js'
import {type Lab, type Lease, TenantPool, templateLine} from '../run/tenants.js'
import {tenantPath, tenantsDir} from '../features/scenario/tenants/dir.js'
import {type Target, sessionTarget} from './target.js'
import {MAX_WORKERS, WorkerPool, defaultWorkers} from './workers.js'
import {
  LOCKOUT_WINDOW_MS,
  SERVER_HEARTBEAT_MS,
  endAttempt,
  heartbeat,
  pidAlive,
  serverGone,
  startAttempt,
} from '../features/platform/accounts/logins.js'
import {KeyQueue, runInteractive, type TerminalPort} from '../shell/terminal.js'
import {sessionBanner} from '../shell/banner.js'

const {Server, utils} = ssh2

/**
 * `ucadmin serve ssh`: the admin: CLI over SSH for automation written against real CUCM (expect, paramiko,
 * netmiko, Unicon, OpenSSH exec). One process, one open Store; every session's commands run one at a time through
 * the CLI's runner (a Serial queue), each session on its own node. Real time is used here only for network
 * matters: the idle timeout, the login grace time and the failed-login window.
 */

export interface ServeOptions {
  host: string
  port: number
  /** Default node/cluster for accounts without their own. */
  node?: string
  cluster?: string
  /** Close a connection after this long without input (ms; 0: never). */
  idleMs: number
  /** Failed logins allowed on one connection before it is closed. */
  maxAuthTries: number
  /** Failed logins per account name or per client address within lockoutWindowMs before logins are refused. */
  lockout: number
  lockoutWindowMs: number
  /** A connection not logged in this long after it was accepted (before any SSH banner) is closed (ms). */
  loginGraceMs: number
  /** Connections accepted but not logged in yet: at most this many in all, and per client address (sshd's MaxStartups). */
  maxStartups: number
  perSourceMaxStartups: number
  /** Tenants: each account logs in to its own state file in this folder. */
  tenants?: string
  /** The lab file or snapshot new tenants are made from. */
  template?: string
  /** Close a tenant's state file when no session has used it for this long (ms). */
  tenantIdleMs: number
  /** With tenants: worker threads that run the tenants' commands (0: on the main thread). */
  workers: number
  /** Stop when standard input closes (the process that started the server has gone). */
  exitOnStdinClose: boolean
}

export const LOGIN_GRACE_MS = 60_000
export {LOCKOUT_WINDOW_MS}
const METHODS: Array<'publickey' | 'password' | 'keyboard-interactive'> = [
  'publickey',
  'password',
  'keyboard-interactive',
]

/** The longest idle timeout: what a timer holds (2^31 - 1 ms, about 24.8 days). */
export const MAX_IDLE_MS = 2 ** 31 - 1

function hostFlag(text: unknown): string {
  const host = String(text).trim()
  if (!isIP(host)) {
    throw new UsageError(`--host must be an IP address to listen on, not "${oneLine(host, 80)}".`, {
      code: 'BAD_FLAG',
      fix: 'Give an address of this machine, e.g. --host 127.0.0.1 (the default), --host ::1 or --host 0.0.0.0 for every interface.',
    })
  }
  return host
}

function idleFlag(text: unknown): number {
  const idle = String(text).trim()
  if (idle === '0' || idle === 'off') return 0
  const ms = parseDuration(idle)
  if (ms > MAX_IDLE_MS) {
    throw new UsageError(`--idle-timeout ${oneLine(idle, 40)} is longer than the server can wait (24 days).`, {
      code: 'BAD_FLAG',
      fix: 'Give at most 24d (e.g. --idle-timeout 8h), or 0 to never close idle sessions.',
    })
  }
  return ms
}

/**
 * The options of `serve ssh` from its parsed flags (the one parser has checked the integers and applied the
 * defaults of the flag definitions); checks what the parser cannot: the address, the idle timeout's length.
 */
export function serveOptions(flags: Record<string, unknown>): ServeOptions {
  return {
    host: hostFlag(flags.host),
    port: flags.port as number,
    node: flags.node as string | undefined,
    cluster: flags.cluster as string | undefined,
    idleMs: idleFlag(flags['idle-timeout']),
    maxAuthTries: flags['max-auth-tries'] as number,
    lockout: flags.lockout as number,
    lockoutWindowMs: LOCKOUT_WINDOW_MS,
    loginGraceMs: durationFlag('login-grace', flags['login-grace'], '60s', 1000, 600_000),
    maxStartups: flags['max-startups'] as number,
    perSourceMaxStartups: flags['per-source-max-startups'] as number,
    tenants: flags.tenants as string | undefined,
    template: flags.template as string | undefined,
    tenantIdleMs: durationFlag('tenant-idle', flags['tenant-idle'], '5m', 1000, MAX_IDLE_MS),
    workers: workersFlag(flags.workers, flags.tenants !== undefined),
    exitOnStdinClose: flags['exit-on-stdin-close'] === true,
  }
}

function workersFlag(value: unknown, tenants: boolean): number {
  if (value === undefined) return tenants ? defaultWorkers() : 0
  const n = value as number
  if (!tenants && n > 0)
    throw new UsageError("--workers is for tenants: the threads that run the tenants' commands.", {
      code: 'BAD_FLAG',
      fix: 'Add --tenants DIR, or drop --workers (one state file runs its commands one at a time anyway).',
    })
  return Math.min(n, MAX_WORKERS)
}

function durationFlag(name: string, text: unknown, def: string, min: number, max: number): number {
  const t = String(text ?? def).trim()
  const ms = parseDuration(t)
  if (ms < min || ms > max) {
    throw new UsageError(
      `--${name} must be from ${min / 1000}s to ${Math.round(max / 1000)}s, not ${oneLine(t, 40)}.`,
      {code: 'BAD_FLAG', fix: `e.g. --${name} ${def}`},
    )
  }
  return ms
}

const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n')

/**
 * Output a channel may hold that its client has not read yet (bytes). A command never waits for a client (that
 * would hold every other session's commands), so the server buffers at most this much per channel; a client that
 * falls further behind is disconnected.
 */
export const MAX_PENDING_OUTPUT = 8 * 1024 * 1024

/** How far the pager may be ahead of what its client has read (bytes) before it waits. */
const PAGER_AHEAD = 256 * 1024

/** Resolves once the channel has sent everything it holds (or has closed). */
function drained(ch: Writable): Promise<void> {
  if (!ch.writable || ch.writableLength === 0) return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => {
      ch.off('drain', check)
      ch.off('close', done)
      ch.off('error', done)
      resolve()
    }
    const check = () => {
      if (!ch.writable || ch.writableLength === 0) done()
    }
    ch.on('drain', check)
    ch.on('close', done)
    ch.on('error', done)
  })
}

/**
 * Sends text to a channel unless the client is too far behind (then calls overflow once and drops the text).
 * Returns whether the channel still takes output without waiting.
 */
function send(ch: Writable, text: string, overflow: () => void): boolean {
  if (!ch.writable) return false
  if (ch.writableLength + text.length > MAX_PENDING_OUTPUT) {
    overflow()
    return false
  }
  return ch.write(text)
}

/** A Writable that sends to an SSH channel, with CRLF line ends when the client has a terminal. */
function channelWriter(target: Writable, convert: boolean, overflow: () => void): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk, _enc, cb) {
      send(target, convert ? crlf(String(chunk)) : String(chunk), overflow)
      cb()
    },
  })
}

/** A session's lab: where it lands, its banner, the executor of its commands; released when the session ends. */
interface SessionLab {
  tenant?: string
  target: Target
  banner?: string[]
  exec: Executor
  release(): void
}

interface OpenShell {
  write(text: string): void
  keys: KeyQueue
  /** Resolves when the shell has ended its channel. */
  done: Promise<void>
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref())

/**
 * Tells shells why they end, ends their prompt loops and waits (a moment at most) until they have closed their
 * channels, so the message reaches the client before the connection goes.
 */
async function closeShells(shells: Iterable<OpenShell>, message: string): Promise<void> {
  const list = [...shells]
  for (const s of list) {
    s.write(message)
    s.keys.end()
  }
  await Promise.race([Promise.all(list.map((s) => s.done)), delay(2000)])
}

type Sock = {
  destroy(): void
  once(event: 'close', fn: () => void): void
  remoteAddress?: string
  setNoDelay?(on: boolean): void
}

export class SshServer {
  /** The queue of the server's own state file (accounts, lock-outs, host key; and the lab without tenants). */
  private readonly serial = new Serial()
  /** This process, as its login attempts name it (attempts of a server that is gone stop counting). */
  private readonly instance = {id: randomUUID(), hostname: hostname(), pid: process.pid}
  private heartbeatTimer?: NodeJS.Timeout
  /** Accepted connections not logged in yet, with their address and login grace timer. */
  private readonly pending = new Map<Sock, {ip: string; timer: NodeJS.Timeout}>()
  /** Open connections, each with a promise that resolves when it has closed. */
  private readonly clients = new Map<Connection, Promise<void>>()
  private readonly shells = new Set<OpenShell>()
  /** Every TCP socket accepted, whatever stage its SSH handshake or login is at (cut when the server stops). */
  private readonly sockets = new Set<Sock>()
  private server?: InstanceType<typeof Server>
  private stopping = false
  private stopped!: Promise<void>
  private markStopped!: () => void
  hostKey?: {type: string; fingerprint: string; publicKey: string}

  constructor(
    private readonly store: Store,
    private readonly manifest: Manifest,
    private readonly env: Env,
    private readonly opts: ServeOptions,
    private readonly log: (line: string) => void,
    /**
     * Tenants (serve ssh --tenants DIR): each account's sessions work on its own state file, opened on this thread
     * (a TenantPool) or on worker threads (a WorkerPool).
     */
    private readonly pool?: TenantPool | WorkerPool,
  ) {
    this.stopped = new Promise((resolve) => {
      this.markStopped = resolve
    })
  }

  /** A read of the store outside any command, queued with the commands. */
  private read<T>(fn: () => T): Promise<T> {
    return this.serial.read(this.store, fn)
  }

  /** A write to the store outside any command (login attempts), queued with the commands, in its own transaction. */
  private write<T>(fn: () => T): Promise<T> {
    return this.serial.write(this.store, fn)
  }

  /** Checks --node and --cluster against the state file (before listening, so a typo writes nothing). */
  checkDefaults(): Promise<void> {
    const {node, cluster} = this.opts
    if (!node && !cluster) return Promise.resolve()
    return this.read(() => {
      resolveNode(this.store, resolveCluster(this.store, {cluster, node}), node)
    })
  }

  async listen(): Promise<AddressInfo> {
    const key = await this.serial.run(() => {
      this.store.begin(true)
      try {
        const k = ensureHostKey(this.store, {now: () => storedTime(this.store)})
        this.store.commit()
        return k
      } catch (error) {
        this.store.rollback()
        throw error
      }
    })
    this.hostKey = {type: key.type, fingerprint: key.fingerprint, publicKey: key.publicKey}
    await this.heartbeat()
    this.heartbeatTimer = setInterval(() => {
      this.heartbeat().catch((e: Error) => this.log(`heartbeat: ${e.message}`))
    }, SERVER_HEARTBEAT_MS)
    this.heartbeatTimer.unref()
    const server = new Server({hostKeys: [key.privateKey], ident: 'ucadmin'}, (client, info) =>
      this.onConnection(client, info),
    )
    this.server = server
    // ssh2's Server wraps a net.Server: track its sockets from the moment they are accepted (ssh2 itself only
    // hears of a connection once the client has sent its banner), so that the login grace time starts at accept,
    // connections not logged in yet are capped, and a stop also cuts connections still logging in.
    const net = (server as unknown as {_srv?: {on(event: 'connection', fn: (sock: Sock) => void): void}})._srv
    net?.on('connection', (sock) => this.onAccept(sock))
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(this.opts.port, this.opts.host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    server.on('error', (e: Error) => this.log(`server error: ${e.message}`))
    return server.address() as AddressInfo
  }

  /** Refreshes this server's row; forgets servers that are gone (their running login attempts stop counting). */
  private heartbeat(): Promise<void> {
    return this.write(() => heartbeat(this.store, this.instance, Date.now(), pidAlive))
  }

  /**
   * A TCP connection accepted: refused at once when too many connections are not logged in yet (in all, or from its
   * address); otherwise it has the login grace time from now to log in, banner or not.
   */
  private onAccept(sock: Sock): void {
    this.sockets.add(sock)
    // An admin: prompt answers each line with a few small writes: send them at once (no Nagle delay of ~40 ms).
    sock.setNoDelay?.(true)
    const ip = sock.remoteAddress ?? '?'
    let fromIp = 0
    for (const p of this.pending.values()) if (p.ip === ip) fromIp++
    if (this.pending.size >= this.opts.maxStartups || fromIp >= this.opts.perSourceMaxStartups) {
      this.log(
        `refused a connection from ${ip}: ${fromIp >= this.opts.perSourceMaxStartups ? `${fromIp} from that address` : `${this.pending.size} in all`} not logged in yet`,
      )
      sock.destroy()
      return
    }
    const timer = setTimeout(() => {
      if (!this.pending.has(sock)) return
      this.log(`login grace time over: closing a connection from ${ip}`)
      // No longer counted from now on: the next connection from that address is not refused for this one.
      this.pending.delete(sock)
      sock.destroy()
    }, this.opts.loginGraceMs)
    timer.unref()
    this.pending.set(sock, {ip, timer})
    sock.once('close', () => {
      clearTimeout(timer)
      this.pending.delete(sock)
      this.sockets.delete(sock)
    })
  }

  /** A connection has logged in: no longer counted as pending, no grace timer. */
  private loggedIn(client: Connection): void {
    const sock = (client as unknown as {_sock?: Sock})._sock
    const p = sock && this.pending.get(sock)
    if (!p) return
    clearTimeout(p.timer)
    this.pending.delete(sock)
  }

  /** Resolves once stop() has finished. */
  untilStopped(): Promise<void> {
    return this.stopped
  }

  /** Stops listening, tells open shells, lets running commands finish, and disconnects everyone. */
  async stop(reason: string): Promise<void> {
    if (this.stopping) return this.stopped
    this.stopping = true
    this.log(`stopping (${reason})`)
    this.server?.close()
    await closeShells(this.shells, '\nThe server is shutting down.\n')
    // A running command ends within run sql's statement limit; never wait for one longer than a moment.
    await Promise.race([this.serial.idle(), delay(3000)])
    // Clients whose channels have all closed hang up by themselves (a disconnect sent too early can make OpenSSH
    // drop output it has not shown yet); the rest are disconnected, and sockets that still linger are cut.
    await Promise.race([Promise.all(this.clients.values()), delay(1000)])
    const rest = [...this.clients.keys()]
    for (const c of rest) c.end()
    if (rest.length) {
      await Promise.race([Promise.all(this.clients.values()), delay(1000)])
      for (const c of this.clients.keys()) (c as unknown as {_sock?: {destroy(): void}})._sock?.destroy()
    }
    // Connections that never finished logging in (no session yet) would keep the process alive until their
    // keepalive times out: cut them too.
    for (const sock of this.sockets) sock.destroy()
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer)
    await this.pool?.closeAll(1000)
    await this.write(() => serverGone(this.store, this.instance.id)).catch(() => undefined)
    this.markStopped()
  }

  private onConnection(client: Connection, info: ClientInfo): void {
    if (this.stopping) {
      client.end()
      return
    }
    this.clients.set(client, new Promise<void>((resolve) => client.once('close', () => resolve())))
    const ip = info.ip
    const state: {account?: AccountRow; tries: number; method?: string} = {tries: 0}
    const shells = new Set<OpenShell>()
    let idle: NodeJS.Timeout | undefined
    let overflowed = false
    const overflow = () => {
      if (overflowed) return
      overflowed = true
      this.log(
        `disconnecting ${state.account?.name ?? '?'} from ${ip}: more than ${MAX_PENDING_OUTPUT / 1024 / 1024} MiB of output not read`,
      )
      client.end()
      setTimeout(() => (client as unknown as {_sock?: {destroy(): void}})._sock?.destroy(), 1000).unref()
    }
    const onIdle = () => {
      this.log(`idle timeout: ${state.account?.name ?? '?'} from ${ip}`)
      closeShells(shells, `\nNo input for ${Math.round(this.opts.idleMs / 1000)}s: closing the session.\n`)
        .then(() => Promise.race([this.clients.get(client), delay(1000)]))
        .finally(() => client.end())
    }
    const touch = () => {
      if (!this.opts.idleMs) return
      if (idle) clearTimeout(idle)
      idle = setTimeout(onIdle, this.opts.idleMs)
      idle.unref()
    }

    client.on('error', (e: Error) => this.log(`connection from ${ip}: ${e.message}`))
    client.on('close', () => {
      this.clients.delete(client)
      if (idle) clearTimeout(idle)
      for (const s of shells) {
        s.keys.end()
        this.shells.delete(s)
      }
      if (state.account) this.log(`logout ${state.account.name} from ${ip}`)
    })
    client.on('authentication', (ctx) => {
      this.authenticate(ctx, ip, state, client).catch((e: Error) => {
        this.log(`authentication error: ${e.message}`)
        ctx.reject()
      })
    })
    client.on('ready', () => {
      this.loggedIn(client)
      touch()
      this.log(`login ${state.account!.name} from ${ip} (${state.method})`)
      client.on('session', (accept) => {
        const session = accept()
        const term: {pty?: {rows: number; cols: number}} = {}
        session.on('pty', (acceptPty, _reject, pty) => {
          term.pty = {rows: pty.rows || 24, cols: pty.cols || 80}
          acceptPty?.()
        })
        session.on('window-change', (acceptWc, _reject, w) => {
          if (term.pty) term.pty = {rows: w.rows || term.pty.rows, cols: w.cols || term.pty.cols}
          acceptWc?.()
        })
        session.on('env', (acceptEnv) => acceptEnv?.())
        session.on('shell', (acceptShell) => {
          const ch = acceptShell()
          touch()
          this.shell(ch, state.account!, term, touch, shells, overflow).catch((e: Error) =>
            this.log(`shell error: ${e.message}`),
          )
        })
        session.on('exec', (acceptExec, _reject, req) => {
          const ch = acceptExec()
          touch()
          this.exec(ch, state.account!, term, req.command, overflow).catch((e: Error) =>
            this.log(`exec error: ${e.message}`),
          )
        })
        session.on('subsystem', (_a, reject) => reject())
        session.on('sftp', (_a, reject) => reject())
      })
      client.on('tcpip', (_a, reject) => reject())
      client.on('openssh.streamlocal', (_a, reject) => reject())
      client.on('request', (_a, reject) => reject?.())
    })
  }

  private get limits() {
    return {lockout: this.opts.lockout, windowMs: this.opts.lockoutWindowMs}
  }

  private async authenticate(
    ctx: AuthContext,
    ip: string,
    state: {account?: AccountRow; tries: number; method?: string},
    client: Connection,
  ): Promise<void> {
    const user = ctx.username
    const who = oneLine(user, 64)
    if (ctx.method === 'none' || ctx.method === 'hostbased') {
      ctx.reject(METHODS)
      return
    }
    const fail = (why: string) => {
      state.tries++
      this.log(`failed ${ctx.method} for ${who} from ${ip}: ${why}`)
      if (state.tries >= this.opts.maxAuthTries) {
        // Like sshd's MaxAuthTries: disconnect instead of answering, so the client does not ask again.
        this.log(`disconnecting ${ip}: ${state.tries} failed logins`)
        client.end()
      } else ctx.reject(METHODS)
    }
    const succeed = (account: AccountRow) => {
      state.account = account
      state.method = ctx.method
      ctx.accept()
    }
    const keys = [`user:${user}`, `addr:${ip}`]
    /**
     * Every credential check counts as an attempt from the moment it starts (in the state file, so parallel
     * attempts, other servers and restarts see it); a locked name or address is refused before any check.
     */
    const attempt = async (check: () => Promise<{account?: AccountRow; why?: string}>) => {
      const begin = () => this.write(() => startAttempt(this.store, keys, Date.now(), this.limits, this.instance.id))
      let start = await begin()
      // While attempts still running could reach the limit, wait for them to end (at most the login grace time).
      for (let waited = 0; !start.ok && 'busy' in start && waited < this.opts.loginGraceMs; waited += 25) {
        await delay(25)
        start = await begin()
      }
      if (!start.ok && 'busy' in start) {
        this.log(`refused ${who} from ${ip}: too many logins in progress`)
        ctx.reject(METHODS)
        return
      }
      if (!start.ok) {
        const mins = Math.max(1, Math.ceil((start.until - Date.now()) / 60_000))
        this.log(
          `refused ${who} from ${ip}: too many failed logins (${start.key.startsWith('user:') ? 'account' : 'address'} locked for ${mins} more min)`,
        )
        ctx.reject(METHODS)
        return
      }
      let r: {account?: AccountRow; why?: string}
      try {
        r = await check()
      } catch (error) {
        r = {why: (error as Error).message}
      }
      const locked = await this.write(() =>
        endAttempt(this.store, start.ids, r.account !== undefined, Date.now(), this.limits),
      )
      for (const k of locked)
        this.log(
          `locked ${oneLine(k, 80)} for ${Math.round(this.opts.lockoutWindowMs / 60_000)} min: ${this.opts.lockout} failed logins`,
        )
      if (r.account) succeed(r.account)
      else fail(r.why ?? 'refused')
    }
    const checkPassword = (password: string) =>
      attempt(async () => {
        const account = await this.read(() => findAccount(this.store, user))
        // verifyPassword runs scrypt even without an account, so timing does not tell names apart.
        const ok = await verifyPassword(password, account?.passwordHash)
        return ok && account ? {account} : {why: account ? 'wrong password' : 'no such account'}
      })
    switch (ctx.method) {
      case 'password':
        await checkPassword(ctx.password)
        return
      case 'keyboard-interactive':
        // The prompt ends in "password:", which expect scripts written for CUCM wait for.
        ctx.prompt([{prompt: `${who}'s password: `, echo: false}], (answers) => {
          checkPassword(answers[0] ?? '').catch(() => ctx.reject())
        })
        return
      case 'publickey': {
        const found = await this.read(() => {
          const a = findAccount(this.store, user)
          return a ? {account: a, keys: accountKeys(this.store, a.id)} : undefined
        })
        const key = found?.keys.find((k) => Buffer.from(k.blob, 'base64').equals(ctx.key.data))
        if (!found || !key) {
          // An offered key that is not on file is not a failed login: clients try their keys one by one.
          ctx.reject(METHODS)
          return
        }
        if (!ctx.signature || !ctx.blob) {
          ctx.accept()
          return
        }
        const signature = ctx.signature
        const blob = ctx.blob
        await attempt(async () => {
          const parsed = utils.parseKey(`${key.type} ${key.blob}`)
          const ok =
            !(parsed instanceof Error) &&
            !Array.isArray(parsed) &&
            parsed.verify(blob, signature, ctx.hashAlgo) === true
          return ok ? {account: found.account} : {why: 'bad key signature'}
        })
        return
      }
      default:
        ;(ctx as AuthContext).reject(METHODS)
    }
  }

  /**
   * The lab a session of this account works on: the server's own state file, or with --tenants the account's own
   * (opened, or made from the template, now; the login recorded in it); where the session lands (see
   * sessionTarget), its banner when asked, and the executor of its commands. The session releases it when it ends.
   */
  private async openLab(account: AccountRow, banner: boolean): Promise<SessionLab> {
    const defaults = {node: this.opts.node, cluster: this.opts.cluster}
    const pool = this.pool
    if (pool instanceof WorkerPool) {
      const tenant = account.name
      const opened = await pool.open(tenant, account, {defaults, login: true, banner})
      const env: Env = {
        ...this.env,
        UCADMIN_ACCOUNT: account.name,
        UCADMIN_DB: tenantPath(pool.dir, tenant),
        UCADMIN_TENANT: tenant,
      }
      const exec: Executor = new Executor({
        manifest: this.manifest,
        env,
        kind: 'ssh',
        node: opened.target.node,
        cluster: opened.target.cluster,
        pinned: true,
        ownFile: true,
        run: (ref, input, io, o) =>
          pool.command(tenant, ref, input, {
            env: exec.commandEnv,
            columns: io.columns,
            port: {out: io.out, err: io.err, ask: o.confirm, signal: o.signal},
          }),
      })
      return {tenant, target: opened.target, banner: opened.banner, exec, release: () => undefined}
    }
    let lab: Lease
    if (pool) {
      lab = pool.acquire(account.name)
      try {
        await pool.recordLogin(lab)
      } catch (error) {
        lab.release()
        throw error
      }
    } else lab = {store: this.store, serial: this.serial, release: () => undefined}
    try {
      const target = await lab.serial.read(lab.store, () => sessionTarget(account, lab.store, defaults))
      const text = banner ? await lab.serial.run(() => sessionBanner(lab.store, target)) : undefined
      return {tenant: lab.tenant, target, banner: text, exec: this.executor(target, account, lab), release: lab.release}
    } catch (error) {
      lab.release()
      throw error
    }
  }

  /** The session's executor: its node and cluster, and the account it logged in with (show myself). */
  private executor(t: Target, account: AccountRow, lab: Lab): Executor {
    const env: Env = {...this.env, UCADMIN_ACCOUNT: account.name, UCADMIN_DB: lab.store.path}
    if (lab.tenant) env.UCADMIN_TENANT = lab.tenant
    return new Executor({
      store: lab.store,
      manifest: this.manifest,
      env,
      kind: 'ssh',
      node: t.node,
      cluster: t.cluster,
      pinned: true,
      serial: lab.serial,
      ownFile: lab.tenant !== undefined,
    })
  }

  private async shell(
    ch: ServerChannel,
    account: AccountRow,
    term: {pty?: {rows: number; cols: number}},
    touch: () => void,
    shells: Set<OpenShell>,
    overflow: () => void,
  ): Promise<void> {
    const keys = new KeyQueue()
    keys.onInput = touch
    ch.on('error', () => keys.end())
    const decoder = new StringDecoder('utf8')
    // Backpressure: while the client has not read what was sent, its input waits (the channel stops reading, so
    // the SSH window closes): the next command does not run, and output stays bounded.
    let waiting = false
    const onData = (d: Buffer) => {
      keys.push(decoder.write(d))
      if (!waiting && ch.writableLength > 0) {
        waiting = true
        ch.pause()
        drained(ch).then(() => {
          waiting = false
          ch.resume()
        })
      }
    }
    ch.on('data', onData)
    ch.on('end', () => keys.end())
    ch.on('close', () => keys.end())
    // What the prompt writes within one turn of the event loop (the echo of a pasted line, key by key) goes out as
    // one channel write, not one SSH packet per character.
    let pendingText = ''
    const flush = () => {
      const text = pendingText
      pendingText = ''
      if (text) send(ch, crlf(text), overflow)
    }
    const write = (text: string) => {
      if (!pendingText) setImmediate(flush)
      pendingText += text
      if (pendingText.length >= 64 * 1024) flush()
    }
    let finished!: () => void
    const open: OpenShell = {write, keys, done: new Promise((resolve) => (finished = resolve))}
    const gone = new AbortController()
    ch.on('close', () => gone.abort())
    let lab: SessionLab
    try {
      lab = await this.openLab(account, true)
    } catch (error) {
      write(`${error instanceof UcError ? errorLine(error) : `Error: ${oneLine((error as Error).message)}`}\n`)
      flush()
      ch.exit(1)
      ch.end()
      return
    }
    const {target, exec} = lab
    shells.add(open)
    this.shells.add(open)
    const where = target.node
      ? `Node ${target.node} (${ROLE_TEXT[target.role as keyof typeof ROLE_TEXT] ?? target.role}), cluster ${target.cluster}, release ${target.version}; simulated by ucadmin.`
      : 'No cluster yet; simulated by ucadmin (create one with `ucadmin cluster create` on the server).'
    const port: TerminalPort = {
      signal: gone.signal,
      // The pager sends its next page once the client has read most of what was sent.
      drained: async () => {
        flush()
        if (ch.writableLength > PAGER_AHEAD) await drained(ch)
      },
      keys,
      write: (text) => write(text),
      rows: () => term.pty?.rows ?? 24,
      columns: () => term.pty?.cols ?? 80,
      paging: Boolean(term.pty),
      color: false,
      commandsMayPrompt: false,
    }
    try {
      this.log(`shell ${account.name}: ${lab.tenant ? `tenant ${lab.tenant}, ` : ''}${where}`)
      await runInteractive(exec, port, {banner: lab.banner, completer: makeCompleter(this.manifest, exec.visible)})
    } finally {
      lab.release()
      shells.delete(open)
      this.shells.delete(open)
      flush()
      if (ch.writable) {
        ch.exit(0)
        ch.end()
      }
      finished()
    }
  }

  /** `ssh host 'COMMAND'`: each line of COMMAND runs like a script line; the exit status is the failing command's. */
  private async exec(
    ch: ServerChannel,
    account: AccountRow,
    term: {pty?: {rows: number; cols: number}},
    command: string,
    overflow: () => void,
  ): Promise<void> {
    ch.on('error', () => undefined)
    const pty = Boolean(term.pty)
    const out = channelWriter(ch, pty, overflow)
    const err = pty ? out : channelWriter(ch.stderr, false, overflow)
    let code = 0
    const gone = new AbortController()
    ch.on('close', () => gone.abort())
    let lab: SessionLab | undefined
    try {
      lab = await this.openLab(account, false)
      const exec = lab.exec
      const io: IOStreams = {
        in: Readable.from([]),
        out,
        err,
        stdinIsTTY: false,
        stdoutIsTTY: false,
        color: false,
        columns: term.pty?.cols ?? 80,
      }
      for (const line of command.split(/\r?\n/)) {
        const r = await exec.execute(line, io, {signal: gone.signal})
        if (r.kind === 'quit') break
        if (r.kind === 'ran' && r.code !== 0) {
          if (!r.json) out.write(`${FAILED_TEXT}\n`)
          code = r.code
          break
        }
        // The next line runs once the client has read this one's output (backpressure, bounded memory).
        await drained(ch)
        if (!ch.writable) break
      }
    } catch (error) {
      err.write(`${error instanceof UcError ? errorLine(error) : `Error: ${oneLine((error as Error).message)}`}\n`)
      code = error instanceof UcError ? error.exitCode : 1
    } finally {
      lab?.release()
    }
    this.log(`exec ${account.name}: ${oneLine(redact(command), 200)} (exit ${code})`)
    ch.exit(code)
    ch.end()
  }
}

/** The session body of `ucadmin serve ssh`. */
export const serve: SessionMain = async (input, {io, env, root}) => {
  // Every flag is checked before anything is opened, created or written.
  const opts = serveOptions(input.flags)
  const manifest = readManifest(root)
  if (!manifest)
    throw new FailedError('oclif.manifest.json is missing, so the server does not know the commands.', {
      fix: 'Run `npm run build`.',
    })
  const path = defaultDbPath(env)
  const dir = opts.tenants === undefined ? undefined : tenantsDir(opts.tenants)
  if (opts.template !== undefined && !dir)
    throw new UsageError('--template is for tenants: the lab every new tenant starts from.', {
      code: 'BAD_FLAG',
      fix: 'Add --tenants DIR, or apply the lab to the state file: ucadmin apply -f LAB.yaml',
    })
  if (!dir && (opts.node || opts.cluster) && !existsSync(path)) {
    throw new UsageError(
      `There is no cluster yet, so there is no ${opts.node ? `node ${oneLine(opts.node, 80)}` : `cluster ${oneLine(opts.cluster!, 80)}`}.`,
      {
        code: opts.node ? 'UNKNOWN_NODE' : 'UNKNOWN_CLUSTER',
        fix: 'Create one first: ucadmin cluster create NAME --version 14SU3 --publisher cucm-pub',
      },
    )
  }
  // Log lines are one line each, whatever a client sends (user names, commands).
  const log = (line: string) =>
    io.err.write(`${new Date().toISOString().replace(/\.\d+Z$/, 'Z')} ${oneLine(line, 400)}\n`)
  // The template is written (and a bad one refused, exit 2) before the state file is opened or a port listened on.
  if (dir) log(await templateLine(dir, opts.template, env))
  const store = Store.open(path, openOptions(env))
  const pool = !dir
    ? undefined
    : opts.workers > 0
      ? new WorkerPool({size: opts.workers, dir, idleMs: opts.tenantIdleMs, manifest, log})
      : new TenantPool(dir, {idleMs: opts.tenantIdleMs, log})
  if (pool instanceof WorkerPool) log(`tenants' commands run on ${pool.workers} worker threads`)
  const server = new SshServer(store, manifest, env, opts, log, pool)
  let undoStop: (() => void) | undefined
  try {
    // With tenants, --node/--cluster name a node of each tenant's lab: checked when a session opens.
    if (!dir) await server.checkDefaults()
    let addr: AddressInfo
    try {
      addr = await server.listen()
    } catch (error) {
      const e = error as NodeJS.ErrnoException
      if (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL') {
        throw new FailedError(`Cannot listen on ${opts.host}:${opts.port} (${e.code}).`, {
          code: 'LISTEN_FAILED',
          fix: 'Pick another --port (0 picks a free one) or --host.',
        })
      }
      throw error
    }
    undoStop = stopWhen(
      (signal) => void server.stop(signal).catch(() => undefined),
      io.in,
      opts.exitOnStdinClose === true,
    )
    const hk = server.hostKey!
    if (input.flags.json === true) {
      // JSON Lines, as every server's --json: one document on one line (json.loads(p.stdout.readline())).
      io.out.write(
        `${JSON.stringify({host: addr.address, port: addr.port, hostKey: {type: hk.type, fingerprint: hk.fingerprint, publicKey: hk.publicKey}, ...(dir ? {tenants: dir} : {})})}\n`,
      )
    } else {
      io.out.write(`Listening on ${addr.address}:${addr.port}\n`)
      io.out.write(`Host key: ${hk.type} ${hk.fingerprint}\n`)
      if (dir) io.out.write(`Tenants: ${dir}\n`)
    }
    await server.untilStopped()
    log('stopped')
    return 0
  } finally {
    undoStop?.()
    await pool?.closeAll(1000)
    store.close()
  }
}
