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
  saved_mark          INTEGER,
  completed_at        INTEGER,
  completed_mark      INTEGER,
  disabled_at         INTEGER,
  disabled_mark       INTEGER,
  customer_cluster_id TEXT,
  support_token       TEXT,
  org_id              TEXT,
  subscribed_release  TEXT,
  licenses_synced_at  INTEGER
);

-- Parameters that differ from their default (data/parameters.json has the defaults).
CREATE TABLE params (
  cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  param_id   TEXT NOT NULL,
  value      TEXT NOT NULL,
  changed_at INTEGER NOT NULL,
  changed_mark INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (cluster_id, param_id)
);

-- The Expressway pair in front of the cluster (MRA).
CREATE TABLE expressway (
  cluster_id    INTEGER PRIMARY KEY REFERENCES clusters(id) ON DELETE CASCADE,
  deployed      INTEGER NOT NULL DEFAULT 1,
  oauth_refresh INTEGER NOT NULL DEFAULT 1,
  mra           INTEGER NOT NULL DEFAULT 0,
  refreshed_at  INTEGER,
  c_restarted_at INTEGER,
  e_restarted_at INTEGER,
  changed_at    INTEGER
);

-- The simulated Common Identity service: refresh tokens it issued (by hash; the token itself lives only in
-- machineaccountdetails), for which organization, until when.
CREATE TABLE identity_tokens (
  token_hash TEXT PRIMARY KEY,
  org_id     TEXT NOT NULL,
  account    TEXT NOT NULL,
  issued_at  INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  revoked_at INTEGER
);

-- Per node, the token state of its push service (CPNS on Unified CM, XCP Config Manager on IM and Presence): the refresh
-- token it loaded when it last started, and its last access token fetch.
CREATE TABLE node_tokens (
  node_id           INTEGER PRIMARY KEY REFERENCES nodes(id) ON DELETE CASCADE,
  loaded_hash       TEXT,
  loaded_at         INTEGER,
  access_expires_at INTEGER,
  last_fetch_at     INTEGER,
  last_status       INTEGER,
  failing_since     INTEGER
);

-- The manual refresh-token procedure, per affected cluster, so a failed run can resume.
CREATE TABLE token_runs (
  cluster_id     INTEGER PRIMARY KEY REFERENCES clusters(id) ON DELETE CASCADE,
  source_cluster TEXT NOT NULL,
  token_hash     TEXT NOT NULL,
  updated_at     INTEGER NOT NULL,
  updated_mark   INTEGER NOT NULL
);

-- Certificates in a node's trust stores.
CREATE TABLE certificates (
  node_id     INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
  store       TEXT NOT NULL CHECK (store IN ('tomcat-trust', 'callmanager-trust')),
  name        TEXT NOT NULL,
  uploaded_at INTEGER NOT NULL,
  PRIMARY KEY (node_id, store, name)
);
`,
}
