import type {Migration} from './index.js'

export const m008Calls: Migration = {
  version: 8,
  name: 'calls and clients: client version, region, Wi-Fi, sign-in, caller ID; desktop clients; Local Push sessions; calls',
  up: `
-- Mobile client attributes (issue 12). client_version: the Jabber or Webex App version (NULL: current);
-- os_version: iOS or Android version; region: global or china (Mainland China APNS rules); ssid: the Wi-Fi the
-- device is on (NULL: none); signed_out: the user logged off (no pushes); last_active_at: last user interaction
-- (Multiple Device Messaging); signed_in_at: the last sign-in (the OAuth refresh token's age); number, display_name,
-- external_name, external_number: the user's line as a caller (caller ID, External Presentation Name and Number).
ALTER TABLE im_clients ADD COLUMN client_version TEXT;
ALTER TABLE im_clients ADD COLUMN os_version TEXT;
ALTER TABLE im_clients ADD COLUMN region TEXT NOT NULL DEFAULT 'global' CHECK (region IN ('global', 'china'));
ALTER TABLE im_clients ADD COLUMN ssid TEXT;
ALTER TABLE im_clients ADD COLUMN signed_out INTEGER NOT NULL DEFAULT 0;
ALTER TABLE im_clients ADD COLUMN last_active_at INTEGER;
ALTER TABLE im_clients ADD COLUMN signed_in_at INTEGER;
ALTER TABLE im_clients ADD COLUMN number TEXT;
ALTER TABLE im_clients ADD COLUMN display_name TEXT;
ALTER TABLE im_clients ADD COLUMN external_name TEXT;
ALTER TABLE im_clients ADD COLUMN external_number TEXT;

-- Jabber for desktop (Windows or Mac) of a user, alongside the mobile client (Multiple Device Messaging).
CREATE TABLE desktop_clients (
  id             INTEGER PRIMARY KEY,
  cluster_id     INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  user           TEXT NOT NULL COLLATE NOCASE,
  platform       TEXT NOT NULL CHECK (platform IN ('windows', 'mac')),
  signed_in      INTEGER NOT NULL DEFAULT 1,
  last_active_at INTEGER NOT NULL,
  created_at     INTEGER NOT NULL,
  UNIQUE (cluster_id, user, platform)
);

-- Local Push (LPNS) WebSocket sessions of iOS clients on a provisioned Wi-Fi (port 9560). state: open or closed;
-- generation: bumped on every open, so a scheduled close of an older session does nothing; wifi_lost_at: the device
-- left Wi-Fi (keepalives stop); status / reason: how the server closed it (401 for a missed keepalive or an expired
-- OAuth token).
CREATE TABLE lpns_sessions (
  client_id    INTEGER PRIMARY KEY REFERENCES im_clients(id) ON DELETE CASCADE,
  node_id      INTEGER REFERENCES nodes(id) ON DELETE SET NULL,
  ssid         TEXT NOT NULL,
  state        TEXT NOT NULL CHECK (state IN ('open', 'closed')),
  generation   INTEGER NOT NULL,
  opened_at    INTEGER NOT NULL,
  wifi_lost_at INTEGER,
  closed_at    INTEGER,
  status       INTEGER,
  reason       TEXT
);

-- Answered calls, while they last (the Windows + iOS rule of Multiple Device Messaging: a user in an active call).
CREATE TABLE calls (
  id          INTEGER PRIMARY KEY,
  cluster_id  INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  caller      TEXT NOT NULL COLLATE NOCASE,
  callee      TEXT NOT NULL COLLATE NOCASE,
  answered_by TEXT NOT NULL COLLATE NOCASE,
  started_at  INTEGER NOT NULL,
  ends_at     INTEGER NOT NULL
);
CREATE INDEX calls_users ON calls(cluster_id, ends_at);
`,
}
