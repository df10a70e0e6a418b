import type {IncomingMessage, ServerResponse} from 'node:http'

import {UcError} from '../core/errors.js'
import {oneLine} from '../core/text.js'
import type {DoorContext} from './app.js'
import {esc} from './xml.js'

/** Tomcat's 401 page. */
function unauthorizedPage(): string {
  return '<!doctype html><html lang="en"><head><title>HTTP Status 401 – Unauthorized</title></head><body><h1>HTTP Status 401 – Unauthorized</h1><hr class="line" /><p><b>Type</b> Status Report</p><p><b>Description</b> The request has not been applied to the target resource because it lacks valid authentication credentials for that resource.</p><hr class="line" /><h3>Apache Tomcat</h3></body></html>'
}

/** A SOAP 1.1 fault with a refusal's message and its fix (what zeep raises as zeep.exceptions.Fault). */
function refusedFault(error: UcError): string {
  const text = oneLine(error.fix ? `${error.message} ${error.fix}` : error.message, 1000)
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><soapenv:Fault><faultcode>soapenv:Server</faultcode><faultstring>${esc(text)}</faultstring><detail><code>${esc(error.code)}</code></detail></soapenv:Fault></soapenv:Body></soapenv:Envelope>`
}

/** The user name and password of a Basic Authorization header, if it has one. */
export function basicCredentials(req: IncomingMessage): {name: string; password: string} | undefined {
  const h = req.headers.authorization
  const m = h && /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(h)
  if (!m) return undefined
  const decoded = Buffer.from(m[1], 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon < 0) return undefined
  return {name: decoded.slice(0, colon), password: decoded.slice(colon + 1)}
}

/**
 * HTTP Basic authentication against ucadmin's accounts (the SSH server's lock-out rules). Answers 401 with
 * `WWW-Authenticate: Basic realm="..."` on a missing or bad login (and on a locked account or address: a client
 * cannot tell them apart) and returns undefined; else the account.
 */
export async function requireBasic(
  req: IncomingMessage,
  res: ServerResponse,
  door: DoorContext,
  realm: string,
): Promise<string | undefined> {
  const cred = basicCredentials(req)
  let ok: {account: string} | undefined
  try {
    ok = cred && (await door.login(cred.name, cred.password))
  } catch (error) {
    // With tenants: the password was right, but the account's lab cannot be served (none, and no template).
    if (!(error instanceof UcError)) throw error
    res.writeHead(403, {'Content-Type': 'text/xml; charset=utf-8', Connection: 'close'})
    res.end(refusedFault(error))
    return undefined
  }
  if (ok) return ok.account
  // The body may not have been read: the connection is closed after the answer, so nothing is left unread on it.
  res.writeHead(401, {
    'WWW-Authenticate': `Basic realm="${realm}"`,
    'Content-Type': 'text/html;charset=utf-8',
    Connection: 'close',
  })
  res.end(unauthorizedPage())
  return undefined
}
