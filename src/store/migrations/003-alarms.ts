import type {Migration} from './index.js'

/**
 * The Cisco Management Agent Service's Push Notifications alarms: per-cluster settings, the alarm queue and the
 * outbox (the default upload destination, standing in for the Cisco Cloud).
 *
 * pn_alarm_settings: one row per cluster once `pushfrequency` or `minpushlevel` was set (no row: the defaults,
 *   30 minutes and Error).
 * pn_alarms: every alarm raised, with its node, time, severity (and its rank, 0 Critical .. 4 Information, for
 *   "at or above the minimum level" comparisons), name, text and PII fields (user, host and device name). state:
 *   queued (waiting for an upload), uploaded (sent once, in batch_id, at settled_at) or skipped (below the minimum
 *   level at the time of an upload: counted, never sent).
 * pn_alarm_outbox: one row per uploaded batch (at most 1,000 alarms each). payload is the JSON document exactly as
 *   uploaded (PII encrypted or removed); destination is 'outbox' or the (credential-free) URL it was POSTed to;
 *   delivered_at is NULL while a batch made by a scheduled upload waits for delivery at the end of the clock move.
 *   Meant to be exposed to `run sql` as `pnalarmoutbox` (see docs/alarms.md for the column mapping).
 *
 * Every cluster has a scheduled upload: the trigger below schedules the first one (the default push frequency,
 * 30 minutes, after the cluster's creation) and each upload schedules the next (src/domain/alarm-upload.ts).
 * 'alarm-upload' is ALARM_UPLOAD_EVENT in src/domain/alarms.ts.
 */
export const m003Alarms: Migration = {
  version: 3,
  name: 'Management Agent alarms, queue and uploads',
  up: `
CREATE TABLE pn_alarm_settings (
  cluster_id             INTEGER PRIMARY KEY REFERENCES clusters(id) ON DELETE CASCADE,
  push_frequency_minutes INTEGER NOT NULL DEFAULT 30 CHECK (push_frequency_minutes BETWEEN 5 AND 90),
  min_push_level         TEXT NOT NULL DEFAULT 'Error' CHECK (min_push_level IN ('Critical', 'Error', 'Warning', 'Notice', 'Information')),
  changed_at             INTEGER
);

CREATE TABLE pn_alarm_outbox (
  id             INTEGER PRIMARY KEY,
  pkid           TEXT NOT NULL UNIQUE,
  cluster_id     INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  uploaded_at    INTEGER NOT NULL,
  kind           TEXT NOT NULL CHECK (kind IN ('pushnow', 'scheduled')),
  alarm_count    INTEGER NOT NULL,
  min_push_level TEXT NOT NULL,
  pii            TEXT NOT NULL CHECK (pii IN ('encrypted', 'removed')),
  destination    TEXT,
  delivered_at   INTEGER,
  payload        TEXT NOT NULL
);
CREATE INDEX pn_alarm_outbox_cluster ON pn_alarm_outbox(cluster_id, id);

CREATE TABLE pn_alarms (
  id          INTEGER PRIMARY KEY,
  cluster_id  INTEGER NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  node_id     INTEGER REFERENCES nodes(id) ON DELETE SET NULL,
  node        TEXT NOT NULL,
  node_role   TEXT NOT NULL,
  raised_at   INTEGER NOT NULL,
  severity    TEXT NOT NULL CHECK (severity IN ('Critical', 'Error', 'Warning', 'Notice', 'Information')),
  rank        INTEGER NOT NULL CHECK (rank BETWEEN 0 AND 4),
  name        TEXT NOT NULL,
  message     TEXT NOT NULL,
  source      TEXT NOT NULL CHECK (source IN ('system', 'sim')),
  user_name   TEXT,
  host_name   TEXT,
  device_name TEXT,
  state       TEXT NOT NULL DEFAULT 'queued' CHECK (state IN ('queued', 'uploaded', 'skipped')),
  batch_id    INTEGER REFERENCES pn_alarm_outbox(id) ON DELETE SET NULL,
  settled_at  INTEGER
);
CREATE INDEX pn_alarms_queue ON pn_alarms(cluster_id, state, id);
CREATE INDEX pn_alarms_batch ON pn_alarms(batch_id);

CREATE TRIGGER pn_alarm_first_upload AFTER INSERT ON clusters
BEGIN
  INSERT INTO events(due_at, kind, cluster_id, node_id, payload) VALUES (NEW.created_at + 30 * 60000, 'alarm-upload', NEW.id, NULL, NULL);
END;

INSERT INTO events(due_at, kind, cluster_id, node_id, payload)
  SELECT max(c.created_at, coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'clock'), c.created_at)) + 30 * 60000,
         'alarm-upload', c.id, NULL, NULL
  FROM clusters c;
`,
}
