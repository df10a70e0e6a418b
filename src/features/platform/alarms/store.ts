import type {Store} from '../../../store/store.js'

/** Per-cluster Management Agent settings; undefined when never set (the defaults apply). */
export interface AlarmSettingsRow {
  clusterId: number
  pushFrequencyMinutes: number
  minPushLevel: string
  changedAt: number | null
}

export function getAlarmSettings(store: Store, clusterId: number): AlarmSettingsRow | undefined {
  return store
    .sql<AlarmSettingsRow>(
      'SELECT cluster_id AS clusterId, push_frequency_minutes AS pushFrequencyMinutes, min_push_level AS minPushLevel, changed_at AS changedAt FROM pn_alarm_settings WHERE cluster_id = ?',
    )
    .get(clusterId)
}

export function saveAlarmSettings(store: Store, s: AlarmSettingsRow): void {
  store
    .sql(
      `INSERT INTO pn_alarm_settings(cluster_id, push_frequency_minutes, min_push_level, changed_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(cluster_id) DO UPDATE SET push_frequency_minutes = excluded.push_frequency_minutes,
         min_push_level = excluded.min_push_level, changed_at = excluded.changed_at`,
    )
    .run(s.clusterId, s.pushFrequencyMinutes, s.minPushLevel, s.changedAt)
}

export type AlarmState = 'queued' | 'uploaded' | 'skipped'

export interface NewAlarm {
  clusterId: number
  nodeId: number | null
  node: string
  nodeRole: string
  raisedAt: number
  severity: string
  rank: number
  name: string
  message: string
  source: 'system' | 'sim'
  userName: string | null
  hostName: string | null
  deviceName: string | null
}

export interface AlarmRow extends NewAlarm {
  id: number
  state: AlarmState
  batchId: number | null
  settledAt: number | null
}

const ALARM_COLS = `id, cluster_id AS clusterId, node_id AS nodeId, node, node_role AS nodeRole, raised_at AS raisedAt, severity, rank,
  name, message, source, user_name AS userName, host_name AS hostName, device_name AS deviceName, state, batch_id AS batchId,
  settled_at AS settledAt`

export function insertAlarm(store: Store, a: NewAlarm): number {
  return Number(
    store
      .sql(
        `INSERT INTO pn_alarms(cluster_id, node_id, node, node_role, raised_at, severity, rank, name, message, source, user_name, host_name, device_name)
         VALUES (@clusterId, @nodeId, @node, @nodeRole, @raisedAt, @severity, @rank, @name, @message, @source, @userName, @hostName, @deviceName)`,
      )
      .run(a).lastInsertRowid,
  )
}

export interface AlarmCounts {
  queued: number
  uploaded: number
  skipped: number
}

export function countAlarms(store: Store, clusterId: number): AlarmCounts {
  const rows = store
    .sql<{state: AlarmState; n: number}>(
      'SELECT state, count(*) AS n FROM pn_alarms WHERE cluster_id = ? GROUP BY state',
    )
    .all(clusterId)
  const c: AlarmCounts = {queued: 0, uploaded: 0, skipped: 0}
  for (const r of rows) c[r.state] = r.n
  return c
}

export function countQueued(store: Store, clusterId: number): number {
  return store
    .sql<{n: number}>("SELECT count(*) AS n FROM pn_alarms WHERE cluster_id = ? AND state = 'queued'")
    .get(clusterId)!.n
}

/** Queued alarms whose rank is below the minimum (a higher rank number: less severe) become skipped. */
export function skipQueuedBelow(store: Store, clusterId: number, maxRank: number, at: number): number {
  return store
    .sql(
      "UPDATE pn_alarms SET state = 'skipped', settled_at = ? WHERE cluster_id = ? AND state = 'queued' AND batch_id IS NULL AND rank > ?",
    )
    .run(at, clusterId, maxRank).changes
}

/**
 * The next queued alarms after `afterId` that no batch holds yet, oldest first (keyset pagination: memory stays
 * bounded). Alarms of a batch that did not arrive stay queued in that batch (see holdBatch).
 */
export function queuedAfter(store: Store, clusterId: number, afterId: number, limit: number): AlarmRow[] {
  return store
    .sql<AlarmRow>(
      `SELECT ${ALARM_COLS} FROM pn_alarms WHERE cluster_id = ? AND state = 'queued' AND batch_id IS NULL AND id > ? ORDER BY id LIMIT ?`,
    )
    .all(clusterId, afterId, limit)
}

/** Marks the queued alarms with ids in [fromId, toId] as uploaded in a batch. */
export function markUploaded(
  store: Store,
  clusterId: number,
  fromId: number,
  toId: number,
  batchId: number,
  at: number,
): number {
  return store
    .sql(
      "UPDATE pn_alarms SET state = 'uploaded', batch_id = ?, settled_at = ? WHERE cluster_id = ? AND state = 'queued' AND batch_id IS NULL AND id BETWEEN ? AND ?",
    )
    .run(batchId, at, clusterId, fromId, toId).changes
}

/** The last `limit` alarms of a cluster (optionally of one state), oldest first. */
export function lastAlarms(store: Store, clusterId: number, limit: number, state?: AlarmState): AlarmRow[] {
  const rows = state
    ? store
        .sql<AlarmRow>(
          `SELECT ${ALARM_COLS} FROM pn_alarms WHERE cluster_id = ? AND state = ? ORDER BY id DESC LIMIT ?`,
        )
        .all(clusterId, state, limit)
    : store
        .sql<AlarmRow>(`SELECT ${ALARM_COLS} FROM pn_alarms WHERE cluster_id = ? ORDER BY id DESC LIMIT ?`)
        .all(clusterId, limit)
  return rows.reverse()
}

// ---- outbox -------------------------------------------------------------------------------------------------------

export type UploadKind = 'pushnow' | 'scheduled'

export interface OutboxRow {
  id: number
  pkid: string
  clusterId: number
  uploadedAt: number
  kind: UploadKind
  alarmCount: number
  minPushLevel: string
  pii: 'encrypted' | 'removed'
  /** 'outbox' or the URL it was POSTed to; null while staged. */
  destination: string | null
  /** null while staged (made by a scheduled upload, not yet delivered). */
  deliveredAt: number | null
}

const OUTBOX_COLS = `id, pkid, cluster_id AS clusterId, uploaded_at AS uploadedAt, kind, alarm_count AS alarmCount,
  min_push_level AS minPushLevel, pii, destination, delivered_at AS deliveredAt`

export function insertBatch(store: Store, b: Omit<OutboxRow, 'id'> & {payload: string}): number {
  return Number(
    store
      .sql(
        `INSERT INTO pn_alarm_outbox(pkid, cluster_id, uploaded_at, kind, alarm_count, min_push_level, pii, destination, delivered_at, payload)
         VALUES (@pkid, @clusterId, @uploadedAt, @kind, @alarmCount, @minPushLevel, @pii, @destination, @deliveredAt, @payload)`,
      )
      .run(b).lastInsertRowid,
  )
}

/** Batches waiting for delivery (oldest first), of one cluster or of all. */
export function stagedBatches(store: Store, clusterId?: number): OutboxRow[] {
  return clusterId === undefined
    ? store.sql<OutboxRow>(`SELECT ${OUTBOX_COLS} FROM pn_alarm_outbox WHERE delivered_at IS NULL ORDER BY id`).all()
    : store
        .sql<OutboxRow>(
          `SELECT ${OUTBOX_COLS} FROM pn_alarm_outbox WHERE delivered_at IS NULL AND cluster_id = ? ORDER BY id`,
        )
        .all(clusterId)
}

/** Every staged batch of a cluster is delivered to the outbox itself, at the time it was made. */
export function deliverStagedToOutbox(store: Store, clusterId: number): number {
  store
    .sql(
      `UPDATE pn_alarms SET state = 'uploaded', settled_at = (SELECT uploaded_at FROM pn_alarm_outbox o WHERE o.id = pn_alarms.batch_id)
       WHERE state = 'queued' AND batch_id IN (SELECT id FROM pn_alarm_outbox WHERE delivered_at IS NULL AND cluster_id = ?)`,
    )
    .run(clusterId)
  return store
    .sql(
      "UPDATE pn_alarm_outbox SET destination = 'outbox', delivered_at = uploaded_at WHERE delivered_at IS NULL AND cluster_id = ?",
    )
    .run(clusterId).changes
}

export function markDelivered(store: Store, batchId: number, destination: string, at: number): void {
  store
    .sql("UPDATE pn_alarms SET state = 'uploaded', settled_at = ? WHERE batch_id = ? AND state = 'queued'")
    .run(at, batchId)
  store.sql('UPDATE pn_alarm_outbox SET destination = ?, delivered_at = ? WHERE id = ?').run(destination, at, batchId)
}

/**
 * A batch that did not arrive stays staged, under its batch id, with its alarms queued in it: the next upload sends
 * the same batch again (receivers drop duplicates by batch id). Returns how many alarms it holds.
 */
export function holdBatch(store: Store, batchId: number): number {
  return store.sql("UPDATE pn_alarms SET state = 'queued', settled_at = NULL WHERE batch_id = ?").run(batchId).changes
}

export function batchPayload(store: Store, batchId: number): string | undefined {
  return store.sql<{payload: string}>('SELECT payload FROM pn_alarm_outbox WHERE id = ?').get(batchId)?.payload
}

/** A batch by its number (outbox id) or its pkid; of one cluster when clusterId is given (a command reads its own). */
export function findBatch(store: Store, ref: string, clusterId?: number): (OutboxRow & {payload: string}) | undefined {
  const byNumber = /^\d+$/.test(ref)
  const sql = `SELECT ${OUTBOX_COLS}, payload FROM pn_alarm_outbox WHERE ${byNumber ? 'id = ?' : 'pkid = ?'}`
  const b = store.sql<OutboxRow & {payload: string}>(sql).get(byNumber ? Number(ref) : ref.toLowerCase())
  return b && (clusterId === undefined || b.clusterId === clusterId) ? b : undefined
}

/** The last `limit` batches of a cluster, oldest first. */
export function lastBatches(store: Store, clusterId: number, limit: number): OutboxRow[] {
  return store
    .sql<OutboxRow>(`SELECT ${OUTBOX_COLS} FROM pn_alarm_outbox WHERE cluster_id = ? ORDER BY id DESC LIMIT ?`)
    .all(clusterId, limit)
    .reverse()
}

export function countBatches(store: Store, clusterId: number): number {
  return store.sql<{n: number}>('SELECT count(*) AS n FROM pn_alarm_outbox WHERE cluster_id = ?').get(clusterId)!.n
}

export function lastUploadAt(store: Store, clusterId: number): number | undefined {
  return (
    store
      .sql<{at: number | null}>('SELECT max(uploaded_at) AS at FROM pn_alarm_outbox WHERE cluster_id = ?')
      .get(clusterId)?.at ?? undefined
  )
}

/**
 * The outbox as `run sql` would show it (`pnalarmoutbox`): lower-case CUCM-style columns, in id order from
 * `afterId`, `limit` rows at a time (keyset pagination, so a caller can stream it).
 */
export const PNALARMOUTBOX_COLUMNS = [
  'pkid',
  'batchnumber',
  'clusterid',
  'uploadedat',
  'kind',
  'alarmcount',
  'minpushlevel',
  'pii',
  'destination',
  'deliveredat',
  'payload',
] as const

export function pnalarmoutboxRows(
  store: Store,
  afterId: number,
  limit: number,
): Array<Record<(typeof PNALARMOUTBOX_COLUMNS)[number], string | number | null>> {
  return store
    .sql<Record<(typeof PNALARMOUTBOX_COLUMNS)[number], string | number | null>>(
      `SELECT pkid, id AS batchnumber, cluster_id AS clusterid, uploaded_at AS uploadedat, kind, alarm_count AS alarmcount,
         min_push_level AS minpushlevel, pii, destination, delivered_at AS deliveredat, payload
       FROM pn_alarm_outbox WHERE id > ? ORDER BY id LIMIT ?`,
    )
    .all(afterId, limit)
}
