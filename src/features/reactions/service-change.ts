import type {NodeRow} from '../cluster/store.js'
import type {ServiceAction} from '../services/store.js'
import type {Store} from '../../store/store.js'
import type {Clock, RanEvent} from '../clock/clock.js'

import {alarmOnServiceChange} from '../alarms/alarms.js'
import {DB_SERVICE, REPLICATOR_SERVICE, catchUpCluster} from '../cucmdb/cucmdb.js'
import {imOnRouterChange} from '../failover/imha.js'
import {XCP_ROUTER} from '../onboarding/onboarding.js'
import {onTokenServiceStart, tokenService} from '../tokens/tokens.js'
import {trace} from '../traces/traces.js'

/**
 * What else happens when a service changes state on a node. One explicit list (no registration at import time):
 * each feature that reacts to service changes adds its call here.
 */
export function afterServiceChange(store: Store, clock: Clock, node: NodeRow, service: string, action: ServiceAction): void {
  const verb = {start: 'started', stop: 'stopped', restart: 'restarted', crash: 'terminated unexpectedly', activate: 'activated', deactivate: 'deactivated'}[action]
  trace(store, clock, node, service, action === 'crash' ? 'ERROR' : 'INFO', `${service} ${verb} on ${node.host}`)
  // Management Agent alarms: a service stopping or crashing raises a Push Notifications alarm.
  alarmOnServiceChange(store, clock, node, service, action)
  // The database answering again on a node: nodes that missed changes catch up with the publisher.
  if ((service === DB_SERVICE || service === REPLICATOR_SERVICE) && (action === 'start' || action === 'restart')) catchUpCluster(store, clock, node.clusterId)
  // Machine account tokens: the push service loads its replica's refresh token when it starts, and fetches an access token.
  if ((action === 'start' || action === 'restart' || action === 'activate') && service === tokenService(node)) onTokenServiceStart(store, clock, node)
  // IM and Presence HA: an XCP Router crash loses the unread queue; a restart keeps it (see imha.ts).
  if (service === XCP_ROUTER) imOnRouterChange(store, clock, node, action)
}

/**
 * What runs after the simulated clock moved (`sim clock advance|set`), once every due event has run: asynchronous
 * follow-up work that cannot run inside the synchronous event loop. One explicit list; each entry returns what it
 * did, reported with the events that ran.
 */
export async function afterClockMoved(store: Store, clock: Clock, env: Record<string, string | undefined>): Promise<RanEvent[]> {
  // Management Agent alarms: deliver the batches scheduled uploads made (to UCADMIN_CLOUD_URL or the outbox).
  const {deliverAfterClockMove} = await import('../alarms/upload.js')
  return deliverAfterClockMove(store, clock, env)
}
