import {FailedError, UcError} from '../../core/errors.js'
import type {AccountRow} from '../../features/platform/accounts/store.js'
import {listServices} from '../../features/platform/services/store.js'
import type {AccessEntry} from '../../features/platform/tomcat/access-log.js'
import {appendAccessLog} from '../../features/platform/tomcat/access-log.js'
import {storedTime} from '../../features/world/clock/clock.js'
import {clusterById, findNode} from '../../features/world/cluster/store.js'
import {resolveCluster, resolveNode} from '../../features/world/cluster/target.js'
import {isImp} from '../../features/world/cluster/topology.js'
import type {Lab, Lease, TenantPool} from '../../run/tenants.js'
import type {DoorContext, DoorRunResult} from '../app.js'

/**
 * `serve https --tenants DIR`: a request's door before and after its account is known. The TLS handshake and the
 * HTTP head come before any login, so a tenants server listens with one certificate (its own state file's) and
 * learns the lab from the login: HTTP Basic on every SOAP request, the form login (then the page session's account)
 * for the pages. From then on the request works on DIR/ACCOUNT.db only: its node is looked up in that lab (the
 * account's own node, else --node, else the publisher of the lab's current cluster), availability is judged there,
 * and its commands run in that lab's own queue. The lab is leased for the request and released once its access
 * log line is written.
 */

/** The request is ended unanswered (the tenant's node is down, or its Cisco Tomcat is not running). */
export class Unanswered extends Error {}

/** Where a request of a tenant lands: the node in the tenant's lab, as it was when the request arrived. */
export interface TenantTarget {
  nodeId: number
  clusterId: number
  node: string
  cluster: string
  product: 'cucm' | 'imp'
  release: string
  services: Map<string, string>
  now: number
}

/** What the server lends a tenant request. */
export interface TenantParts {
  pool: TenantPool
  /** The server's --node and --cluster: names looked up in each tenant's lab. */
  node?: string
  cluster?: string
  /** The name the door shows before a login (the certificate's name). */
  serverName: string
  remoteAddress: string
  /** Checks a password against the server's own accounts and lock-outs; the account row when good. */
  checkLogin(name: string, password: string): Promise<AccountRow | undefined>
  /** The server's account row of a page session's account (undefined when it has been deleted since). */
  findAccount(name: string): Promise<AccountRow | undefined>
  /** Records a login in the tenant's file (throttled by the server). */
  recordLogin(lab: Lease): Promise<void>
  readBody(): Promise<Buffer>
  run(lab: Lab, t: TenantTarget, argv: string[], o: {json?: boolean; account?: string}): Promise<DoorRunResult>
  /** Ends the request unanswered (resets the connection). */
  unanswered(): void
}

export const TOMCAT = 'Cisco Tomcat'

/** The door of one request on a tenants server. */
export class TenantRequestDoor implements DoorContext {
  account?: string
  lease?: Lease
  target?: TenantTarget
  constructor(private readonly parts: TenantParts) {}

  get tenant(): string | undefined {
    return this.lease?.tenant
  }

  get node(): string {
    return this.target?.node ?? this.parts.serverName
  }

  get cluster(): string {
    return this.target?.cluster ?? ''
  }

  get product(): 'cucm' | 'imp' | undefined {
    return this.target?.product
  }

  get release(): string | undefined {
    return this.target?.release
  }

  get remoteAddress(): string {
    return this.parts.remoteAddress
  }

  serviceState(service: string): Promise<string | undefined> {
    return Promise.resolve(this.target?.services.get(service))
  }

  readBody(): Promise<Buffer> {
    return this.parts.readBody()
  }

  run(argv: string[], opts?: {json?: boolean; account?: string}): Promise<DoorRunResult> {
    if (!this.lease || !this.target) {
      const error = {
        code: 'NOT_LOGGED_IN',
        message: 'Log in first: on a tenants server a request works on the lab of the account that logged in.',
        exitCode: 1,
      }
      return Promise.resolve({code: 1, stdout: '', stderr: `Error: ${error.message}\n`, doc: {error}})
    }
    return this.parts.run(this.lease, this.target, argv, {...opts, account: opts?.account ?? this.account})
  }

  async login(name: string, password: string): Promise<{account: string} | undefined> {
    const account = await this.parts.checkLogin(name, password)
    if (!account) return undefined
    await this.bind(account, true)
    this.account = account.name
    return {account: account.name}
  }

  async resume(name: string): Promise<void> {
    const account = await this.parts.findAccount(name)
    if (!account)
      throw new FailedError(`The account ${name} no longer exists.`, {code: 'NO_ACCOUNT', fix: 'Log in again.'})
    await this.bind(account, false)
    this.account = account.name
  }

  /** Leases the account's lab and finds its node there; refusals carry their reason, a silent node ends the request. */
  private async bind(account: AccountRow, login: boolean): Promise<void> {
    if (this.lease?.tenant === account.name && this.target) return
    this.letGo()
    let lease: Lease
    try {
      lease = this.parts.pool.acquire(account.name)
    } catch (error) {
      if (error instanceof UcError && error.code === 'NO_TENANT')
        throw new FailedError(error.message, {
          code: 'NO_TENANT',
          fix: 'On the server: start serve https --tenants DIR with --template LAB.yaml (or a saved snapshot), or put a state file at DIR/NAME.db.',
        })
      throw error
    }
    this.lease = lease
    if (login) await this.parts.recordLogin(lease)
    const node = account.nodeHost ?? this.parts.node
    const cluster = account.clusterName ?? this.parts.cluster
    const found = await lease.serial.read(lease.store, (): TenantTarget | {why: 'down' | 'tomcat'} | UcError => {
      try {
        const c = resolveCluster(lease.store, {cluster, node})
        const n = resolveNode(lease.store, c, node)
        if (n.state !== 'up') return {why: 'down'}
        const services = new Map(listServices(lease.store, n.id).map((x) => [x.name, x.state as string]))
        if (services.get(TOMCAT) !== 'STARTED') return {why: 'tomcat'}
        return {
          nodeId: n.id,
          clusterId: c.id,
          node: n.host,
          cluster: c.name,
          product: isImp(n) ? 'imp' : 'cucm',
          release: c.version,
          services,
          now: storedTime(lease.store),
        }
      } catch (error) {
        if (error instanceof UcError) return error
        throw error
      }
    })
    if (found instanceof UcError) {
      // A lab with no cluster (its tenant ran `state reset`): `cluster create` on the server would act on the
      // server's own state file, so the fix is the tenant's lab back to its template.
      const fix =
        found.code === 'NO_CLUSTER'
          ? `On the server: ucadmin tenants reset ${account.name} --dir ${this.parts.pool.dir} --yes; or over SSH as ${account.name}: state restore template --yes.`
          : found.fix
      throw new FailedError(`In the lab of ${account.name}: ${found.message}`, {code: found.code, fix})
    }
    if ('why' in found) {
      // As on a server of one state file: a node that is down, or whose Tomcat is stopped, does not answer.
      this.parts.unanswered()
      throw new Unanswered(found.why)
    }
    this.target = found
  }

  /** Lets the lab go (the server calls it once the request is answered and logged). */
  letGo(): void {
    const lease = this.lease
    this.lease = undefined
    this.target = undefined
    lease?.release()
  }
}

/** Appends a tenant's access log lines to its node's log in its own file (in its own queue). */
export function writeTenantAccessLog(
  lab: Lab,
  entries: Array<{target: TenantTarget; entry: AccessEntry}>,
): Promise<void> {
  return lab.serial.write(lab.store, () => {
    const byNode = new Map<number, {target: TenantTarget; entries: AccessEntry[]}>()
    for (const {target, entry} of entries) {
      const list = byNode.get(target.nodeId) ?? {target, entries: []}
      list.entries.push(entry)
      byNode.set(target.nodeId, list)
    }
    for (const {target, entries: list} of byNode.values()) {
      const cluster = clusterById(lab.store, target.clusterId)
      const node = cluster && findNode(lab.store, cluster.id, target.node)
      if (node && node.id === target.nodeId) appendAccessLog(lab.store, node, list)
    }
  })
}
