import {request} from 'node:https'

import type {Sandbox} from '../helpers.js'
import {HttpsProcess} from './https-server.js'

/** `ucadmin serve https --node NODE --port 0` on the sandbox's state file: the pages of that node's Cisco Tomcat. */
export async function startPages(sb: Sandbox, node: string, extra: string[] = []): Promise<{base: string; close(): Promise<void>}> {
  const server = await HttpsProcess.start(sb, ['--node', node, '--host', '127.0.0.1', '--port', '0', ...extra])
  return {
    base: `https://127.0.0.1:${server.port}`,
    close: async () => {
      await server.stop()
    },
  }
}

export interface Response {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A tiny browser for tests: keeps the session cookie, posts forms, does not follow redirects, trusts the node's self-signed certificate. */
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
          rejectUnauthorized: false,
          agent: false,
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
