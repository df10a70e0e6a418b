import {createHash, randomUUID} from 'node:crypto'
import {existsSync} from 'node:fs'
import type {IncomingMessage, ServerResponse} from 'node:http'
import https from 'node:https'
import net, {type AddressInfo, isIP} from 'node:net'
import {hostname} from 'node:os'

import {type Manifest, readFastManifest} from '../../run/fast.js'
import type {Env} from '../../command/handler.js'
import type {SessionMain} from '../../command/session.js'
import {FailedError, UcError, UsageError} from '../../core/errors.js'
import {oneLine} from '../../core/text.js'
import {verifyPassword} from '../../features/platform/accounts/accounts.js'
import {
  DEFAULT_LOCKOUT,
  LOCKOUT_WINDOW_MS,
  SERVER_HEARTBEAT_MS,
  anyLocked,
  endAttempt,
  heartbeat,
  pidAlive,
  serverGone,
  startAttempt,
} from '../../features/platform/accounts/logins.js'
import {type AccountRow, findAccount} from '../../features/platform/accounts/store.js'
import {storedTime} from '../../features/world/clock/clock.js'
import {type ClusterRow, type NodeRow, clusterById, findNode, listNodes} from '../../features/world/cluster/store.js'
import {resolveCluster, resolveNode} from '../../features/world/cluster/target.js'
import {isImp} from '../../features/world/cluster/topology.js'
import {listServices} from '../../features/platform/services/store.js'
import {type AccessEntry, appendAccessLog} from '../../features/platform/tomcat/access-log.js'
import {ensureServerCert, ensureTomcatCert} from '../../features/platform/tomcat/cert.js'
import {defaultDbPath, openOptions} from '../../store/db.js'
import {Store} from '../../store/store.js'
import {runWords} from '../../run/door.js'
import {Serial} from '../../run/serial.js'
import {stopWhen} from '../../run/stop-when.js'
import {type Lab, type Lease, TenantPool, templateLine} from '../../run/tenants.js'
import {tenantsDir} from '../../features/scenario/tenants/dir.js'
import {parseDuration} from '../../core/time.js'
import type {DoorContext, DoorRunResult, HttpsApp} from '../app.js'
import {BodyTimeout, BodyTooLarge, RequestDoor, captureIO, readBodyLimited} from './door.js'
import {type TenantTarget, TenantRequestDoor, Unanswered, writeTenantAccessLog} from './tenants.js'

/**
 * `ucadmin serve https`: the HTTPS door of one node (or of every node of a cluster, each on its own loopback
 * address), as Cisco Tomcat answers it on 8443 and 443. One process, one open Store; every request's commands run
 * one at a time with every other door's through a Serial queue and the CLI's runner. The server owns TLS, the
 * sockets, the limits, availability (node down, Cisco Tomcat not STARTED) and the access log; the apps (AXL, Control
 * Center, the pages) own their paths. Real time is used here only for network matters: time-outs and lock-outs.
 */

export const TOMCAT = 'Cisco Tomcat'
export const DEFAULT_PORT = 8443

export interface HttpsOptions {
  /** The address of the (first) node. With allNodes, each next node gets the next address (last number + 1). */
  host: string
  ports: number[]
  node?: string
  cluster?: string
  allNodes: boolean
  /** Failed logins per account name or client address within lockoutWindowMs before logins are refused. */
  lockout: number
  lockoutWindowMs: number
  limits: HttpsLimits
  /** Tenants (`--tenants DIR`): each account's requests work on its own state file DIR/ACCOUNT.db. */
  tenants?: string
  /** With tenants: the lab file or snapshot new tenants are made from. */
  template?: string
  /** With tenants: close a tenant's state file when no request has used it for this long (ms, real time). */
  tenantIdleMs: number
  /** Stop (as on SIGTERM) when standard input closes: a harness that dies takes the server with it. */
  exitOnStdinClose?: boolean
}

export interface HttpsLimits {
  /** Largest request body (bytes): run sql's 64 KiB statement, as XML, with room for the envelope. */
  maxBodyBytes: number
  /** Largest request head (bytes). */
  maxHeaderBytes: number
  /** The whole head must arrive within this (ms). */
  headersTimeoutMs: number
  /** The whole request, body included, must arrive within this (ms). */
  requestTimeoutMs: number
  /** An idle keep-alive connection is closed after this (ms). */
  keepAliveMs: number
  /** Open connections per client address, and in all. */
  connectionsPerClient: number
  connections: number
}

export const DEFAULT_LIMITS: HttpsLimits = {
  maxBodyBytes: 1024 * 1024,
  maxHeaderBytes: 16 * 1024,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveMs: 60_000,
  connectionsPerClient: 100,
  connections: 1000,
}

function hostFlag(text: unknown): string {
  const host = String(text ?? '127.0.0.1').trim()
  if (!isIP(host)) {
    throw new UsageError(`--host must be an IP address to listen on, not "${oneLine(host, 80)}".`, {
      code: 'BAD_FLAG',
      fix: 'Give an address of this machine, e.g. --host 127.0.0.1 (the default) or --host 127.0.1.1 (all of 127.0.0.0/8 is the loopback).',
    })
  }
  return host
}

function portsFlag(value: unknown): number[] {
  const list = value === undefined ? [DEFAULT_PORT] : (Array.isArray(value) ? value : [value]).map(Number)
  for (const p of list) {
    if (!Number.isInteger(p) || p < 0 || p > 65_535)
      throw new UsageError(`--port must be a whole number from 0 to 65535, not "${oneLine(String(p), 40)}".`, {
        code: 'BAD_FLAG',
      })
  }
  if (new Set(list.filter((p) => p !== 0)).size !== list.filter((p) => p !== 0).length) {
    throw new UsageError('The same --port is given twice.', {
      code: 'BAD_FLAG',
      fix: 'Give each port once, e.g. --port 8443 --port 443.',
    })
  }
  return list
}

/** Checks the flags of `serve https` (before anything is opened or written). */
export function httpsOptions(flags: Record<string, unknown>): HttpsOptions {
  const allNodes = flags['all-nodes'] === true
  if (allNodes && flags.node !== undefined) {
    throw new UsageError('Give either --node or --all-nodes, not both.', {
      code: 'BAD_FLAG',
      fix: 'Drop --node to serve every node of the cluster, or --all-nodes to serve one.',
    })
  }
  const host = hostFlag(flags.host)
  if (allNodes && isIP(host) !== 4) {
    throw new UsageError(
      '--all-nodes gives each node the next IPv4 address after --host, so --host must be an IPv4 address.',
      {code: 'BAD_FLAG', fix: 'e.g. --host 127.0.1.1'},
    )
  }
  const tenants = flags.tenants as string | undefined
  if (allNodes && tenants !== undefined) {
    throw new UsageError(
      '--all-nodes serves every node of one lab, each on its own address; with --tenants every account has its own lab, so there is no one list of nodes.',
      {
        code: 'BAD_FLAG',
        fix: "Drop --all-nodes: with --tenants, --node HOST names a node of each tenant's lab (default: its CUCM publisher).",
      },
    )
  }
  if (flags.template !== undefined && tenants === undefined)
    throw new UsageError('--template is for tenants: the lab every new tenant starts from.', {
      code: 'BAD_FLAG',
      fix: 'Add --tenants DIR, or apply the lab to the state file: ucadmin apply -f LAB.yaml',
    })
  if (flags['tenant-idle'] !== undefined && tenants === undefined)
    throw new UsageError("--tenant-idle is for tenants: how long a tenant's state file stays open unused.", {
      code: 'BAD_FLAG',
      fix: 'Add --tenants DIR, or drop --tenant-idle.',
    })
  const lockout = flags.lockout === undefined ? DEFAULT_LOCKOUT : Number(flags.lockout)
  if (!Number.isInteger(lockout) || lockout < 1 || lockout > 10_000)
    throw new UsageError('--lockout must be a whole number from 1 to 10000.', {code: 'BAD_FLAG'})
  const perClient =
    flags['client-connections'] === undefined
      ? DEFAULT_LIMITS.connectionsPerClient
      : Number(flags['client-connections'])
  if (!Number.isInteger(perClient) || perClient < 1 || perClient > 10_000)
    throw new UsageError('--client-connections must be a whole number from 1 to 10000.', {code: 'BAD_FLAG'})
  return {
    host,
    ports: portsFlag(flags.port),
    node: flags.node as string | undefined,
    cluster: flags.cluster as string | undefined,
    allNodes,
    lockout,
    lockoutWindowMs: LOCKOUT_WINDOW_MS,
    limits: {...DEFAULT_LIMITS, connectionsPerClient: perClient},
    tenants,
    template: flags.template as string | undefined,
    tenantIdleMs: idleFlag(flags['tenant-idle']),
    exitOnStdinClose: flags['exit-on-stdin-close'] === true,
  }
}

/** --tenant-idle: a duration from 1 s to 24 days (what a timer holds). */
function idleFlag(value: unknown): number {
  const text = String(value ?? '5m').trim()
  const ms = parseDuration(text)
  if (ms < 1000 || ms > 2 ** 31 - 1)
    throw new UsageError(`--tenant-idle must be from 1s to 24d, not ${oneLine(text, 40)}.`, {
      code: 'BAD_FLAG',
      fix: 'e.g. --tenant-idle 5m',
    })
  return ms
}

/** The IPv4 address n after base (127.0.1.1 + 2 = 127.0.1.3); refuses to leave the base's /8 (the loopback). */
export function nthAddress(base: string, n: number): string {
  const parts = base.split('.').map(Number)
  const value = ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3] + n
  const out = [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255]
  if (out[0] !== parts[0])
    throw new UsageError(`Not enough addresses after ${base} for ${n + 1} nodes.`, {
      code: 'BAD_FLAG',
      fix: 'Pick a lower --host, e.g. 127.0.1.1.',
    })
  return out.join('.')
}

/** One node the server answers for: its address, its certificate, its listeners. */
interface Served {
  nodeId: number
  clusterId: number
  host: string
  cluster: string
  address: string
  fingerprint: string
  https: https.Server
  listeners: net.Server[]
  ports: number[]
}

type Availability =
  | {ok: true; node: NodeRow; cluster: ClusterRow; services: Map<string, string>; now: number}
  | {ok: false; why: 'gone' | 'down' | 'tomcat'}

/** The Tomcat-like page of a 404 (no app answers the path). */
function notFoundPage(path: string): string {
  return `<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title></head><body><h1>HTTP Status 404 – Not Found</h1><hr class="line" /><p><b>Type</b> Status Report</p><p><b>Message</b> ${escapeHtml(oneLine(path, 200))}</p><p><b>Description</b> The origin server did not find a current representation for the target resource or is not willing to disclose that one exists.</p><hr class="line" /><h3>Apache Tomcat</h3></body></html>`
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'})[c]!)
}

/** How long a good login is remembered (real time), so a client sending Basic auth on every request is not slowed by scrypt each time. */
export const LOGIN_CACHE_MS = 5 * 60_000

export class HttpsServer {
  readonly serial = new Serial()
  readonly served: Served[] = []
  private readonly perClient = new Map<string, number>()
  private readonly sockets = new Set<net.Socket>()
  /** sha256(name, password, stored hash) of good logins, with when they expire: a changed password is a miss. */
  private readonly goodLogins = new Map<string, number>()
  private pendingLog = new Map<number, AccessEntry[]>()
  private logFlush?: Promise<void>
  /** With tenants: access log lines waiting to be written, per tenant's open file. */
  private pendingTenantLog = new Map<
    Store,
    {lab: Lease; entries: Array<{target: TenantTarget; entry: AccessEntry}>; releases: Array<() => void>}
  >()
  private tenantLogFlush?: Promise<void>
  /** When a tenant's last login was recorded in its file (real time). */
  private readonly tenantLogins = new Map<string, number>()
  private stopping = false
  private stopped!: Promise<void>
  private markStopped!: () => void
  /** This process, as its login attempts name it (as serve ssh: attempts of a server that is gone stop counting). */
  private readonly instance = {id: randomUUID(), hostname: hostname(), pid: process.pid}
  private heartbeatTimer?: NodeJS.Timeout

  constructor(
    private readonly store: Store,
    private readonly manifest: Manifest,
    private readonly env: Env,
    private readonly opts: HttpsOptions,
    private readonly apps: HttpsApp[],
    private readonly log: (line: string) => void,
    /** Tenants (serve https --tenants DIR): each account's requests work on its own state file. */
    private readonly pool?: TenantPool,
  ) {
    this.stopped = new Promise((resolve) => {
      this.markStopped = resolve
    })
  }

  /** The simulated clock's time, read from the state file each time (the server never moves it). */
  private clock(): {now: () => number} {
    return {now: () => storedTime(this.store)}
  }

  /** A read of the store outside any command, queued with the commands. */
  read<T>(fn: () => T): Promise<T> {
    return this.serial.read(this.store, fn)
  }

  /** A write outside any command (login attempts, certificates, the access log), queued, in its own transaction. */
  write<T>(fn: () => T): Promise<T> {
    return this.serial.write(this.store, fn)
  }

  /** The nodes to serve (checked before anything listens, so a typo writes nothing). */
  private targets(): Promise<Array<{node: NodeRow; cluster: ClusterRow}>> {
    return this.read(() => {
      const {node, cluster, allNodes} = this.opts
      const c = resolveCluster(this.store, {cluster, node})
      if (allNodes) return listNodes(this.store, c.id).map((n) => ({node: n, cluster: c}))
      return [{node: resolveNode(this.store, c, node), cluster: c}]
    })
  }

  async listen(): Promise<void> {
    // With tenants, the nodes are in each tenant's lab: one listener, one certificate of the server's own.
    const targets = this.pool ? [undefined] : await this.targets()
    await this.heartbeat()
    this.heartbeatTimer = setInterval(() => {
      this.heartbeat().catch((e: Error) => this.log(`heartbeat: ${e.message}`))
    }, SERVER_HEARTBEAT_MS)
    this.heartbeatTimer.unref()
    for (const [i, t] of targets.entries()) {
      const cert = t
        ? await ensureTomcatCert(this.store, this.clock(), t.node, (fn) => this.write(fn))
        : await ensureServerCert(
            this.store,
            this.serverName,
            () => Date.now(),
            (fn) => this.write(fn),
          )
      const address = this.opts.allNodes ? nthAddress(this.opts.host, i) : this.opts.host
      const {limits} = this.opts
      const server = https.createServer({
        key: cert.keyPem,
        cert: cert.certPem,
        maxHeaderSize: limits.maxHeaderBytes,
        headersTimeout: limits.headersTimeoutMs,
        requestTimeout: limits.requestTimeoutMs,
        keepAliveTimeout: limits.keepAliveMs,
      })
      const served: Served = {
        nodeId: t?.node.id ?? 0,
        clusterId: t?.cluster.id ?? 0,
        host: t?.node.host ?? this.serverName,
        cluster: t?.cluster.name ?? '',
        address,
        fingerprint: cert.fingerprint,
        https: server,
        listeners: [],
        ports: [],
      }
      server.on('request', (req: IncomingMessage, res: ServerResponse) => {
        this.onRequest(served, req, res).catch((error: Error) => {
          this.log(`request error: ${error.message}`)
          if (!res.headersSent) {
            res.statusCode = 500
            res.end()
          } else res.destroy()
        })
      })
      server.on('tlsClientError', () => undefined)
      server.on('clientError', (_e, socket) => socket.destroy())
      this.served.push(served)
      for (const port of this.opts.ports) {
        const listener = net.createServer({pauseOnConnect: true}, (socket) => this.onConnection(served, socket))
        await new Promise<void>((resolve, reject) => {
          listener.once('error', reject)
          listener.listen(port, address, () => {
            listener.off('error', reject)
            resolve()
          })
        })
        listener.on('error', (e: Error) => this.log(`listener error: ${e.message}`))
        served.listeners.push(listener)
        served.ports.push((listener.address() as AddressInfo).port)
      }
    }
  }

  /** The name of a tenants server's certificate (and of its door before a login): --node, else localhost. */
  get serverName(): string {
    return this.opts.node ?? 'localhost'
  }

  /** Whether the node answers now: it exists, is up, and runs Cisco Tomcat. */
  private availability(s: Served): Promise<Availability> {
    return this.read(() => {
      const cluster = clusterById(this.store, s.clusterId)
      const node = cluster && findNode(this.store, cluster.id, s.host)
      if (!cluster || !node || node.id !== s.nodeId) return {ok: false, why: 'gone'} as const
      if (node.state !== 'up') return {ok: false, why: 'down'} as const
      const services = new Map(listServices(this.store, node.id).map((x) => [x.name, x.state as string]))
      if (services.get(TOMCAT) !== 'STARTED') return {ok: false, why: 'tomcat'} as const
      return {ok: true, node, cluster, services, now: this.clock().now()} as const
    })
  }

  private onConnection(s: Served, socket: net.Socket): void {
    const ip = socket.remoteAddress ?? '?'
    const open = this.perClient.get(ip) ?? 0
    if (
      this.stopping ||
      open >= this.opts.limits.connectionsPerClient ||
      this.sockets.size >= this.opts.limits.connections
    ) {
      if (!this.stopping)
        this.log(
          `refused a connection from ${ip}: ${open >= this.opts.limits.connectionsPerClient ? `${open} connections open from it` : `${this.sockets.size} connections open`}`,
        )
      socket.destroy()
      return
    }
    this.perClient.set(ip, open + 1)
    this.sockets.add(socket)
    socket.once('close', () => {
      this.sockets.delete(socket)
      const n = (this.perClient.get(ip) ?? 1) - 1
      if (n <= 0) this.perClient.delete(ip)
      else this.perClient.set(ip, n)
    })
    socket.on('error', () => undefined)
    // Answers go out at once (no Nagle delay waiting for the client's delayed ACK).
    socket.setNoDelay(true)
    if (this.pool) {
      // With tenants, which lab (and so which node) a request is for is known only from its login.
      s.https.emit('connection', socket)
      socket.resume()
      return
    }
    this.availability(s).then(
      (a) => {
        if (!a.ok) {
          // A node that is down, or whose Tomcat is not running, does not answer: the connection is reset.
          socket.resetAndDestroy()
          return
        }
        s.https.emit('connection', socket)
        socket.resume()
      },
      () => socket.destroy(),
    )
  }

  private async onRequest(s: Served, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (this.pool) return this.onTenantRequest(this.pool, req, res)
    const started = performance.now()
    const a = await this.availability(s)
    if (!a.ok) {
      // Tomcat stopped (or the node went down) while this keep-alive connection was open: cut it, unanswered.
      req.socket.destroy()
      return
    }
    const path = req.url ?? '/'
    const {limits} = this.opts
    const door = new RequestDoor({
      node: s.host,
      cluster: s.cluster,
      product: isImp(a.node) ? 'imp' : 'cucm',
      release: a.cluster.version,
      // As the node was when the request arrived (one read with the availability check).
      serviceState: async (name) => a.services.get(name),
      remoteAddress: req.socket.remoteAddress ?? '?',
      readBody: () => readBodyLimited(req, limits.maxBodyBytes, limits.requestTimeoutMs),
      run: (argv, o) => this.run(s, argv, o),
      login: (name, password) => this.login(s, a.cluster, name, password, req.socket.remoteAddress ?? '?'),
    })
    const entry = accessEntry(req, res, path, started)
    res.once('finish', () => {
      this.logAccess(s, entry(a.now, door.remoteAddress, door.account))
    })
    const app = this.appFor(path)
    if (!app) {
      res.writeHead(404, {'Content-Type': 'text/html;charset=utf-8'})
      res.end(notFoundPage(path.split('?')[0]))
      return
    }
    await this.answer(app, req, res, door)
  }

  /** Runs the app for a request; a body too large or too slow gets its status, anything else goes up. */
  private async answer(app: HttpsApp, req: IncomingMessage, res: ServerResponse, door: DoorContext): Promise<void> {
    try {
      await app.handle(req, res, door)
    } catch (error) {
      if (error instanceof Unanswered) return
      if (res.headersSent) {
        res.destroy()
        return
      }
      if (error instanceof BodyTooLarge) {
        res.writeHead(413, {'Content-Type': 'text/plain;charset=utf-8', Connection: 'close'})
        res.end(`${error.message} ${error.fix}\n`)
        return
      }
      if (error instanceof BodyTimeout) {
        res.writeHead(408, {'Content-Type': 'text/plain;charset=utf-8', Connection: 'close'})
        res.end(`${error.message}\n`)
        return
      }
      throw error
    }
  }

  /**
   * A request on a tenants server: its app answers through a TenantRequestDoor, which learns the lab from the login
   * (src/https/server/tenants.ts). The lab is held until the request's access log line is written in it.
   */
  private async onTenantRequest(pool: TenantPool, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now()
    const path = req.url ?? '/'
    const {limits} = this.opts
    const ip = req.socket.remoteAddress ?? '?'
    const door = new TenantRequestDoor({
      pool,
      node: this.opts.node,
      cluster: this.opts.cluster,
      serverName: this.serverName,
      remoteAddress: ip,
      readBody: () => readBodyLimited(req, limits.maxBodyBytes, limits.requestTimeoutMs),
      checkLogin: (name, password) => this.checkLogin('a tenants server', name, password, ip, async () => true),
      findAccount: (name) => this.read(() => findAccount(this.store, name)),
      recordLogin: (lab) => this.recordTenantLogin(pool, lab),
      run: (lab, t, argv, o) => this.runIn(lab, t.node, t.cluster, argv, o),
      unanswered: () => req.socket.destroy(),
    })
    const entry = accessEntry(req, res, path, started)
    let finished = false
    res.once('finish', () => {
      finished = true
      const lease = door.lease
      const target = door.target
      // A request no tenant logged in to is in no tenant's log (it is in nobody's lab).
      if (!lease || !target) return door.letGo()
      this.logTenantAccess(lease, target, entry(target.now, ip, door.account), () => door.letGo())
    })
    res.once('close', () => {
      if (!finished) door.letGo()
    })
    const app = this.appFor(path)
    if (!app) {
      res.writeHead(404, {'Content-Type': 'text/html;charset=utf-8'})
      res.end(notFoundPage(path.split('?')[0]))
      return
    }
    await this.answer(app, req, res, door)
  }

  /** Last login in a tenant's file: at the first login, then at most once a minute per tenant (real time). */
  private async recordTenantLogin(pool: TenantPool, lab: Lease): Promise<void> {
    const name = lab.tenant!
    const last = this.tenantLogins.get(name)
    if (last !== undefined && Date.now() - last < 60_000 && this.tenantLogins.size < 100_000) return
    this.tenantLogins.set(name, Date.now())
    await pool.recordLogin(lab)
  }

  /** A tenant's access log lines are written in batches, in its own file and queue; then its leases are let go. */
  private logTenantAccess(lab: Lease, target: TenantTarget, entry: AccessEntry, release: () => void): void {
    const key = lab.store
    const batch = this.pendingTenantLog.get(key) ?? {lab, entries: [], releases: []}
    batch.entries.push({target, entry})
    batch.releases.push(release)
    this.pendingTenantLog.set(key, batch)
    this.tenantLogFlush ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flushTenantLogs())
  }

  private async flushTenantLogs(): Promise<void> {
    const batches = [...this.pendingTenantLog.values()]
    this.pendingTenantLog = new Map()
    this.tenantLogFlush = undefined
    await Promise.all(
      batches.map((b) =>
        writeTenantAccessLog(b.lab, b.entries)
          .catch((error: Error) => this.log(`access log of tenant ${b.lab.tenant}: ${error.message}`))
          .finally(() => {
            for (const release of b.releases) release()
          }),
      ),
    )
  }

  private appFor(path: string): HttpsApp | undefined {
    let best: HttpsApp | undefined
    let len = -1
    const p = path.split('?')[0]
    for (const app of this.apps) {
      for (const prefix of app.prefixes) {
        if ((p.startsWith(prefix) || p === prefix.replace(/\/$/, '')) && prefix.length > len) {
          best = app
          len = prefix.length
        }
      }
    }
    return best
  }

  /** The access log is written in batches (one transaction for the requests of a moment), queued with the commands. */
  private logAccess(s: Served, e: AccessEntry): void {
    const list = this.pendingLog.get(s.nodeId) ?? []
    list.push(e)
    this.pendingLog.set(s.nodeId, list)
    this.logFlush ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flushAccessLog())
  }

  private async flushAccessLog(): Promise<void> {
    const batches = this.pendingLog
    this.pendingLog = new Map()
    this.logFlush = undefined
    await this.write(() => {
      for (const [nodeId, entries] of batches) {
        const s = this.served.find((x) => x.nodeId === nodeId)!
        const cluster = clusterById(this.store, s.clusterId)
        const node = cluster && findNode(this.store, cluster.id, s.host)
        if (node && node.id === nodeId) appendAccessLog(this.store, node, entries)
      }
    }).catch((error: Error) => this.log(`access log: ${error.message}`))
  }

  /**
   * Runs a command on the node, as the admin: CLI would: by words through runWords() (the one parser, the command's
   * door policy, the node's pin, the runner), in the queue shared with every other request.
   */
  private run(s: Served, argv: string[], o: {json?: boolean; account?: string} = {}): Promise<DoorRunResult> {
    return this.runIn({store: this.store, serial: this.serial}, s.host, s.cluster, argv, o)
  }

  /** Runs a command on a node of a lab (the server's state file, or a tenant's), in that lab's queue. */
  private async runIn(
    lab: Lab,
    node: string,
    cluster: string,
    argv: string[],
    o: {json?: boolean; account?: string} = {},
  ): Promise<DoorRunResult> {
    const env: Env = {...this.env, UCADMIN_SESSION: 'https', UCADMIN_NODE: node, UCADMIN_CLUSTER: cluster}
    if (lab.tenant) {
      env.UCADMIN_DB = lab.store.path
      env.UCADMIN_TENANT = lab.tenant
    }
    if (o.account) env.UCADMIN_ACCOUNT = o.account
    const {io, out, err} = captureIO()
    const words = o.json && !argv.includes('--json') ? [...argv, '--json'] : argv
    const savedExit = process.exitCode
    const code = await lab.serial.run(() =>
      runWords(words, {
        kind: 'https',
        manifest: this.manifest,
        pinned: {node, cluster, otherNodes: true},
        ownLab: lab.tenant !== undefined,
        io,
        env,
        store: lab.store,
      }),
    )
    process.exitCode = savedExit
    const stdout = out.text()
    const result: DoorRunResult = {code, stdout, stderr: err.text()}
    if (o.json) {
      try {
        result.doc = JSON.parse(stdout)
      } catch {
        result.doc = undefined
      }
    }
    return result
  }

  private loginKey(name: string, password: string, hash: string): string {
    return createHash('sha256')
      .update(name)
      .update('\u0000')
      .update(password)
      .update('\u0000')
      .update(hash)
      .digest('base64')
  }

  /**
   * Checks a login with the SSH server's rules (src/features/accounts/logins.ts): every check counts from the moment
   * it starts; a locked name or address is refused before any check. An account kept to a node or cluster
   * (`account add --node`) may only log in to that node's cluster. A good login is remembered for a while, so a
   * client that sends its password with every request is not slowed by scrypt each time (a lock still refuses it).
   */
  private async login(
    s: Served,
    cluster: ClusterRow,
    name: string,
    password: string,
    ip: string,
  ): Promise<{account: string} | undefined> {
    const account = await this.checkLogin(s.host, name, password, ip, (a) => this.allowedHere(a, cluster))
    return account && {account: account.name}
  }

  /**
   * A login against the server's own accounts and lock-outs; `allowed` says whether a good account may log in here
   * (an account kept to another cluster may not). The account row, or undefined when refused.
   */
  private async checkLogin(
    where: string,
    name: string,
    password: string,
    ip: string,
    allowed: (account: AccountRow) => Promise<boolean>,
  ): Promise<AccountRow | undefined> {
    const who = oneLine(name, 64)
    const keys = [`user:${name}`, `addr:${ip}`]
    const limits = {lockout: this.opts.lockout, windowMs: this.opts.lockoutWindowMs}
    const {account, locked} = await this.read(() => ({
      account: findAccount(this.store, name),
      locked: anyLocked(this.store, keys, Date.now()),
    }))
    if (account?.passwordHash) {
      const k = this.loginKey(name, password, account.passwordHash)
      const until = this.goodLogins.get(k)
      if (until !== undefined && until > Date.now()) {
        if (!locked && (await allowed(account))) return account
      }
    }
    let start = await this.write(() => startAttempt(this.store, keys, Date.now(), limits, this.instance.id))
    for (let waited = 0; !start.ok && 'busy' in start && waited < 10_000; waited += 25) {
      await new Promise((r) => setTimeout(r, 25).unref())
      start = await this.write(() => startAttempt(this.store, keys, Date.now(), limits, this.instance.id))
    }
    if (!start.ok) {
      this.log(
        `refused ${who} from ${ip}: ${'busy' in start ? 'too many logins in progress' : 'too many failed logins'}`,
      )
      return undefined
    }
    // verifyPassword runs scrypt even without an account, so timing does not tell names apart.
    const ok = (await verifyPassword(password, account?.passwordHash)) && account !== undefined
    const here = ok && (await allowed(account!))
    const lockedNow = await this.write(() => endAttempt(this.store, start.ids, here, Date.now(), limits))
    for (const k of lockedNow)
      this.log(
        `locked ${oneLine(k, 80)} for ${Math.round(this.opts.lockoutWindowMs / 60_000)} min: ${this.opts.lockout} failed logins`,
      )
    if (!here) {
      this.log(
        `failed login for ${who} from ${ip} on ${where}: ${!account ? 'no such account' : !ok ? 'wrong password' : 'account of another cluster'}`,
      )
      return undefined
    }
    this.goodLogins.set(this.loginKey(name, password, account!.passwordHash!), Date.now() + LOGIN_CACHE_MS)
    if (this.goodLogins.size > 10_000) this.goodLogins.clear()
    return account!
  }

  /** An account kept to a node or cluster logs in only there. */
  private allowedHere(
    account: {nodeHost: string | null; clusterName: string | null},
    cluster: ClusterRow,
  ): Promise<boolean> {
    if (!account.nodeHost && !account.clusterName) return Promise.resolve(true)
    return this.read(() => {
      try {
        return (
          resolveCluster(this.store, {cluster: account.clusterName ?? undefined, node: account.nodeHost ?? undefined})
            .id === cluster.id
        )
      } catch {
        return false
      }
    })
  }

  /** Refreshes this server's row; forgets servers that are gone (their running login attempts stop counting). */
  private heartbeat(): Promise<void> {
    return this.write(() => heartbeat(this.store, this.instance, Date.now(), pidAlive))
  }

  untilStopped(): Promise<void> {
    return this.stopped
  }

  /** Stops listening, lets running requests finish (a moment at most), and cuts every connection. */
  async stop(reason: string): Promise<void> {
    if (this.stopping) return this.stopped
    this.stopping = true
    this.log(`stopping (${reason})`)
    for (const s of this.served) for (const l of s.listeners) l.close()
    for (const s of this.served) s.https.closeIdleConnections()
    await Promise.race([this.serial.idle(), new Promise((r) => setTimeout(r, 1000).unref())])
    if (this.logFlush) await Promise.race([this.logFlush, new Promise((r) => setTimeout(r, 500).unref())])
    if (this.tenantLogFlush) await Promise.race([this.tenantLogFlush, new Promise((r) => setTimeout(r, 500).unref())])
    for (const sock of this.sockets) sock.destroy()
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer)
    await this.write(() => serverGone(this.store, this.instance.id)).catch(() => undefined)
    this.markStopped()
  }
}

/** The apps every node serves, in one list: AXL, the Serviceability SOAP services (and, later, the pages). */
async function loadApps(flags: Record<string, unknown>): Promise<HttpsApp[]> {
  const {HTTPS_APPS} = await import('./apps.js')
  const limit = flags['axl-write-limit']
  return HTTPS_APPS({axl: limit === undefined ? {} : {writesPerMinute: Number(limit)}})
}

/** The session body of `ucadmin serve https`. */
export const serve: SessionMain = async (input, {io, env, root}) => {
  const opts = httpsOptions(input.flags)
  // The compact manifest (ids, flags, bodies, policy): the server needs no help text.
  const manifest = readFastManifest(root)
  if (!manifest)
    throw new FailedError('oclif.manifest.json is missing, so the server does not know the commands.', {
      fix: 'Run `npm run build`.',
    })
  const path = defaultDbPath(env)
  const dir = opts.tenants === undefined ? undefined : tenantsDir(opts.tenants)
  // With tenants the server's own state file holds the accounts, lock-outs and the certificate, and no lab.
  if (!dir && !existsSync(path)) {
    throw new UsageError('There is no cluster yet, so there is no node to serve.', {
      code: 'NO_CLUSTER',
      fix: 'Create one first: ucadmin cluster create NAME --version 14SU3 --publisher cucm-pub',
    })
  }
  const json = input.flags.json === true
  const stamp = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z')
  // Log lines are one line each (a JSON object per line with --json), whatever a client sends.
  const log = (line: string) =>
    io.err.write(
      json ? `${JSON.stringify({at: stamp(), event: oneLine(line, 400)})}\n` : `${stamp()} ${oneLine(line, 400)}\n`,
    )
  // The template is written (and a bad one refused, exit 2) before the state file is opened or a port listened on.
  if (dir) log(await templateLine(dir, opts.template, env))
  const store = Store.open(path, openOptions(env))
  const pool = dir ? new TenantPool(dir, {idleMs: opts.tenantIdleMs, log}) : undefined
  const server = new HttpsServer(store, manifest, env, opts, await loadApps(input.flags), log, pool)
  let undoStop: (() => void) | undefined
  try {
    try {
      await server.listen()
    } catch (error) {
      const e = error as NodeJS.ErrnoException
      if (e.code === 'EADDRINUSE' || e.code === 'EACCES' || e.code === 'EADDRNOTAVAIL') {
        await server.stop('listen failed')
        throw new FailedError(`Cannot listen on ${opts.host}:${opts.ports.join(',')} (${e.code}).`, {
          code: 'LISTEN_FAILED',
          fix: 'Pick another --port (0 picks a free one) or --host.',
        })
      }
      if (!(error instanceof UcError)) await server.stop('listen failed')
      throw error
    }
    undoStop = stopWhen(
      (signal) => void server.stop(signal).catch(() => undefined),
      io.in,
      opts.exitOnStdinClose === true,
    )
    const first = server.served[0]
    if (json && dir) {
      // Tenants: the nodes are in each tenant's lab; node and cluster are the names looked up there (null: defaults).
      const doc = {
        host: first.address,
        ports: first.ports,
        node: opts.node ?? null,
        cluster: opts.cluster ?? null,
        fingerprint: first.fingerprint,
        nodes: [],
        tenants: dir,
      }
      io.out.write(`${JSON.stringify(doc)}\n`)
    } else if (dir) {
      io.out.write(`Tenants: ${dir}\n`)
      io.out.write(
        `Each tenant's ${opts.node ? `node ${opts.node}` : 'CUCM publisher'}${opts.cluster ? ` of cluster ${opts.cluster}` : ''}, in its own lab\n`,
      )
      io.out.write(
        `${first.ports.map((p) => `https://${first.address}:${p}/`).join(' ')}  SHA-256 ${first.fingerprint}\n`,
      )
    } else if (json) {
      const doc = {
        host: first.address,
        ports: first.ports,
        node: first.host,
        cluster: first.cluster,
        fingerprint: first.fingerprint,
        nodes: server.served.map((s) => ({node: s.host, host: s.address, ports: s.ports, fingerprint: s.fingerprint})),
      }
      io.out.write(`${JSON.stringify(doc)}\n`)
    } else {
      const width = Math.max(...server.served.map((s) => s.host.length))
      io.out.write(`Cluster ${first.cluster}\n`)
      for (const s of server.served)
        io.out.write(
          `${s.host.padEnd(width)}  ${s.ports.map((p) => `https://${s.address}:${p}/`).join(' ')}  SHA-256 ${s.fingerprint}\n`,
        )
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

/**
 * The access-log line of a request, made once its response has finished (the body bytes an app wrote counted as it
 * writes them); `at`, `client` and `account` are the caller's: a node's clock or a tenant's, known after the login.
 */
function accessEntry(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  started: number,
): (at: number, client: string, account: string | undefined) => AccessEntry {
  const bytes = countBytes(res)
  return (at, client, account) => ({
    at,
    client,
    account,
    method: req.method ?? '?',
    path,
    status: res.statusCode,
    bytes: bytes(),
    ms: performance.now() - started,
    userAgent: req.headers['user-agent'],
  })
}

/** Counts the body bytes an app writes to a response (for the access log); read the count when it has finished. */
function countBytes(res: ServerResponse): () => number {
  let bytes = 0
  const write = res.write.bind(res) as (...args: unknown[]) => boolean
  res.write = ((chunk: unknown, ...rest: unknown[]) => {
    if (chunk) bytes += Buffer.byteLength(chunk as string)
    return write(chunk, ...rest)
  }) as typeof res.write
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse
  res.end = ((chunk?: unknown, ...rest: unknown[]) => {
    if (chunk && typeof chunk !== 'function') bytes += Buffer.byteLength(chunk as string)
    return end(chunk, ...rest)
  }) as typeof res.end
  return () => bytes
}
