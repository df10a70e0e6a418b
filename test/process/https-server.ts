import https from 'node:https'

import {execa, type ResultPromise} from 'execa'

import {BIN, type Sandbox} from '../helpers.js'

export interface ServedNode {
  node: string
  host: string
  ports: number[]
  fingerprint: string
}

/** `ucadmin serve https --json` as a child process on a sandbox's state file. */
export class HttpsProcess {
  stdout = ''
  stderr = ''
  doc!: {host: string; ports: number[]; node: string; cluster: string; fingerprint: string; nodes: ServedNode[]}
  private constructor(readonly child: ResultPromise) {}

  static async start(sb: Sandbox, args: string[] = []): Promise<HttpsProcess> {
    const child = execa('node', [BIN, 'serve', 'https', '--json', ...args], {
      env: {UCADMIN_DB: sb.db, NO_COLOR: '1', DEBUG: undefined, UCADMIN_NODE: undefined, UCADMIN_CLUSTER: undefined},
      extendEnv: true,
      reject: false,
      stdin: 'ignore',
    })
    const s = new HttpsProcess(child)
    child.stdout!.on('data', (d: Buffer) => (s.stdout += d.toString()))
    child.stderr!.on('data', (d: Buffer) => (s.stderr += d.toString()))
    for (let i = 0; i < 400; i++) {
      if (s.stdout.includes('\n')) {
        s.doc = JSON.parse(s.stdout.split('\n')[0])
        if ((s.doc as unknown as {error?: {message: string}}).error)
          throw new Error(`the server did not start: ${s.stdout}${s.stderr}`)
        return s
      }
      if (child.exitCode !== null) break
      await new Promise((r) => setTimeout(r, 50))
    }
    child.kill('SIGKILL')
    throw new Error(`the server did not start:\n${s.stdout}\n${s.stderr}`)
  }

  get port(): number {
    return this.doc.ports[0]
  }

  /** SIGTERM, then SIGKILL if it has not gone within graceMs; the exit code. */
  async stop(graceMs = 10_000): Promise<number> {
    if (this.child.exitCode === null) {
      this.child.kill('SIGTERM')
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs)
      await this.child
      clearTimeout(timer)
    }
    return (await this.child).exitCode ?? -1
  }
}

export interface Reply {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
  /** The certificate the server presented. */
  peer?: {subjectCN: string; fingerprint256: string}
}

/** One HTTPS request (a new connection, no certificate check unless ca is given); rejects with the socket error. */
export function request(
  host: string,
  port: number,
  o: {
    path?: string
    method?: string
    body?: string
    auth?: string
    headers?: Record<string, string>
    ca?: string
    servername?: string
    localAddress?: string
    agent?: https.Agent
  } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {...o.headers}
    if (o.auth) headers.Authorization = `Basic ${Buffer.from(o.auth).toString('base64')}`
    if (o.body !== undefined) headers['Content-Type'] ??= 'text/xml; charset=utf-8'
    const req = https.request(
      {
        host,
        port,
        path: o.path ?? '/axl/',
        method: o.method ?? (o.body === undefined ? 'GET' : 'POST'),
        headers,
        agent: o.agent ?? false,
        localAddress: o.localAddress,
        ca: o.ca,
        servername: o.servername,
        rejectUnauthorized: o.ca !== undefined,
      },
      (res) => {
        const chunks: Buffer[] = []
        const cert = (res.socket as import('node:tls').TLSSocket).getPeerCertificate?.()
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            peer:
              cert && cert.subject
                ? {subjectCN: String(cert.subject.CN), fingerprint256: cert.fingerprint256}
                : undefined,
          }),
        )
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.setTimeout(20_000, () => req.destroy(new Error('timeout')))
    req.end(o.body)
  })
}

/** An AXL SOAP envelope for an operation. */
export function axlEnvelope(op: string, inner = '', version = '14.0'): string {
  return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/${version}"><soapenv:Header/><soapenv:Body><ns:${op}>${inner}</ns:${op}></soapenv:Body></soapenv:Envelope>`
}

/** A Control Center SOAP envelope for an operation. */
export function astEnvelope(op: string, inner = ''): string {
  return `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:soap="http://schemas.cisco.com/ast/soap"><soapenv:Header/><soapenv:Body><soap:${op}>${inner}</soap:${op}></soapenv:Body></soapenv:Envelope>`
}

/**
 * Debian's python3-zeep (unmodified) with the AXL WSDL of the npm package cisco-axl, as one long-lived child process
 * (the WSDL is read once): call() sends one operation and resolves with its outcome.
 */
export class ZeepClient {
  private buffer = ''
  private readonly waiting: Array<(line: string) => void> = []
  private constructor(private readonly child: ResultPromise) {
    child.stdout!.on('data', (d: Buffer) => {
      this.buffer += d.toString()
      let nl: number
      while ((nl = this.buffer.indexOf('\n')) >= 0) {
        const line = this.buffer.slice(0, nl)
        this.buffer = this.buffer.slice(nl + 1)
        this.waiting.shift()?.(line)
      }
    })
  }

  static start(script: string, wsdl: string, user: string, password: string): ZeepClient {
    const child = execa('/usr/bin/python3', [script, wsdl, user, password], {
      env: {REQUESTS_CA_BUNDLE: undefined, CURL_CA_BUNDLE: undefined},
      extendEnv: true,
      reject: false,
      stdin: 'pipe',
    })
    return new ZeepClient(child)
  }

  call(
    url: string,
    op: string,
    args: unknown = {},
  ): Promise<{ok?: any; fault?: {message: string; code: string; detail: string | null}; error?: string}> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`zeep: no answer to ${op}`)), 60_000)
      this.waiting.push((line) => {
        clearTimeout(timer)
        resolve(JSON.parse(line))
      })
      this.child.stdin!.write(`${JSON.stringify({url, op, args})}\n`)
    })
  }

  async stop(): Promise<void> {
    this.child.stdin!.end()
    await this.child
  }
}
