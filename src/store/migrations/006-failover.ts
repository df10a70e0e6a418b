import type {Migration} from './index.js'

export const m006Failover: Migration = {
  version: 6,
  name: 'clients, IM sessions and queues, CUCM groups and device pools (failover)',
  up: `
-- Unified CM groups: up to three CUCM nodes, primary first (node ids as a JSON array).
CREATE TABLE cucm_groups (
  id         INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  name       TEXT NOT NULL COLLATE NOCASE,
  node_ids   TEXT NOT NULL,
  UNIQUE (cluster_id, name)
);

CREATE TABLE device_pools (
  id         INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  name       TEXT NOT NULL COLLATE NOCASE,
  group_id   INTEGER NOT NULL REFERENCES cucm_groups(id),
  UNIQUE (cluster_id, name)
);

-- Simulated mobile clients. home_node_id: the IM and Presence node the user is assigned to (Jabber IM);
-- session_node_id: the node holding the user's IM session now (NULL: offline); session_ready_at: from when that
-- node can send the user pushes (JSM session recreated after a failover or fallback); push_pending: pushes deferred
-- until then. device_pool_id / lpns_node_id: calls (CUCM group, the node holding the Local Push WebSocket).
CREATE TABLE im_clients (
  id               INTEGER PRIMARY KEY,
  cluster_id       INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  user             TEXT NOT NULL COLLATE NOCASE,
  platform         TEXT NOT NULL CHECK (platform IN ('ios', 'android')),
  app              TEXT NOT NULL CHECK (app IN ('jabber', 'webex')),
  mode             TEXT NOT NULL CHECK (mode IN ('foreground', 'suspended')),
  mra              INTEGER NOT NULL DEFAULT 0,
  home_node_id     INTEGER REFERENCES nodes(id) ON DELETE SET NULL,
  session_node_id  INTEGER REFERENCES nodes(id) ON DELETE SET NULL,
  session_ready_at INTEGER,
  push_pending     INTEGER NOT NULL DEFAULT 0,
  device_pool_id   INTEGER REFERENCES device_pools(id) ON DELETE SET NULL,
  lpns_node_id     INTEGER REFERENCES nodes(id) ON DELETE SET NULL,
  created_at       INTEGER NOT NULL,
  UNIQUE (cluster_id, user)
);
CREATE INDEX im_clients_session ON im_clients(session_node_id);
CREATE INDEX im_clients_home ON im_clients(home_node_id);

-- Instant messages to clients. state: queued (unread, on node_id, client suspended), held (kept on a node that was
-- shut down gracefully, retrieved on fallback), delivered (in the IM history while in_history = 1), lost.
CREATE TABLE im_messages (
  id         INTEGER PRIMARY KEY,
  client_id  INTEGER NOT NULL REFERENCES im_clients(id) ON DELETE CASCADE,
  sender     TEXT NOT NULL,
  body       TEXT NOT NULL,
  sent_at    INTEGER NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('queued', 'held', 'delivered', 'lost')),
  node_id    INTEGER REFERENCES nodes(id) ON DELETE SET NULL,
  in_history INTEGER NOT NULL DEFAULT 0,
  changed_at INTEGER NOT NULL,
  reason     TEXT
);
CREATE INDEX im_messages_client ON im_messages(client_id, state);
CREATE INDEX im_messages_node ON im_messages(node_id, state);

-- What each fault did to the IM sessions (the outcome reported by the command that caused it).
CREATE TABLE ha_events (
  id         INTEGER PRIMARY KEY,
  cluster_id INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  node_id    INTEGER REFERENCES nodes(id) ON DELETE CASCADE,
  at         INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  outcome    TEXT NOT NULL
);
CREATE INDEX ha_events_cluster ON ha_events(cluster_id, id);
`,
}
