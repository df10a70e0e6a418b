import type {Store} from '../../../store/store.js'

export type ServiceState = 'STARTED' | 'STOPPED' | 'STARTING' | 'STOPPING' | 'NOTRUNNING'
export type ServiceKind = 'network' | 'feature'
export type ServiceAction = 'start' | 'stop' | 'restart' | 'crash' | 'activate' | 'deactivate'

export interface ServiceRow {
  nodeId: number
  name: string
  kind: ServiceKind
  activated: boolean
  state: ServiceState
  reason: string | null
  startedAt: number | null
  changedAt: number
}

const COLS = 'node_id AS nodeId, name, kind, activated, state, reason, started_at AS startedAt, changed_at AS changedAt'
type Raw = Omit<ServiceRow, 'activated'> & {activated: number}
const toRow = (r: Raw): ServiceRow => ({...r, activated: r.activated === 1})

export function listServices(store: Store, nodeId: number): ServiceRow[] {
  return store.sql<Raw>(`SELECT ${COLS} FROM node_services WHERE node_id = ? ORDER BY rowid`).all(nodeId).map(toRow)
}

export function getService(store: Store, nodeId: number, name: string): ServiceRow | undefined {
  const r = store.sql<Raw>(`SELECT ${COLS} FROM node_services WHERE node_id = ? AND name = ?`).get(nodeId, name)
  return r ? toRow(r) : undefined
}

export function insertService(store: Store, s: ServiceRow): void {
  store
    .sql(
      'INSERT INTO node_services(node_id, name, kind, activated, state, reason, started_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    )
    .run(s.nodeId, s.name, s.kind, s.activated ? 1 : 0, s.state, s.reason, s.startedAt, s.changedAt)
}

export function updateService(store: Store, s: ServiceRow): void {
  store
    .sql(
      'UPDATE node_services SET activated = ?, state = ?, reason = ?, started_at = ?, changed_at = ? WHERE node_id = ? AND name = ?',
    )
    .run(s.activated ? 1 : 0, s.state, s.reason, s.startedAt, s.changedAt, s.nodeId, s.name)
}

export function recordServiceEvent(
  store: Store,
  nodeId: number,
  service: string,
  action: ServiceAction,
  at: number,
): void {
  store
    .sql('INSERT INTO service_events(node_id, service, action, at) VALUES (?, ?, ?, ?)')
    .run(nodeId, service, action, at)
}

/** When the service was last (re)started on the node by an operator or at boot: the latest start or restart. */
export function lastStartedAt(store: Store, nodeId: number, service: string): number | undefined {
  return (
    store
      .sql<{at: number}>(
        "SELECT max(at) AS at FROM service_events WHERE node_id = ? AND service = ? AND action IN ('start', 'restart')",
      )
      .get(nodeId, service)?.at ?? undefined
  )
}

/**
 * A watermark of service activity: the id of the latest service event. A restart "since" something happened is a
 * start or restart event with a greater id, which orders events exactly even at the same simulated instant.
 */
export function serviceMark(store: Store): number {
  return store.sql<{m: number | null}>('SELECT max(id) AS m FROM service_events').get()?.m ?? 0
}

/** Whether the service was started or restarted on the node after the watermark. */
export function startedSince(store: Store, nodeId: number, service: string, mark: number): boolean {
  return (
    store
      .sql<{n: number}>(
        "SELECT count(*) AS n FROM service_events WHERE node_id = ? AND service = ? AND action IN ('start', 'restart', 'activate') AND id > ?",
      )
      .get(nodeId, service, mark)!.n > 0
  )
}

/** The event id (service mark) of the first start of a service on a node after `mark`, if any. */
export function firstStartAfter(store: Store, nodeId: number, service: string, mark: number): number | undefined {
  return (
    store
      .sql<{id: number | null}>(
        "SELECT min(id) AS id FROM service_events WHERE node_id = ? AND service = ? AND action IN ('start', 'restart', 'activate') AND id > ?",
      )
      .get(nodeId, service, mark)!.id ?? undefined
  )
}
