import type {IncomingMessage} from 'node:http'
import {Readable, Writable} from 'node:stream'

import type {IOStreams} from '../../command/io.js'
import {UsageError} from '../../core/errors.js'
import type {DoorContext, DoorRunResult} from '../app.js'

/** A stream that keeps what is written to it, as text. */
export class TextSink extends Writable {
  private readonly chunks: Buffer[] = []
  override _write(chunk: Buffer | string, encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding))
    done()
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8')
  }
}

/** Streams for one command run on behalf of a request: no terminal, no stdin, output kept. */
export function captureIO(): {io: IOStreams; out: TextSink; err: TextSink} {
  const out = new TextSink()
  const err = new TextSink()
  return {
    io: {in: Readable.from([]), out, err, stdinIsTTY: false, stdoutIsTTY: false, color: false, columns: 80},
    out,
    err,
  }
}

/** Past this the request is refused with 413 (and a clear line), and nothing runs. */
export class BodyTooLarge extends UsageError {
  constructor(limit: number) {
    super(`The request body is larger than ${limit.toLocaleString('en-US')} bytes.`, {
      code: 'BODY_TOO_LARGE',
      fix: 'Send a smaller request.',
    })
  }
}

export class BodyTimeout extends UsageError {
  constructor(ms: number) {
    super(`The request body did not arrive within ${ms / 1000} s.`, {
      code: 'BODY_TIMEOUT',
      fix: 'Send the whole body at once.',
    })
  }
}

/**
 * Reads a request body with a size limit and a time limit (real time: a network matter). The Content-Length is
 * checked before anything is read.
 */
export function readBodyLimited(req: IncomingMessage, maxBytes: number, timeoutMs: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? '0')
  if (Number.isFinite(declared) && declared > maxBytes) return Promise.reject(new BodyTooLarge(maxBytes))
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    let done = false
    const finish = (error?: Error) => {
      if (done) return
      done = true
      clearTimeout(timer)
      req.off('data', onData)
      req.off('end', onEnd)
      req.off('error', onError)
      if (error) {
        req.resume()
        reject(error)
      } else resolve(Buffer.concat(chunks))
    }
    const onData = (c: Buffer) => {
      size += c.length
      if (size > maxBytes) finish(new BodyTooLarge(maxBytes))
      else chunks.push(c)
    }
    const onEnd = () => finish()
    const onError = (e: Error) => finish(e)
    const timer = setTimeout(() => finish(new BodyTimeout(timeoutMs)), timeoutMs)
    timer.unref()
    req.on('data', onData)
    req.on('end', onEnd)
    req.on('error', onError)
  })
}

/** The parts of a DoorContext the server provides for one request. */
export interface DoorParts {
  node: string
  cluster: string
  product: 'cucm' | 'imp'
  release: string
  remoteAddress: string
  readBody(): Promise<Buffer>
  run(argv: string[], opts?: {json?: boolean; account?: string}): Promise<DoorRunResult>
  login(account: string, password: string): Promise<{account: string} | undefined>
  serviceState(service: string): Promise<string | undefined>
}

/** A request's door; remembers the account that logged in (for the access log). */
export class RequestDoor implements DoorContext {
  account?: string
  constructor(private readonly parts: DoorParts) {}
  get node(): string {
    return this.parts.node
  }

  get cluster(): string {
    return this.parts.cluster
  }

  get release(): string {
    return this.parts.release
  }

  get product(): 'cucm' | 'imp' {
    return this.parts.product
  }

  serviceState(service: string): Promise<string | undefined> {
    return this.parts.serviceState(service)
  }

  get remoteAddress(): string {
    return this.parts.remoteAddress
  }

  readBody(): Promise<Buffer> {
    return this.parts.readBody()
  }

  run(argv: string[], opts?: {json?: boolean; account?: string}): Promise<DoorRunResult> {
    return this.parts.run(argv, {...opts, account: opts?.account ?? this.account})
  }

  async login(account: string, password: string): Promise<{account: string} | undefined> {
    const r = await this.parts.login(account, password)
    if (r) this.account = r.account
    return r
  }
}
