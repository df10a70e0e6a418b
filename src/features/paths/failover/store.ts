import type {Store} from '../../../store/store.js'
import type {ImOutcome} from './imha.js'

/** Repositories of migration 006: simulated clients, their IMs, HA outcomes, CUCM groups and device pools. */

export type ClientMode = 'foreground' | 'suspended'
export type MessageState = 'queued' | 'held' | 'delivered' | 'lost'

export interface ClientRow {
  id: number
  clusterId: number
  user: string
  platform: 'ios' | 'android'
  app: 'jabber' | 'webex'
  mode: ClientMode
  mra: boolean
  homeNodeId: number | null
  sessionNodeId: number | null
  sessionReadyAt: number | null
  pushPending: number
  devicePoolId: number | null
  lpnsNodeId: number | null
  createdAt: number
}

const CLIENT_COLS = `id, cluster_id AS clusterId, user, platform, app, mode, mra, home_node_id AS homeNodeId,
  session_node_id AS sessionNodeId, session_ready_at AS sessionReadyAt, push_pending AS pushPending,
  device_pool_id AS devicePoolId, lpns_node_id AS lpnsNodeId, created_at AS createdAt`

const toClient = (r: (Omit<ClientRow, 'mra'> & {mra: number}) | undefined): ClientRow | undefined =>
  r ? {...r, mra: r.mra === 1} : undefined

export function insertClient(store: Store, c: Omit<ClientRow, 'id'>): number {
  return Number(
    store
      .sql(
        `INSERT INTO im_clients(cluster_id, user, platform, app, mode, mra, home_node_id, session_node_id, session_ready_at, push_pending,
           device_pool_id, lpns_node_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(
        c.clusterId,
        c.user,
        c.platform,
        c.app,
        c.mode,
        c.mra ? 1 : 0,
        c.homeNodeId,
        c.sessionNodeId,
        c.sessionReadyAt,
        c.pushPending,
        c.devicePoolId,
        c.lpnsNodeId,
        c.createdAt,
      ).lastInsertRowid,
  )
}

export function findClient(store: Store, clusterId: number, user: string): ClientRow | undefined {
  return toClient(
    store.sql<any>(`SELECT ${CLIENT_COLS} FROM im_clients WHERE cluster_id = ? AND user = ?`).get(clusterId, user),
  )
}

export function listClients(store: Store, clusterId: number): ClientRow[] {
  return store
    .sql<any>(`SELECT ${CLIENT_COLS} FROM im_clients WHERE cluster_id = ? ORDER BY id`)
    .all(clusterId)
    .map((r) => toClient(r)!)
}

export function clientsWithSessionOn(store: Store, nodeId: number): ClientRow[] {
  return store
    .sql<any>(`SELECT ${CLIENT_COLS} FROM im_clients WHERE session_node_id = ? ORDER BY id`)
    .all(nodeId)
    .map((r) => toClient(r)!)
}

export function clientsHomedOn(store: Store, nodeId: number): ClientRow[] {
  return store
    .sql<any>(`SELECT ${CLIENT_COLS} FROM im_clients WHERE home_node_id = ? ORDER BY id`)
    .all(nodeId)
    .map((r) => toClient(r)!)
}

export function countClientsHomedOn(store: Store, nodeId: number): number {
  return store
    .sql<{n: number}>("SELECT count(*) AS n FROM im_clients WHERE home_node_id = ? AND app = 'jabber'")
    .get(nodeId)!.n
}

export function setClientMode(store: Store, id: number, mode: ClientMode): void {
  store.sql('UPDATE im_clients SET mode = ? WHERE id = ?').run(mode, id)
}

export function setClientSession(store: Store, id: number, nodeId: number | null, readyAt: number | null): void {
  store.sql('UPDATE im_clients SET session_node_id = ?, session_ready_at = ? WHERE id = ?').run(nodeId, readyAt, id)
}

export function setPushPending(store: Store, id: number, n: number): void {
  store.sql('UPDATE im_clients SET push_pending = ? WHERE id = ?').run(n, id)
}

export function setLpnsNode(store: Store, id: number, nodeId: number | null): void {
  store.sql('UPDATE im_clients SET lpns_node_id = ? WHERE id = ?').run(nodeId, id)
}

export interface MessageRow {
  id: number
  clientId: number
  sender: string
  body: string
  sentAt: number
  state: MessageState
  nodeId: number | null
  inHistory: boolean
  changedAt: number
  reason: string | null
}

export function insertMessage(store: Store, m: Omit<MessageRow, 'id'>): number {
  return Number(
    store
      .sql(
        'INSERT INTO im_messages(client_id, sender, body, sent_at, state, node_id, in_history, changed_at, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      )
      .run(m.clientId, m.sender, m.body, m.sentAt, m.state, m.nodeId, m.inHistory ? 1 : 0, m.changedAt, m.reason)
      .lastInsertRowid,
  )
}

/** Moves a client's messages in `from` states (on `onNode`, or anywhere when null) to a new state/node. */
export function moveMessages(
  store: Store,
  clientId: number,
  from: MessageState[],
  onNode: number | null,
  to: {state: MessageState; nodeId: number | null; at: number; reason?: string | null; inHistory?: boolean},
): number {
  const states = from.map((s) => `'${s}'`).join(', ')
  const where = `client_id = ? AND state IN (${states})${onNode === null ? '' : ' AND node_id = ?'}`
  const hist = to.inHistory === undefined ? '' : `, in_history = ${to.inHistory ? 1 : 0}`
  const params: unknown[] = [to.state, to.nodeId, to.at, to.reason ?? null, clientId]
  if (onNode !== null) params.push(onNode)
  return store
    .sql(`UPDATE im_messages SET state = ?, node_id = ?, changed_at = ?, reason = ?${hist} WHERE ${where}`)
    .run(...params).changes
}

export interface WaitingMessage {
  from: string
  text: string
  sentAt: number
}

/** A client's messages in some states on a node, oldest first, at most `limit` (what a resume is about to deliver). */
export function waitingMessages(
  store: Store,
  clientId: number,
  states: MessageState[],
  onNode: number,
  limit: number,
): WaitingMessage[] {
  const list = states.map((s) => `'${s}'`).join(', ')
  return store
    .sql<WaitingMessage>(
      `SELECT sender AS "from", body AS text, sent_at AS sentAt FROM im_messages WHERE client_id = ? AND state IN (${list}) AND node_id = ? ORDER BY id LIMIT ?`,
    )
    .all(clientId, onNode, limit)
}

/** Drops a client's IM history (delivered messages no longer shown). */
export function forgetHistory(store: Store, clientId: number): number {
  return store.sql('UPDATE im_messages SET in_history = 0 WHERE client_id = ? AND in_history = 1').run(clientId).changes
}

export interface MessageCounts {
  queued: number
  held: number
  history: number
  lost: number
}

export function messageCounts(store: Store, clientId: number): MessageCounts {
  const r = store
    .sql<MessageCounts>(
      `SELECT coalesce(sum(state = 'queued'), 0) AS queued, coalesce(sum(state = 'held'), 0) AS held,
              coalesce(sum(in_history), 0) AS history, coalesce(sum(state = 'lost'), 0) AS lost
         FROM im_messages WHERE client_id = ?`,
    )
    .get(clientId)!
  return r
}

export function countMessagesOn(store: Store, nodeId: number, state: MessageState): number {
  return store
    .sql<{n: number}>('SELECT count(*) AS n FROM im_messages WHERE node_id = ? AND state = ?')
    .get(nodeId, state)!.n
}

export interface HaEventRow {
  id: number
  clusterId: number
  nodeId: number | null
  at: number
  kind: string
  outcome: string
}

export function insertHaEvent(store: Store, e: Omit<HaEventRow, 'id'>): number {
  return Number(
    store
      .sql('INSERT INTO ha_events(cluster_id, node_id, at, kind, outcome) VALUES (?, ?, ?, ?, ?)')
      .run(e.clusterId, e.nodeId, e.at, e.kind, e.outcome).lastInsertRowid,
  )
}

export function haEventMark(store: Store): number {
  return store.sql<{m: number | null}>('SELECT max(id) AS m FROM ha_events').get()?.m ?? 0
}

export function haEventsSince(store: Store, mark: number): HaEventRow[] {
  return store
    .sql<HaEventRow>(
      'SELECT id, cluster_id AS clusterId, node_id AS nodeId, at, kind, outcome FROM ha_events WHERE id > ? ORDER BY id',
    )
    .all(mark)
}

export function recentHaEvents(store: Store, clusterId: number, limit: number): HaEventRow[] {
  return store
    .sql<HaEventRow>(
      'SELECT id, cluster_id AS clusterId, node_id AS nodeId, at, kind, outcome FROM ha_events WHERE cluster_id = ? ORDER BY id DESC LIMIT ?',
    )
    .all(clusterId, limit)
    .reverse()
}

export interface GroupRow {
  id: number
  clusterId: number
  name: string
  nodeIds: number[]
}

export function upsertGroup(store: Store, clusterId: number, name: string, nodeIds: number[]): void {
  store
    .sql(
      'INSERT INTO cucm_groups(cluster_id, name, node_ids) VALUES (?, ?, ?) ON CONFLICT(cluster_id, name) DO UPDATE SET node_ids = excluded.node_ids',
    )
    .run(clusterId, name, JSON.stringify(nodeIds))
}

const toGroup = (
  r: {id: number; clusterId: number; name: string; nodeIds: string} | undefined,
): GroupRow | undefined => (r ? {...r, nodeIds: JSON.parse(r.nodeIds) as number[]} : undefined)

export function findGroup(store: Store, clusterId: number, name: string): GroupRow | undefined {
  return toGroup(
    store
      .sql<any>(
        'SELECT id, cluster_id AS clusterId, name, node_ids AS nodeIds FROM cucm_groups WHERE cluster_id = ? AND name = ?',
      )
      .get(clusterId, name),
  )
}

export function groupById(store: Store, id: number): GroupRow | undefined {
  return toGroup(
    store
      .sql<any>('SELECT id, cluster_id AS clusterId, name, node_ids AS nodeIds FROM cucm_groups WHERE id = ?')
      .get(id),
  )
}

export function listGroups(store: Store, clusterId: number): GroupRow[] {
  return store
    .sql<any>(
      'SELECT id, cluster_id AS clusterId, name, node_ids AS nodeIds FROM cucm_groups WHERE cluster_id = ? ORDER BY name',
    )
    .all(clusterId)
    .map((r) => toGroup(r)!)
}

export interface PoolRow {
  id: number
  clusterId: number
  name: string
  groupId: number
}

export function upsertPool(store: Store, clusterId: number, name: string, groupId: number): void {
  store
    .sql(
      'INSERT INTO device_pools(cluster_id, name, group_id) VALUES (?, ?, ?) ON CONFLICT(cluster_id, name) DO UPDATE SET group_id = excluded.group_id',
    )
    .run(clusterId, name, groupId)
}

export function findPool(store: Store, clusterId: number, name: string): PoolRow | undefined {
  return store
    .sql<PoolRow>(
      'SELECT id, cluster_id AS clusterId, name, group_id AS groupId FROM device_pools WHERE cluster_id = ? AND name = ?',
    )
    .get(clusterId, name)
}

export function poolById(store: Store, id: number): PoolRow | undefined {
  return store
    .sql<PoolRow>('SELECT id, cluster_id AS clusterId, name, group_id AS groupId FROM device_pools WHERE id = ?')
    .get(id)
}

export function listPools(store: Store, clusterId: number): PoolRow[] {
  return store
    .sql<PoolRow>(
      'SELECT id, cluster_id AS clusterId, name, group_id AS groupId FROM device_pools WHERE cluster_id = ? ORDER BY name',
    )
    .all(clusterId)
}

/** What the IM and Presence HA reactions recorded since mark (sessions-ready events left out). */
export function outcomesSince(store: Store, mark: number): ImOutcome[] {
  return haEventsSince(store, mark)
    .filter((e) => e.kind !== 'sessions-ready')
    .map((e) => JSON.parse(e.outcome) as ImOutcome)
}

/**
 * The OS version a client's device reports (`sim client add --os`), or undefined for a current one: the push's
 * platform reads it (an iOS 12 device is judged by iOS 12 support). The same column calls' client extras read.
 */
export function clientOsVersion(store: Store, clientId: number): string | undefined {
  return (
    store.sql<{os: string | null}>('SELECT os_version AS os FROM im_clients WHERE id = ?').get(clientId)?.os ??
    undefined
  )
}
