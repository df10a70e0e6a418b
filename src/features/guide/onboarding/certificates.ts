import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {addCertificate, certificates, deleteCertificate} from './config-store.js'
import {listNodes} from '../../world/cluster/store.js'
import type {Clock} from '../../world/clock/clock.js'
import {FailedError, UsageError} from '../../../core/errors.js'

export type TrustStore = 'tomcat-trust' | 'callmanager-trust'
const STORES: TrustStore[] = ['tomcat-trust', 'callmanager-trust']

export function checkTrustStore(s: string): TrustStore {
  if (!STORES.includes(s as TrustStore)) throw new UsageError(`Unknown trust store "${s}".`, {fix: `Use ${STORES.join(' or ')}.`})
  return s as TrustStore
}

function checkName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}$/.test(name)) throw new UsageError(`"${name}" is not a certificate name.`, {fix: 'Use letters, digits, ".", "_", "-" or "@", e.g. Example-Root-CA.pem.'})
  return name
}

export interface CertView {
  node: string
  store: TrustStore
  name: string
  uploadedAt: string
}

/** Uploads a CA root certificate chain into a trust store of one node or every node. */
export function uploadCertificate(store: Store, clock: Clock, nodes: NodeRow[], trust: string, name: string): CertView[] {
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
  if (removed === 0) throw new FailedError(`No certificate ${name} in ${t}.`, {fix: 'See them with `ucadmin cert list`.'})
  return removed
}

export function listCertificates(store: Store, nodes: NodeRow[]): CertView[] {
  return nodes.flatMap((node) => certificates(store, node.id).map((c) => ({node: node.host, store: c.store, name: c.name, uploadedAt: new Date(c.uploadedAt).toISOString()})))
}

/** Nodes of the cluster with no CA certificate in tomcat-trust. */
export function nodesWithoutTomcatTrust(store: Store, cluster: ClusterRow): string[] {
  return listNodes(store, cluster.id)
    .filter((n) => !certificates(store, n.id).some((c) => c.store === 'tomcat-trust'))
    .map((n) => n.host)
}
