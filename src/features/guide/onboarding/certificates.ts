import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {addCertificate, certificates, deleteCertificate} from './config-store.js'
import {listNodes} from '../../world/cluster/store.js'
import type {Clock} from '../../world/clock/clock.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import {getSetting, setSetting} from '../../../store/settings.js'
import {isImp} from '../../world/cluster/topology.js'

export type TrustStore = 'tomcat-trust' | 'callmanager-trust'
const STORES: TrustStore[] = ['tomcat-trust', 'callmanager-trust']

export function checkTrustStore(s: string): TrustStore {
  if (!STORES.includes(s as TrustStore))
    throw new UsageError(`Unknown trust store "${s}".`, {fix: `Use ${STORES.join(' or ')}.`})
  return s as TrustStore
}

function checkName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$/.test(name))
    throw new UsageError(`"${name}" is not a certificate name.`, {
      fix: 'Use letters, digits, ".", "_", "-" or "@", e.g. Example-Root-CA.pem.',
    })
  return name
}

export interface CertView {
  node: string
  store: TrustStore
  name: string
  uploadedAt: string
}

/** Uploads a CA root certificate chain into a trust store of one node or every node. */
export function uploadCertificate(
  store: Store,
  clock: Clock,
  nodes: NodeRow[],
  trust: string,
  name: string,
): CertView[] {
  const t = checkTrustStore(trust)
  const n = checkName(name)
  return nodes.map((node) => {
    addCertificate(store, {nodeId: node.id, store: t, name: n, uploadedAt: clock.now()})
    return {node: node.host, store: t, name: n, uploadedAt: new Date(clock.now()).toISOString()}
  })
}

export function removeCertificate(store: Store, nodes: NodeRow[], trust: string, name: string): number {
  const t = checkTrustStore(trust)
  const removed = nodes.reduce((sum, node) => sum + deleteCertificate(store, node.id, t, name), 0)
  if (removed === 0)
    throw new FailedError(`No certificate ${name} in ${t}.`, {fix: 'See them with `ucadmin cert list`.'})
  return removed
}

export function listCertificates(store: Store, nodes: NodeRow[]): CertView[] {
  return nodes.flatMap((node) =>
    certificates(store, node.id).map((c) => ({
      node: node.host,
      store: c.store,
      name: c.name,
      uploadedAt: new Date(c.uploadedAt).toISOString(),
    })),
  )
}

/** Nodes of the cluster with no CA certificate in tomcat-trust. */
export function nodesWithoutTomcatTrust(store: Store, cluster: ClusterRow): string[] {
  return listNodes(store, cluster.id)
    .filter((n) => !certificates(store, n.id).some((c) => c.store === 'tomcat-trust'))
    .map((n) => n.host)
}

// ---------------------------------------------------------------------------------------------------------------
// MRA certificates (issue 20, item 19; the guide's Certificate Prerequisites): each node's own Cisco Tomcat (and, on
// Unified CM, Cisco CallManager) certificate is self-signed until a CSR gets it signed by a CA. With MRA, either
// every certificate is CA-signed, with the CA chain in the node's tomcat-trust and on Expressway-C, or the
// self-signed certificates themselves are uploaded onto Expressway-C. Kept in the state file's settings.

export type OwnService = 'tomcat' | 'callmanager'
const OWN_SERVICES: OwnService[] = ['tomcat', 'callmanager']
const ownKey = (nodeId: number, s: OwnService) => `own-cert:${nodeId}:${s}`
const trustKey = (clusterId: number) => `expressway-c-trust:${clusterId}`

/** The services whose own certificate MRA exchanges: Tomcat and CallManager on Unified CM, Tomcat on IM and Presence. */
export const ownServices = (n: NodeRow): OwnService[] => (isImp(n) ? ['tomcat'] : OWN_SERVICES)

export function checkOwnService(raw: string, node?: NodeRow): OwnService {
  const s = raw.trim().toLowerCase() as OwnService
  if (!OWN_SERVICES.includes(s))
    throw new UsageError(`Unknown certificate "${raw}".`, {code: 'BAD_VALUE', fix: 'Use tomcat or callmanager.'})
  if (node && !ownServices(node).includes(s))
    throw new UsageError(`${node.host} is an IM and Presence node: it has no Cisco CallManager certificate.`, {
      code: 'BAD_VALUE',
      fix: 'Issue the CSR for tomcat, or pick a Unified CM node.',
    })
  return s
}

/** Who signed a node's own certificate: a CA's name, or null (self-signed, as installed). */
export function signedBy(store: Store, node: NodeRow, s: OwnService): string | null {
  return getSetting(store, ownKey(node.id, s)) ?? null
}

/** A CSR for the certificate, signed by `ca` and installed back on each node (the guide: "issue a CSR"). */
export function signCertificate(
  store: Store,
  nodes: NodeRow[],
  service: string,
  ca: string,
): Array<{node: string; certificate: OwnService; signedBy: string}> {
  const name = checkName(ca)
  const s = checkOwnService(service)
  // Every node (--all-nodes): the CallManager certificate exists on Unified CM nodes only; one node: it must have it.
  const targets = nodes.length > 1 ? nodes.filter((n) => ownServices(n).includes(s)) : nodes
  for (const n of targets) checkOwnService(service, n)
  return targets.map((n) => {
    setSetting(store, ownKey(n.id, s), name)
    return {node: n.host, certificate: s, signedBy: name}
  })
}

export function expresswayTrust(store: Store, clusterId: number): string[] {
  return JSON.parse(getSetting(store, trustKey(clusterId)) ?? '[]') as string[]
}

/** The name of a node's own certificate on Expressway-C: HOST/tomcat, HOST/callmanager. */
export const nodeCertName = (n: NodeRow, s: OwnService) => `${n.host}/${s}`

/**
 * Uploads onto Expressway-C's trust: a CA root chain by name, and/or (nodeCerts) every node's own certificates as
 * they are now (the self-signed alternative). Expressway must be deployed.
 */
export function addExpresswayTrust(store: Store, cluster: ClusterRow, names: string[], nodeCerts: boolean): string[] {
  const add = names.map(checkName)
  if (nodeCerts)
    for (const n of listNodes(store, cluster.id)) for (const s of ownServices(n)) add.push(nodeCertName(n, s))
  if (add.length === 0)
    throw new UsageError('Name a CA chain to upload onto Expressway-C, or give --node-certs.', {
      fix: 'e.g. `ucadmin expressway trust add ROOT-CA.pem`.',
    })
  const now = [...new Set([...expresswayTrust(store, cluster.id), ...add])]
  setSetting(store, trustKey(cluster.id), JSON.stringify(now))
  return now
}

export function removeExpresswayTrust(store: Store, cluster: ClusterRow, name: string): string[] {
  const cur = expresswayTrust(store, cluster.id)
  if (!cur.includes(name))
    throw new FailedError(`Expressway-C does not hold ${name}.`, {fix: 'See them with `ucadmin expressway status`.'})
  const now = cur.filter((x) => x !== name)
  setSetting(store, trustKey(cluster.id), JSON.stringify(now))
  return now
}

/** What keeps MRA's certificate exchange from working for these nodes (empty: it works). */
export function mraCertificateProblems(store: Store, cluster: ClusterRow, nodes: NodeRow[]): string[] {
  const xwc = new Set(expresswayTrust(store, cluster.id))
  const out: string[] = []
  for (const n of nodes) {
    const trust = new Set(
      certificates(store, n.id)
        .filter((c) => c.store === 'tomcat-trust')
        .map((c) => c.name),
    )
    for (const s of ownServices(n)) {
      const ca = signedBy(store, n, s)
      const label = `${n.host}'s Cisco ${s === 'tomcat' ? 'Tomcat' : 'CallManager'} certificate`
      if (ca === null) {
        if (!xwc.has(nodeCertName(n, s))) out.push(`${label} is self-signed and not on Expressway-C`)
      } else {
        if (!trust.has(ca)) out.push(`${label} is signed by ${ca}, whose chain is not in ${n.host}'s tomcat-trust`)
        if (!xwc.has(ca)) out.push(`${label} is signed by ${ca}, whose chain is not on Expressway-C`)
      }
    }
  }
  return out
}
