import type {NodeRow} from '../features/world/cluster/store.js'
import type {ServiceAction} from '../features/platform/services/store.js'
import type {ServiceReactions} from '../features/platform/services/control.js'
import type {Store} from '../store/store.js'
import type {Clock} from '../features/world/clock/clock.js'

import {serviceChangeAlarm} from '../features/platform/alarms/service-alarms.js'
import {DB_SERVICE, REPLICATOR_SERVICE, XCP_ROUTER, tokenServiceOf} from '../features/platform/services/names.js'
import {trace} from '../features/platform/traces/traces.js'
import {haEventMark, outcomesSince} from '../features/paths/failover/store.js'

/** Reactions that reach into other features' state (the CUCM database, tokens, IM HA): loaded only when needed. */
interface Heavy {
  alarms: typeof import('../features/platform/alarms/alarms.js')
  cucmdb: typeof import('../features/guide/cucmdb/cucmdb.js')
  tokens: typeof import('../features/guide/tokens/tokens.js')
  imha: typeof import('../features/paths/failover/imha.js')
}
let heavy: Heavy | undefined

/** Services whose changes run a heavy reaction (on some node). */
const HEAVY_SERVICES = new Set([
  DB_SERVICE,
  REPLICATOR_SERVICE,
  XCP_ROUTER,
  tokenServiceOf('publisher'),
  tokenServiceOf('imp-publisher'),
])

/**
 * The reactions to a change of SERVICE by ACTION (to any change when not given), loaded for it: a restart of, say,
 * Cisco Tomcat writes a trace line and needs nothing more; the alarm, database, token and IM HA reactions are
 * loaded only for the changes they watch, so a restart loads what a restart needs. controlService requires what
 * this returns (bodies get it from ctx.serviceChanges()), so no change can run before its reactions are loaded.
 */
export async function serviceReactions(service?: string, action?: ServiceAction): Promise<ServiceReactions> {
  await load(service, action)
  return REACTIONS
}

const REACTIONS: ServiceReactions = {
  afterChange: afterServiceChange,
  withImOutcomes(store, change) {
    const mark = haEventMark(store)
    const result = change()
    return {result, im: outcomesSince(store, mark)}
  },
}

async function load(service?: string, action?: ServiceAction): Promise<void> {
  if (heavy) return
  const alarm = service === undefined || action === undefined || serviceChangeAlarm(service, action) !== undefined
  if (!alarm && service !== undefined && !HEAVY_SERVICES.has(service)) return
  const [alarms, cucmdb, tokens, imha] = await Promise.all([
    import('../features/platform/alarms/alarms.js'),
    import('../features/guide/cucmdb/cucmdb.js'),
    import('../features/guide/tokens/tokens.js'),
    import('../features/paths/failover/imha.js'),
  ])
  heavy = {alarms, cucmdb, tokens, imha}
}

function loaded(): Heavy {
  if (!heavy)
    throw new Error(
      'service-change reactions not loaded for this change: get them from serviceReactions(service, action)',
    )
  return heavy
}

/**
 * What else happens when a service changes state on a node. One explicit list (no registration at import time):
 * each feature that reacts to service changes adds its call here.
 */
function afterServiceChange(store: Store, clock: Clock, node: NodeRow, service: string, action: ServiceAction): void {
  const verb = {
    start: 'started',
    stop: 'stopped',
    restart: 'restarted',
    crash: 'terminated unexpectedly',
    activate: 'activated',
    deactivate: 'deactivated',
  }[action]
  trace(store, clock, node, service, action === 'crash' ? 'ERROR' : 'INFO', `${service} ${verb} on ${node.host}`)
  // Management Agent alarms: a service stopping or crashing raises a Push Notifications alarm.
  if (serviceChangeAlarm(service, action)) loaded().alarms.alarmOnServiceChange(store, clock, node, service, action)
  // The database answering again on a node: nodes that missed changes catch up with the publisher.
  if ((service === DB_SERVICE || service === REPLICATOR_SERVICE) && (action === 'start' || action === 'restart'))
    loaded().cucmdb.catchUpCluster(store, clock, node.clusterId)
  // Machine account tokens: the push service loads its replica's refresh token when it starts, and fetches an access token.
  if ((action === 'start' || action === 'restart' || action === 'activate') && service === tokenServiceOf(node.role))
    loaded().tokens.onTokenServiceStart(store, clock, node)
  // IM and Presence HA: an XCP Router crash loses the unread queue; a restart keeps it (see imha.ts).
  if (service === XCP_ROUTER) loaded().imha.imOnRouterChange(store, clock, node, action)
}
