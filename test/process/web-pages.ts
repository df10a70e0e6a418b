import {request} from 'node:https'

import type {Sandbox} from '../helpers.js'
import {HttpsProcess} from './https-server.js'

/** `ucadmin serve https --node NODE --port 0` on the sandbox's state file: the pages of that node's Cisco Tomcat. */
export async function startPages(
  sb: Sandbox,
  node: string,
  extra: string[] = [],
): Promise<{base: string; close(): Promise<void>}> {
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

  /** A multipart/form-data post, as a browser sends a form with a file input (files: field name to file name). */
  upload(
    path: string,
    fields: Record<string, string>,
    files: Record<string, {name: string; content: string}>,
  ): Promise<Response> {
    const boundary = '----ucadminTestBoundary7MA4YWxk'
    const parts = [
      ...Object.entries(fields).map(
        ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`,
      ),
      ...Object.entries(files).map(
        ([k, f]) =>
          `--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename="${f.name}"\r\nContent-Type: application/x-pem-file\r\n\r\n${f.content}\r\n`,
      ),
    ]
    return this.send('POST', path, undefined, {
      body: `${parts.join('')}--${boundary}--\r\n`,
      type: `multipart/form-data; boundary=${boundary}`,
    })
  }

  send(
    method: 'GET' | 'POST',
    path: string,
    form?: Record<string, string | string[]>,
    raw?: {body: string; type: string},
  ): Promise<Response> {
    const body = raw ? raw.body : form ? formBody(form) : undefined
    const type = raw ? raw.type : 'application/x-www-form-urlencoded'
    return new Promise((resolve, reject) => {
      const req = request(
        this.base + path,
        {
          method,
          rejectUnauthorized: false,
          agent: false,
          headers: {
            ...(this.cookie ? {Cookie: this.cookie} : {}),
            ...(body !== undefined ? {'Content-Type': type, 'Content-Length': Buffer.byteLength(body)} : {}),
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
