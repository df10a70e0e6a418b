import {el, envelope, esc} from '../xml.js'

/**
 * AXL's SOAP answers: the operation's response element in the version's namespace, and SOAP 1.1 faults with
 * `faultstring` and an `axlError` detail (`axlcode`, `axlmessage`, `request`), as real nodes give them.
 */

export const AXL_NS = (version: string) => `http://www.cisco.com/AXL/API/${version}`

export function axlResponse(op: string, version: string, inner: string): string {
  return envelope(`<ns:${op}Response xmlns:ns="${AXL_NS(version)}">${inner}</ns:${op}Response>`)
}

/** An AXL fault: HTTP 500 and a SOAP fault whose detail carries the AXL error code. */
export class AxlFault extends Error {
  constructor(
    message: string,
    readonly axlcode: number | string,
    readonly faultcode: 'Client' | 'Server' = 'Client',
    readonly status = 500,
  ) {
    super(message)
  }
}

export function faultXml(f: {message: string; faultcode: string; axlcode?: number | string}, request: string): string {
  const detail =
    f.axlcode === undefined
      ? ''
      : `<detail><axlError><axlcode>${esc(f.axlcode)}</axlcode><axlmessage>${esc(f.message)}</axlmessage><request>${esc(request)}</request></axlError></detail>`
  return envelope(
    `<soapenv:Fault><faultcode>soapenv:${f.faultcode}</faultcode><faultstring>${esc(f.message)}</faultstring>${detail}</soapenv:Fault>`,
  )
}

export {el}
