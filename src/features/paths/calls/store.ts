import type {Store} from '../../../store/store.js'
import type {Region} from './rules.js'

/** Repositories of migration 007: mobile client attributes, desktop clients, Local Push sessions, active calls. */

export interface ClientExtras {
  clientVersion: string | null
  osVersion: string | null
  region: Region
  ssid: string | null
  signedOut: boolean
  lastActiveAt: number | null
  signedInAt: number | null
  number: string | null
  displayName: string | null
  externalName: string | null
  externalNumber: string | null
}

const EXTRA_COLS = `client_version AS clientVersion, os_version AS osVersion, region, ssid, signed_out AS signedOut,
  last_active_at AS lastActiveAt, signed_in_at AS signedInAt, number, display_name AS displayName,
  external_name AS externalName, external_number AS externalNumber`

export function clientExtras(store: Store, clientId: number): ClientExtras {
  const r = store.sql<any>(`SELECT ${EXTRA_COLS} FROM im_clients WHERE id = ?`).get(clientId)
  return {...r, signedOut: r.signedOut === 1}
}

/** Every client's attributes in a cluster, by client id (one query, for lists). */
export function allClientExtras(store: Store, clusterId: number): Map<number, ClientExtras> {
  const rows = store.sql<any>(`SELECT id, ${EXTRA_COLS} FROM im_clients WHERE cluster_id = ?`).all(clusterId)
  return new Map(rows.map((r) => [r.id as number, {...r, signedOut: r.signedOut === 1}]))
}

const COLUMN: Record<keyof ClientExtras, string> = {
  clientVersion: 'client_version',
  osVersion: 'os_version',
  region: 'region',
  ssid: 'ssid',
  signedOut: 'signed_out',
  lastActiveAt: 'last_active_at',
  signedInAt: 'signed_in_at',
  number: 'number',
  displayName: 'display_name',
  externalName: 'external_name',
  externalNumber: 'external_number',
}

export function setClientExtras(store: Store, clientId: number, v: Partial<ClientExtras>): void {
  const keys = Object.keys(v) as Array<keyof ClientExtras>
  if (keys.length === 0) return
  const vals = keys.map((k) => (typeof v[k] === 'boolean' ? (v[k] ? 1 : 0) : v[k]))
  store
    .sql(`UPDATE im_clients SET ${keys.map((k) => `${COLUMN[k]} = ?`).join(', ')} WHERE id = ?`)
    .run(...vals, clientId)
}

export function deleteClientRow(store: Store, clientId: number): void {
  store.sql('DELETE FROM im_clients WHERE id = ?').run(clientId)
}

// Desktop clients

export interface DesktopRow {
  id: number
  clusterId: number
  user: string
  platform: 'windows' | 'mac'
  signedIn: boolean
  lastActiveAt: number
  createdAt: number
}

const DESKTOP_COLS =
  'id, cluster_id AS clusterId, user, platform, signed_in AS signedIn, last_active_at AS lastActiveAt, created_at AS createdAt'
const toDesktop = (r: any): DesktopRow => ({...r, signedIn: r.signedIn === 1})

export function insertDesktop(store: Store, d: Omit<DesktopRow, 'id'>): void {
  store
    .sql(
      'INSERT INTO desktop_clients(cluster_id, user, platform, signed_in, last_active_at, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    )
    .run(d.clusterId, d.user, d.platform, d.signedIn ? 1 : 0, d.lastActiveAt, d.createdAt)
}

export function desktopsOf(store: Store, clusterId: number, user: string): DesktopRow[] {
  return store
    .sql<any>(`SELECT ${DESKTOP_COLS} FROM desktop_clients WHERE cluster_id = ? AND user = ? ORDER BY id`)
    .all(clusterId, user)
    .map(toDesktop)
}

export function listDesktops(store: Store, clusterId: number): DesktopRow[] {
  return store
    .sql<any>(`SELECT ${DESKTOP_COLS} FROM desktop_clients WHERE cluster_id = ? ORDER BY id`)
    .all(clusterId)
    .map(toDesktop)
}

export function updateDesktop(store: Store, id: number, v: {signedIn?: boolean; lastActiveAt?: number}): void {
  if (v.signedIn !== undefined)
    store.sql('UPDATE desktop_clients SET signed_in = ? WHERE id = ?').run(v.signedIn ? 1 : 0, id)
  if (v.lastActiveAt !== undefined)
    store.sql('UPDATE desktop_clients SET last_active_at = ? WHERE id = ?').run(v.lastActiveAt, id)
}

export function deleteDesktop(store: Store, id: number): void {
  store.sql('DELETE FROM desktop_clients WHERE id = ?').run(id)
}

// Local Push sessions

export interface LpnsSessionRow {
  clientId: number
  nodeId: number | null
  ssid: string
  state: 'open' | 'closed'
  generation: number
  openedAt: number
  wifiLostAt: number | null
  closedAt: number | null
  status: number | null
  reason: string | null
}

const LPNS_COLS =
  'client_id AS clientId, node_id AS nodeId, ssid, state, generation, opened_at AS openedAt, wifi_lost_at AS wifiLostAt, closed_at AS closedAt, status, reason'

export function lpnsSession(store: Store, clientId: number): LpnsSessionRow | undefined {
  return store.sql<LpnsSessionRow>(`SELECT ${LPNS_COLS} FROM lpns_sessions WHERE client_id = ?`).get(clientId)
}

export function allLpnsSessions(store: Store, clusterId: number): Map<number, LpnsSessionRow> {
  const rows = store
    .sql<LpnsSessionRow>(
      `SELECT ${LPNS_COLS} FROM lpns_sessions WHERE client_id IN (SELECT id FROM im_clients WHERE cluster_id = ?)`,
    )
    .all(clusterId)
  return new Map(rows.map((r) => [r.clientId, r]))
}

/** Opens (or re-opens) a client's session; returns its new generation. */
export function openLpnsSession(store: Store, clientId: number, nodeId: number, ssid: string, at: number): number {
  const gen = (lpnsSession(store, clientId)?.generation ?? 0) + 1
  store
    .sql(
      `INSERT INTO lpns_sessions(client_id, node_id, ssid, state, generation, opened_at) VALUES (?, ?, ?, 'open', ?, ?)
       ON CONFLICT(client_id) DO UPDATE SET node_id = excluded.node_id, ssid = excluded.ssid, state = 'open', generation = excluded.generation,
         opened_at = excluded.opened_at, wifi_lost_at = NULL, closed_at = NULL, status = NULL, reason = NULL`,
    )
    .run(clientId, nodeId, ssid, gen, at)
  return gen
}

export function closeLpnsSession(
  store: Store,
  clientId: number,
  at: number,
  status: number | null,
  reason: string,
): void {
  store
    .sql("UPDATE lpns_sessions SET state = 'closed', closed_at = ?, status = ?, reason = ? WHERE client_id = ?")
    .run(at, status, reason, clientId)
}

export function setLpnsWifiLost(store: Store, clientId: number, at: number | null): void {
  store.sql('UPDATE lpns_sessions SET wifi_lost_at = ? WHERE client_id = ?').run(at, clientId)
}

export function setLpnsSessionNode(store: Store, clientId: number, nodeId: number): void {
  store.sql('UPDATE lpns_sessions SET node_id = ? WHERE client_id = ?').run(nodeId, clientId)
}

// Calls

export function insertCall(
  store: Store,
  c: {clusterId: number; caller: string; callee: string; answeredBy: string; startedAt: number; endsAt: number},
): void {
  store
    .sql('INSERT INTO calls(cluster_id, caller, callee, answered_by, started_at, ends_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(c.clusterId, c.caller, c.callee, c.answeredBy, c.startedAt, c.endsAt)
}

/** Whether a user is in an answered call at `now` (as the caller, or as the one who answered it). */
export function inActiveCall(store: Store, clusterId: number, user: string, now: number): boolean {
  return !!store
    .sql(
      'SELECT 1 FROM calls WHERE cluster_id = ? AND started_at <= ? AND ends_at > ? AND (caller = ? OR answered_by = ?) LIMIT 1',
    )
    .get(clusterId, now, now, user, user)
}

/** Users in an answered call at `now` (lower case), for lists. */
export function usersInCall(store: Store, clusterId: number, now: number): Set<string> {
  const rows = store
    .sql<{caller: string; answeredBy: string}>(
      'SELECT caller, answered_by AS answeredBy FROM calls WHERE cluster_id = ? AND started_at <= ? AND ends_at > ?',
    )
    .all(clusterId, now, now)
  return new Set(rows.flatMap((r) => [r.caller.toLowerCase(), r.answeredBy.toLowerCase()]))
}
