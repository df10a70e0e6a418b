import type {NodeRow} from '../store/clusters.js'
import type {ServiceAction} from '../store/services.js'
import type {Store} from '../store/store.js'
import type {Clock} from './clock.js'

import {DB_SERVICE, REPLICATOR_SERVICE, catchUpCluster} from './cucmdb.js'
import {trace} from './traces.js'

/**
 * What else happens when a service changes state on a node. One explicit list (no registration at import time):
 * each feature that reacts to service changes adds its call here.
 */
export function afterServiceChange(store: Store, clock: Clock, node: NodeRow, service: string, action: ServiceAction): void {
  const verb = {start: 'started', stop: 'stopped', restart: 'restarted', crash: 'terminated unexpectedly', activate: 'activated', deactivate: 'deactivated'}[action]
  trace(store, clock, node, service, action === 'crash' ? 'ERROR' : 'INFO', `${service} ${verb} on ${node.host}`)
  // The database answering again on a node: nodes that missed changes catch up with the publisher.
  if ((service === DB_SERVICE || service === REPLICATOR_SERVICE) && (action === 'start' || action === 'restart')) catchUpCluster(store, clock, node.clusterId)
}
