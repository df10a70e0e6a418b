import type {Migration} from './index.js'

/**
 * The `serve ssh` processes using a state file, so that login attempts of a server that is gone (killed during a
 * burst of logins) stop counting as running: each attempt names its server; a server is alive while it refreshes
 * `seen` (real time, ms) and, on the same machine, while its process exists.
 */
export const m010SshServers: Migration = {
  version: 10,
  name: 'SSH servers (liveness of login attempts)',
  up: `
ALTER TABLE ssh_login_attempts ADD COLUMN server TEXT;

CREATE TABLE ssh_servers (
  id       TEXT PRIMARY KEY,
  hostname TEXT NOT NULL,
  pid      INTEGER NOT NULL,
  seen     INTEGER NOT NULL
);
`,
}
