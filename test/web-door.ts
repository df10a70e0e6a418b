import {createServer, request, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import type {DoorContext, HttpsApp} from '../src/https/app.js'
import {ROOT, type Sandbox} from './helpers.js'

/**
 * Test code only: a small DoorContext and a plain node:http server for the web pages, standing in for `serve https`
 * so the pages can be tested on their own (commands run in-process on the sandbox's state file; login checks the
 * account's password). The real server adds TLS, availability and the shared lock-out rules.
 */
export async function startPages(sb: Sandbox, node: string, cluster = 'lab'): Promise<{base: string; close(): Promise<void>}> {
  const {webApp} = (await import(pathToFileURL(join(ROOT, 'dist', 'web', 'app.js')).href)) as typeof import('../src/web/app.js')
  const {Store} = (await import(pathToFileURL(join(ROOT, 'dist', 'store', 'store.js')).href)) as typeof import('../src/store/store.js')
  const accounts = (await import(pathToFileURL(join(ROOT, 'dist', 'features', 'accounts', 'accounts.js')).href)) as typeof import('../src/features/accounts/accounts.js')
  const accountStore = (await import(pathToFileURL(join(ROOT, 'dist', 'features', 'accounts', 'store.js')).href)) as typeof import('../src/features/accounts/store.js')
  const app: HttpsApp = webApp()
  let queue: Promise<unknown> = Promise.resolve()
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    const body = new Promise<Buffer>((resolve) => {
      req.on('data', (c: Buffer) => chunks.push(c))
      req.on('end', () => resolve(Buffer.concat(chunks)))
    })
    const door: DoorContext = {
      node,
      cluster,
      remoteAddress: req.socket.remoteAddress ?? '',
      readBody: () => body,
      async run(argv, opts = {}) {
        // One command at a time, as the real door runs them.
        const r = queue.then(() => sb.run([...argv, ...(opts.json ? ['--json'] : [])], {env: {UCADMIN_NODE: node, UCADMIN_CLUSTER: cluster}}))
        queue = r.catch(() => undefined)
        const out = await r
        return {code: out.exitCode, stdout: out.stdout, stderr: out.stderr, doc: opts.json ? JSON.parse(out.stdout) : undefined}
      },
      async login(account, password) {
        const store = Store.open(sb.db)
        try {
          const row = accountStore.findAccount(store, account)
          return (await accounts.verifyPassword(password, row?.passwordHash)) && row ? {account: row.name} : undefined
        } finally {
          store.db.close()
        }
      },
    }
    app.handle(req, res, door).catch((e) => {
      res.writeHead(500)
      res.end(String(e?.stack ?? e))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const {port} = server.address() as AddressInfo
  return {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

export interface Response {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A tiny browser for tests: keeps the session cookie, posts forms, does not follow redirects. */
export class Client {
  cookie: string | undefined
  constructor(readonly base: string) {}

  send(method: 'GET' | 'POST', path: string, form?: Record<string, string | string[]>): Promise<Response> {
    const body = form ? formBody(form) : undefined
    return new Promise((resolve, reject) => {
      const req = request(
        this.base + path,
        {
          method,
          headers: {
            ...(this.cookie ? {Cookie: this.cookie} : {}),
            ...(body !== undefined ? {'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': Buffer.byteLength(body)} : {}),
          },
        },
        (res) => {
          const chunks: Buffer[] = []
          res.on('data', (c: Buffer) => chunks.push(c))
          res.on('end', () => {
            const set = res.headers['set-cookie']?.[0]
            if (set) {
              const v = set.split(';')[0]
              this.cookie = v.endsWith('=') ? undefined : v
            }
            resolve({status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8')})
          })
        },
      )
      req.on('error', reject)
      req.end(body)
    })
  }

  get(path: string): Promise<Response> {
    return this.send('GET', path)
  }

  post(path: string, form: Record<string, string | string[]>): Promise<Response> {
    return this.send('POST', path, form)
  }
}

function formBody(form: Record<string, string | string[]>): string {
  const q = new URLSearchParams()
  for (const [k, v] of Object.entries(form)) for (const x of Array.isArray(v) ? v : [v]) q.append(k, x)
  return q.toString()
}
