import type {Migration} from './index.js'

export const m005Onboarding: Migration = {
  version: 5,
  name: 'Cisco Cloud Onboarding, parameters, Expressway, tokens',
  up: `
CREATE TABLE onboarding (
  cluster_id          INTEGER PRIMARY KEY REFERENCES clusters(id) ON DELETE CASCADE,
  voucher             TEXT,
  voucher_at          INTEGER,
  push                INTEGER NOT NULL DEFAULT 0,
  manage_certs        INTEGER NOT NULL DEFAULT 0,
  troubleshooting     INTEGER NOT NULL DEFAULT 0,
  encrypted_pii       INTEGER NOT NULL DEFAULT 0,
  proxy_url           TEXT,
  proxy_auth          TEXT CHECK (proxy_auth IN ('basic', 'digest')),
  phase               TEXT NOT NULL DEFAULT 'disabled' CHECK (phase IN ('disabled', 'awaiting-tomcat', 'pending', 'completed')),
  saved_at            INTEGER,
  completed_at        INTEGER,
  disabled_at         INTEGER,
  customer_cluster_id TEXT,
  support_token       TEXT,
  org_id              TEXT,
  subscribed_release  TEXT
);
`,
}
