import type {Store} from '../../../store/store.js'

/** Something that falls due on the simulated clock: a scheduled alarm upload, a token fetch, an expiry. */
export interface EventRow {
  id: number
  dueAt: number
  kind: string
  clusterId: number | null
  nodeId: number | null
  payload: string | null
}

const COLS = 'id, due_at AS dueAt, kind, cluster_id AS clusterId, node_id AS nodeId, payload'

export function scheduleEvent(store: Store, e: Omit<EventRow, 'id'>): number {
  return Number(
    store
      .sql('INSERT INTO events(due_at, kind, cluster_id, node_id, payload) VALUES (?, ?, ?, ?, ?)')
      .run(e.dueAt, e.kind, e.clusterId, e.nodeId, e.payload).lastInsertRowid,
  )
}

/** The earliest event due at or before `until`, oldest first on ties. */
export function nextDueEvent(store: Store, until: number): EventRow | undefined {
  return store.sql<EventRow>(`SELECT ${COLS} FROM events WHERE due_at <= ? ORDER BY due_at, id LIMIT 1`).get(until)
}

/** Every event due at or before `until`, in time order (a handful: periodic events are one row each). */
export function dueEvents(store: Store, until: number): EventRow[] {
  return store.sql<EventRow>(`SELECT ${COLS} FROM events WHERE due_at <= ? ORDER BY due_at, id`).all(until)
}

export function deleteEvent(store: Store, id: number): void {
  store.sql('DELETE FROM events WHERE id = ?').run(id)
}

export function pendingEvents(store: Store, kind?: string): EventRow[] {
  return kind
    ? store.sql<EventRow>(`SELECT ${COLS} FROM events WHERE kind = ? ORDER BY due_at, id`).all(kind)
    : store.sql<EventRow>(`SELECT ${COLS} FROM events ORDER BY due_at, id`).all()
}

/** Removes the pending events of a kind for a cluster or node (e.g. when a schedule is replaced). */
export function cancelEvents(store: Store, kind: string, where: {clusterId?: number; nodeId?: number}): number {
  if (where.nodeId !== undefined)
    return store.sql('DELETE FROM events WHERE kind = ? AND node_id = ?').run(kind, where.nodeId).changes
  if (where.clusterId !== undefined)
    return store.sql('DELETE FROM events WHERE kind = ? AND cluster_id = ?').run(kind, where.clusterId).changes
  return store.sql('DELETE FROM events WHERE kind = ?').run(kind).changes
}
