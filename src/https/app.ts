import type {IncomingMessage, ServerResponse} from 'node:http'

/**
 * The contract between the HTTPS server (`serve https`, src/https/) and what it serves: AXL and the Serviceability
 * SOAP services (src/https/axl/, src/https/soap/), and the administration pages (src/web/). The server owns TLS,
 * the listening sockets, limits, availability (node down, Cisco Tomcat not STARTED) and the Tomcat access log; an
 * app owns its paths. A new app is one more entry in the server's app list: no list of command ids anywhere.
 */
export interface HttpsApp {
  /** A short name for logs: 'axl', 'controlcenter', 'web'. */
  name: string
  /** Path prefixes this app answers, e.g. ['/axl/'] or ['/ccmadmin/', '/ccmservice/', '/cupadmin/']. */
  prefixes: string[]
  /** Answers one request. The body is not read yet; use door.readBody() (bounded). */
  handle(req: IncomingMessage, res: ServerResponse, door: DoorContext): Promise<void>
}

/** One command run through the same runner, bodies, transaction, traces and alarms as the CLI. */
export interface DoorRunResult {
  /** 0, 1 or 2, as the same command would exit from bash. */
  code: number
  stdout: string
  stderr: string
  /** With json: the command's --json document (its result, or {error: {code, message, fix, exitCode}}). */
  doc?: unknown
}

/** What the server hands each request: the node it answers for and a way to run commands on the shared state. */
export interface DoorContext {
  /** Host name of the node whose Tomcat answered, and its cluster. */
  node: string
  cluster: string
  /** The node's product: a Unified CM node ('cucm') or an IM and Presence node ('imp'); its pages follow it. */
  product?: 'cucm' | 'imp'
  /** The cluster's release as ucadmin names it (`14SU3`, `12.5(1)SU6`), read when the request arrived. */
  release?: string
  /** The client's address (for lock-outs and the access log). */
  remoteAddress: string
  /** Reads the request body with the server's size and time limits (rejects with a UsageError past them). */
  readBody(): Promise<Buffer>
  /**
   * Runs a ucadmin command as the given words (['utils', 'service', 'restart', 'Cisco Tomcat']) on this node and
   * cluster, as the admin: CLI would, one command at a time with every other door. json: adds --json and parses it.
   */
  run(argv: string[], opts?: {json?: boolean; account?: string}): Promise<DoorRunResult>
  /** Checks an account's password with the SSH server's lock-out rules and redaction; undefined when refused. */
  login(account: string, password: string): Promise<{account: string} | undefined>
  /** The state of one of this node's services when the request arrived (STARTED, STOPPED, ...); undefined when it has none. */
  serviceState?(service: string): Promise<string | undefined>
  /**
   * With tenants (`serve https --tenants DIR`): the tenant whose lab this request works on, once an account has
   * logged in (login() or resume()); undefined on a server of one state file. Until then node, cluster and product
   * say nothing of any lab, and run() refuses.
   */
  tenant?: string
  /**
   * With tenants: binds the request to the lab of an account that logged in earlier (a page session), as login()
   * does after a good password. Throws a UcError (with the reason and a fix) when the account's lab cannot be
   * opened or has no such node; a node that is down or whose Tomcat is stopped ends the request unanswered.
   */
  resume?(account: string): Promise<void>
}
