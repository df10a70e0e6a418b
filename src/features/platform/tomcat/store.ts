import type {Store} from '../../../store/store.js'

export interface TomcatCertRow {
  nodeId: number
  subject: string
  certPem: string
  keyPem: string
  /** SHA-256 of the DER certificate, upper-case hex pairs separated by colons (as openssl and browsers show it). */
  fingerprint: string
  createdAt: number
}

export function getTomcatCert(store: Store, nodeId: number): TomcatCertRow | undefined {
  return store
    .sql<TomcatCertRow>(
      'SELECT node_id AS nodeId, subject, cert_pem AS certPem, key_pem AS keyPem, fingerprint, created_at AS createdAt FROM tomcat_certs WHERE node_id = ?',
    )
    .get(nodeId)
}

/** Stores a node's certificate unless it has one (two servers starting at once keep the first). */
export function insertTomcatCert(store: Store, c: TomcatCertRow): void {
  store
    .sql(
      'INSERT INTO tomcat_certs(node_id, subject, cert_pem, key_pem, fingerprint, created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(node_id) DO NOTHING',
    )
    .run(c.nodeId, c.subject, c.certPem, c.keyPem, c.fingerprint, c.createdAt)
}
