import {XMLParser} from 'fast-xml-parser'

import {UsageError} from '../core/errors.js'

/**
 * SOAP envelopes in and out. Reading uses fast-xml-parser with namespace prefixes removed (envelopes are read by
 * element name, as the spec says a real node's are); only XML's five predefined entities and character references
 * are decoded. A document with a DOCTYPE or an entity declaration is refused before it is parsed: no entity
 * expansion of any kind, no external references.
 */

export class XmlRefused extends UsageError {}

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: true,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  maxNestedTags: 64,
})

export type XmlNode = Record<string, unknown>

/** Parses a request body; refuses DOCTYPE and entity declarations, and anything that is not well-formed. */
export function parseXml(text: string): XmlNode {
  if (/<!DOCTYPE/i.test(text) || /<!ENTITY/i.test(text)) {
    throw new XmlRefused('XML with a DOCTYPE or entity declarations is refused.', {
      code: 'XML_DOCTYPE',
      fix: 'Send the SOAP envelope without a DOCTYPE.',
    })
  }
  try {
    return parser.parse(text, true) as XmlNode
  } catch (error) {
    throw new XmlRefused(`The request is not well-formed XML: ${(error as Error).message.split('\n')[0]}`, {
      code: 'XML_MALFORMED',
      fix: 'Send a SOAP 1.1 envelope.',
    })
  }
}

/** The Body of a SOAP envelope: its first operation element, by local name, and that element's content. */
export function soapOperation(doc: XmlNode): {name: string; body: XmlNode} | undefined {
  const env = doc.Envelope as XmlNode | undefined
  const body = env?.Body as XmlNode | string | undefined
  if (!body || typeof body !== 'object') return undefined
  const name = Object.keys(body).find((k) => !k.startsWith('@_'))
  if (!name) return undefined
  const v = body[name]
  return {name, body: (v && typeof v === 'object' && !Array.isArray(v) ? v : {'#text': v ?? ''}) as XmlNode}
}

/** A child's text ('' when absent or empty; the text of an element with attributes). */
export function text(node: unknown, name?: string): string | undefined {
  const v = name === undefined ? node : (node as XmlNode | undefined)?.[name]
  if (v === undefined || v === null) return undefined
  if (Array.isArray(v)) return text(v[0])
  if (typeof v === 'object') {
    const t = (v as XmlNode)['#text']
    return t === undefined ? '' : String(t)
  }
  return String(v)
}

/** A child that may repeat, as a list. */
export function list(node: unknown, name: string): unknown[] {
  const v = (node as XmlNode | undefined)?.[name]
  if (v === undefined || v === null || v === '') return []
  return Array.isArray(v) ? v : [v]
}

/** Text escaped for an element's content (quotes stay as they are, as Tomcat's answers have them). */
export function esc(v: unknown): string {
  // Characters XML 1.0 cannot carry are dropped; the rest escaped.
  return String(v ?? '')
    .replace(/[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu, '')
    .replace(/[&<>]/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;'})[c]!)
}

/** Text escaped for an attribute value in double quotes. */
export function escAttr(v: unknown): string {
  return esc(v).replace(/"/g, '&quot;')
}

/** `<name>text</name>`, or `<name/>` for empty, null and undefined. */
export function el(name: string, value: unknown): string {
  return value === undefined || value === null || value === '' ? `<${name}/>` : `<${name}>${esc(value)}</${name}>`
}

export const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/'

export function envelope(body: string): string {
  return `<?xml version='1.0' encoding='UTF-8'?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV}"><soapenv:Body>${body}</soapenv:Body></soapenv:Envelope>`
}
