import type {Migration} from './index.js'

export const m001Foundation: Migration = {
  version: 1,
  name: 'foundation: clusters, nodes, services, clock, events, traces',
  up: `
CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
);

CREATE TABLE clusters (
  id         INTEGER PRIMARY KEY,
  name       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  version    TEXT NOT NULL,
  licensing  TEXT NOT NULL CHECK (licensing IN ('smart', 'plm', 'slr', 'none')),
  created_at INTEGER NOT NULL
);

CREATE TABLE nodes (
  id             INTEGER PRIMARY KEY,
  cluster_id     INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  host           TEXT NOT NULL COLLATE NOCASE,
  role           TEXT NOT NULL CHECK (role IN ('publisher', 'subscriber', 'imp-publisher', 'imp-subscriber')),
  state          TEXT NOT NULL DEFAULT 'up' CHECK (state IN ('up', 'down', 'shutdown')),
  dns_configured INTEGER NOT NULL DEFAULT 1,
  pkid           TEXT NOT NULL,
  position       INTEGER NOT NULL,
  created_at     INTEGER NOT NULL,
  booted_at      INTEGER NOT NULL,
  UNIQUE (cluster_id, host)
);
CREATE INDEX nodes_host ON nodes(host);

CREATE TABLE node_services (
  node_id    INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
  name       TEXT NOT NULL,
  kind       TEXT NOT NULL CHECK (kind IN ('network', 'feature')),
  activated  INTEGER NOT NULL,
  state      TEXT NOT NULL CHECK (state IN ('STARTED', 'STOPPED', 'STARTING', 'STOPPING', 'NOTRUNNING')),
  reason     TEXT,
  started_at INTEGER,
  changed_at INTEGER NOT NULL,
  PRIMARY KEY (node_id, name)
);

CREATE TABLE service_events (
  id      INTEGER PRIMARY KEY,
  node_id INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
  service TEXT NOT NULL,
  action  TEXT NOT NULL CHECK (action IN ('start', 'stop', 'restart', 'crash', 'activate', 'deactivate')),
  at      INTEGER NOT NULL
);
CREATE INDEX service_events_lookup ON service_events(node_id, service, at);

CREATE TABLE cloud_reachability (
  node_id    INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
  cloud_host TEXT NOT NULL,
  reachable  INTEGER NOT NULL,
  PRIMARY KEY (node_id, cloud_host)
);

CREATE TABLE events (
  id         INTEGER PRIMARY KEY,
  due_at     INTEGER NOT NULL,
  kind       TEXT NOT NULL,
  cluster_id INTEGER REFERENCES clusters(id) ON DELETE CASCADE,
  node_id    INTEGER REFERENCES nodes(id) ON DELETE CASCADE,
  payload    TEXT
);
CREATE INDEX events_due ON events(due_at, id);

CREATE TABLE trace_lines (
  id      INTEGER PRIMARY KEY,
  node_id INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
  dir     TEXT NOT NULL,
  file    TEXT NOT NULL,
  at      INTEGER NOT NULL,
  line    TEXT NOT NULL
);
CREATE INDEX trace_lines_file ON trace_lines(node_id, dir, file, id);

-- One row per trace file, kept with the lines (listing and roll-over without scanning lines).
CREATE TABLE trace_files (
  node_id  INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
  dir      TEXT NOT NULL,
  file     TEXT NOT NULL,
  lines    INTEGER NOT NULL,
  bytes    INTEGER NOT NULL,
  first_at INTEGER NOT NULL,
  last_at  INTEGER NOT NULL,
  PRIMARY KEY (node_id, dir, file)
);
`,
}
