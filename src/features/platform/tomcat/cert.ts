import {X509Certificate} from 'node:crypto'

import {getSetting, setSetting} from '../../../store/settings.js'
import type {Store} from '../../../store/store.js'
import type {NodeRow} from '../../world/cluster/store.js'
import type {Clock} from '../../world/clock/clock.js'
import {type TomcatCertRow, getTomcatCert, insertTomcatCert} from './store.js'

/**
 * Cisco Tomcat's certificate of a node (the `tomcat` own certificate of a real node): self-signed, RSA 2048,
 * SHA-256, its subject's CN the node's host name, made once and kept in the state file. Its validity is real time
 * (clients check it against their own clock), ten years from when it was made.
 */
export const CERT_YEARS = 10

export function certSubject(node: Pick<NodeRow, 'host'>): string {
  return `CN=${node.host}, OU=ucadmin, O=Cisco Systems Simulated, L=San Jose, ST=California, C=US`
}

/** A new certificate for a node, as PEM texts. */
export async function makeTomcatCert(
  node: Pick<NodeRow, 'host'>,
): Promise<{certPem: string; keyPem: string; fingerprint: string; subject: string}> {
  const {generate} = await import('selfsigned')
  const notBeforeDate = new Date(Date.now() - 24 * 3600_000)
  const notAfterDate = new Date(notBeforeDate)
  notAfterDate.setUTCFullYear(notAfterDate.getUTCFullYear() + CERT_YEARS)
  const attrs = [
    {name: 'commonName', value: node.host},
    {shortName: 'OU', value: 'ucadmin'},
    {name: 'organizationName', value: 'Cisco Systems Simulated'},
    {name: 'localityName', value: 'San Jose'},
    {shortName: 'ST', value: 'California'},
    {name: 'countryName', value: 'US'},
  ]
  // The library's default extensions: not a CA, server and client authentication, the node's name as a DNS name.
  const pems = await generate(attrs, {
    keySize: 2048,
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate,
  })
  return {
    certPem: pems.cert,
    keyPem: pems.private,
    fingerprint: new X509Certificate(pems.cert).fingerprint256,
    subject: certSubject(node),
  }
}

/**
 * The node's certificate; made (outside any transaction: key generation takes a moment) and stored on first use.
 * `write` runs a store change in its own transaction, the way the caller serialises them.
 */
export async function ensureTomcatCert(
  store: Store,
  clock: Pick<Clock, 'now'>,
  node: NodeRow,
  write: <T>(fn: () => T) => Promise<T>,
): Promise<TomcatCertRow> {
  const have = await write(() => getTomcatCert(store, node.id))
  if (have) return have
  const made = await makeTomcatCert(node)
  return write(() => {
    insertTomcatCert(store, {nodeId: node.id, ...made, createdAt: clock.now()})
    return getTomcatCert(store, node.id)!
  })
}

/** Where a tenants server (`serve https --tenants`) keeps its certificate: its own state file's settings. */
const SERVER_CERT = 'tomcat.serverCert.'

/**
 * The certificate of a server that serves tenants (`serve https --tenants DIR`): one certificate for every tenant,
 * named after `name` (the --node flag, else "localhost"), made once and kept in the server's own state file (which
 * may have no cluster at all), so a client that trusted it once keeps trusting it.
 */
export async function ensureServerCert(
  store: Store,
  name: string,
  now: () => number,
  write: <T>(fn: () => T) => Promise<T>,
): Promise<Omit<TomcatCertRow, 'nodeId'>> {
  const key = SERVER_CERT + name
  const have = await write(() => getSetting(store, key))
  if (have) return JSON.parse(have) as Omit<TomcatCertRow, 'nodeId'>
  const made = await makeTomcatCert({host: name})
  return write(() => {
    // Two servers starting at once keep the first.
    const again = getSetting(store, key)
    if (again) return JSON.parse(again) as Omit<TomcatCertRow, 'nodeId'>
    const row = {...made, createdAt: now()}
    setSetting(store, key, JSON.stringify(row))
    return row
  })
}

/** What `show cert own tomcat` prints about a certificate. */
export interface CertFacts {
  subject: string
  issuer: string
  validFrom: string
  validTo: string
  serialNumber: string
  fingerprint: string
  pem: string
}

/** The facts of a node's Cisco Tomcat certificate, read from its PEM text. */
export function describeCert(row: TomcatCertRow): CertFacts {
  const x = new X509Certificate(row.certPem)
  return {
    subject: row.subject,
    issuer: row.subject,
    validFrom: new Date(x.validFrom).toISOString(),
    validTo: new Date(x.validTo).toISOString(),
    serialNumber: x.serialNumber,
    fingerprint: row.fingerprint,
    pem: row.certPem,
  }
}
