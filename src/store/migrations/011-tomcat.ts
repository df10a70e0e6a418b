import type {Migration} from './index.js'

/**
 * Cisco Tomcat's own certificate of each node (`serve https`): a self-signed certificate whose subject names the
 * node, made on first use and kept here (as the SSH host key is), so a client that trusted it once keeps trusting it.
 */
export const m011Tomcat: Migration = {
  version: 11,
  name: 'Cisco Tomcat certificates (serve https)',
  up: `
CREATE TABLE tomcat_certs (
  node_id     INTEGER PRIMARY KEY REFERENCES nodes(id) ON DELETE CASCADE,
  subject     TEXT NOT NULL,
  cert_pem    TEXT NOT NULL,
  key_pem     TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
`,
}
