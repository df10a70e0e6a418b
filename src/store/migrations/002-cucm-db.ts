import type {Migration} from './index.js'

/**
 * The CUCM database view of `run sql`. Every node holds its own replica of the tables catalogued in
 * data/cucmdb.json; a row of a replica is one line of cucmdb_rows (the row's columns as a JSON object), so adding a
 * table to the catalogue needs no migration. `ord` orders rows as inserted (a per-cluster sequence shared by all
 * replicas); `pkid` is the CUCM primary key.
 */
export const m002CucmDb: Migration = {
  version: 2,
  name: 'cucm database tables and per-node replicas (run sql)',
  up: `
CREATE TABLE cucmdb_rows (
  node_id INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
  tbl     TEXT NOT NULL,
  ord     INTEGER NOT NULL,
  pkid    TEXT NOT NULL,
  data    TEXT NOT NULL,
  PRIMARY KEY (node_id, tbl, ord)
) WITHOUT ROWID;
CREATE UNIQUE INDEX cucmdb_rows_pkid ON cucmdb_rows(node_id, tbl, pkid);

-- Replication to each node: broken by \`sim fault replication-break\`; missed counts the changes it has not received.
CREATE TABLE cucmdb_replication (
  node_id   INTEGER PRIMARY KEY REFERENCES nodes(id) ON DELETE CASCADE,
  broken    INTEGER NOT NULL DEFAULT 0,
  broken_at INTEGER,
  missed    INTEGER NOT NULL DEFAULT 0,
  synced_at INTEGER
);

-- Per cluster: the sequence that orders rows and seeds generated pkids.
CREATE TABLE cucmdb_seq (
  cluster_id INTEGER PRIMARY KEY REFERENCES clusters(id) ON DELETE CASCADE,
  seq        INTEGER NOT NULL
);
`,
}
