import type {Migration} from './index.js'

/**
 * Accounts that may log in to `ucadmin serve ssh`, their public keys, and the server's host key.
 * Passwords are scrypt hashes (`scrypt$N$r$p$salt$hash`, base64 parts), never clear text; an account may have no
 * password (key login only). The default node is kept by name, not by row id: a session must never silently land
 * on another node when a cluster is deleted and recreated, so a stale name is reported at login instead.
 */
export const m004Accounts: Migration = {
  version: 4,
  name: 'admin accounts and SSH host key',
  up: `
CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  name          TEXT NOT NULL UNIQUE,
  password_hash TEXT,
  node_host     TEXT,
  cluster_name  TEXT,
  created_at    INTEGER NOT NULL,
  changed_at    INTEGER NOT NULL
);

CREATE TABLE account_keys (
  account_id  INTEGER NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  fingerprint TEXT NOT NULL,
  type        TEXT NOT NULL,
  blob        TEXT NOT NULL,
  comment     TEXT,
  PRIMARY KEY (account_id, fingerprint)
);

CREATE TABLE ssh_host_keys (
  type        TEXT PRIMARY KEY,
  private_key TEXT NOT NULL,
  public_key  TEXT NOT NULL,
  fingerprint TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
`,
}
