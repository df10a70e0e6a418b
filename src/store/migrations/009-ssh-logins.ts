import type {Migration} from './index.js'

/**
 * Login attempts of `ucadmin serve ssh`, kept in the state file so that parallel attempts, several servers on one
 * file and restarts all see the same counts. An attempt is recorded when it starts (done = 0) and marked failed
 * (done = 1) or removed (a success) when its check ends; times are real time in milliseconds, not simulated time.
 * `ssh_lockouts` holds the keys (`user:NAME`, `addr:IP`) refused until a time.
 */
export const m009SshLogins: Migration = {
  version: 9,
  name: 'SSH login attempts and lockouts',
  up: `
CREATE TABLE ssh_login_attempts (
  id     INTEGER PRIMARY KEY,
  key    TEXT NOT NULL,
  at     INTEGER NOT NULL,
  failed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX ssh_login_attempts_key ON ssh_login_attempts(key, at);

CREATE TABLE ssh_lockouts (
  key   TEXT PRIMARY KEY,
  until INTEGER NOT NULL
);
`,
}
