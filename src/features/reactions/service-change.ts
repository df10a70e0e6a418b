import type {NodeRow} from '../cluster/store.js'
import type {ServiceAction} from '../services/store.js'
import type {Store} from '../../store/store.js'
import type {Clock, RanEvent} from '../clock/clock.js'

import {serviceChangeAlarm} from '../alarms/service-alarms.js'
import {DB_SERVICE, REPLICATOR_SERVICE, XCP_ROUTER, tokenServiceOf} from '../services/names.js'
import {trace} from '../traces/traces.js'

/** Reactions that reach into other features' state (the CUCM database, tokens, IM HA): loaded only when needed. */
interface Heavy {
  alarms: typeof import('../alarms/alarms.js')
  cucmdb: typeof import('../cucmdb/cucmdb.js')
  tokens: typeof import('../tokens/tokens.js')
  imha: typeof import('../failover/imha.js')
}
let heavy: Heavy | undefined

/** Services whose changes run a heavy reaction (on some node). */
const HEAVY_SERVICES = new Set([DB_SERVICE, REPLICATOR_SERVICE, XCP_ROUTER, tokenServiceOf('publisher'), tokenServiceOf('imp-publisher')])

/**
 * Loads what afterServiceChange needs for an ACTION on SERVICE (for any change when not given). A restart of, say,
 * Cisco Tomcat writes a trace line and needs nothing more; the alarm, database, token and IM HA reactions are
 * loaded only for the changes they watch, so a restart loads what a restart needs. Every caller of controlService
 * (or afterServiceChange) awaits this first.
 */
export async function prepareServiceChange(service?: string, action?: ServiceAction): Promise<void> {
  if (heavy) return
  const alarm = service === undefined || action === undefined || serviceChangeAlarm(service, action) !== undefined
  if (!alarm && service !== undefined && !HEAVY_SERVICES.has(service)) return
  const [alarms, cucmdb, tokens, imha] = await Promise.all([
    import('../alarms/alarms.js'),
    import('../cucmdb/cucmdb.js'),
    import('../tokens/tokens.js'),
    import('../failover/imha.js'),
  ])
  heavy = {alarms, cucmdb, tokens, imha}
}

function loaded(): Heavy {
  if (!heavy) throw new Error('service-change reactions not loaded: await prepareServiceChange(service) before changing a service')
  return heavy
}

/**
 * What else happens when a service changes state on a node. One explicit list (no registration at import time):
 * each feature that reacts to service changes adds its call here.
 */
export function afterServiceChange(store: Store, clock: Clock, node: NodeRow, service: string, action: ServiceAction): void {
  const verb = {start: 'started', stop: 'stopped', restart: 'restarted', crash: 'terminated unexpectedly', activate: 'activated', deactivate: 'deactivated'}[action]
  trace(store, clock, node, service, action === 'crash' ? 'ERROR' : 'INFO', `${service} ${verb} on ${node.host}`)
  // Management Agent alarms: a service stopping or crashing raises a Push Notifications alarm.
  if (serviceChangeAlarm(service, action)) loaded().alarms.alarmOnServiceChange(store, clock, node, service, action)
  // The database answering again on a node: nodes that missed changes catch up with the publisher.
  if ((service === DB_SERVICE || service === REPLICATOR_SERVICE) && (action === 'start' || action === 'restart')) loaded().cucmdb.catchUpCluster(store, clock, node.clusterId)
  // Machine account tokens: the push service loads its replica's refresh token when it starts, and fetches an access token.
  if ((action === 'start' || action === 'restart' || action === 'activate') && service === tokenServiceOf(node.role)) loaded().tokens.onTokenServiceStart(store, clock, node)
  // IM and Presence HA: an XCP Router crash loses the unread queue; a restart keeps it (see imha.ts).
  if (service === XCP_ROUTER) loaded().imha.imOnRouterChange(store, clock, node, action)
}

/**
 * What runs after the simulated clock moved (`sim clock advance|set`), once every due event has run: asynchronous
 * follow-up work that cannot run inside the synchronous event loop. One explicit list; each entry returns what it
 * did, reported with the events that ran.
 */
export async function afterClockMoved(store: Store, clock: Clock, env: Record<string, string | undefined>, step?: <T>(fn: () => T) => T): Promise<RanEvent[]> {
  // Management Agent alarms: deliver the batches scheduled uploads made (to UCADMIN_CLOUD_URL or the outbox).
  const {deliverAfterClockMove} = await import('../alarms/upload.js')
  return deliverAfterClockMove(store, clock, env, step)
}
