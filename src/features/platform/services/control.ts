import type {NodeRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {
  type ServiceAction,
  type ServiceRow,
  type ServiceState,
  listServices,
  recordServiceEvent,
  updateService,
} from './store.js'
import type {Clock} from '../../world/clock/clock.js'
import type {ImOutcome} from '../../paths/failover/imha.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import {
  REASON_NOT_ACTIVATED,
  REASON_NOT_RUNNING,
  REASON_OPERATOR,
  requireUp,
  serviceCatalogue,
  serviceOnNode,
} from './services.js'

/*
 * The service state machine. Apart from services.ts (the catalogue and reads) because a change runs every
 * feature's reaction, which read-only commands need not load.
 */

/**
 * What else happens when a service changes state on a node (traces, alarms, database catch-up, tokens, IM HA):
 * the table of src/compose/service-change.ts, handed in by the composition root (ctx.serviceChanges()).
 */
export interface ServiceReactions {
  afterChange(store: Store, clock: Clock, node: NodeRow, service: string, action: ServiceAction): void
  /** Runs `change`; returns its result and what it did to the IM sessions (IM and Presence HA, docs/failover.md). */
  withImOutcomes<T>(store: Store, change: () => T): {result: T; im: ImOutcome[]}
}

export interface Transition {
  node: string
  service: string
  state: ServiceState
  changed: boolean
  /** The states the service passed through, as the CLI prints them while it polls. */
  states: ServiceState[]
}

export type ControlAction = 'start' | 'stop' | 'restart' | 'activate' | 'deactivate'

/** The node's services that run under this one (dependsOn in data/services.json). */
function dependents(store: Store, node: NodeRow, name: string): ServiceRow[] {
  const under = new Set(
    serviceCatalogue()
      .filter((d) => d.dependsOn === name)
      .map((d) => d.name),
  )
  return under.size ? listServices(store, node.id).filter((s) => under.has(s.name)) : []
}

/**
 * The service state machine. start: STOPPED/NOTRUNNING -> STARTING -> STARTED; stop: STARTED -> STOPPING -> STOPPED
 * (Commanded Out of Service); restart: -> STOPPING -> STARTING -> STARTED; crash (simulated): -> NOTRUNNING.
 * Feature services must be activated to run; deactivation stops them. Every change is recorded with its time.
 */
export function controlService(
  store: Store,
  clock: Clock,
  node: NodeRow,
  name: string,
  action: ControlAction | 'crash',
  reactions: ServiceReactions,
): Transition {
  requireUp(node)
  const row = serviceOnNode(store, node, name)
  const now = clock.now()
  const t: Transition = {node: node.host, service: name, state: row.state, changed: false, states: []}
  const set = (state: ServiceState, reason: string | null, ev: ServiceAction) => {
    const started = state === 'STARTED'
    updateService(store, {
      ...row,
      state,
      reason,
      activated: ev === 'deactivate' ? false : ev === 'activate' ? true : row.activated,
      startedAt: started ? now : row.startedAt,
      changedAt: now,
    })
    recordServiceEvent(store, node.id, name, ev, now)
    reactions.afterChange(store, clock, node, name, ev)
    t.state = state
    t.changed = true
  }
  const notActivated = () =>
    new FailedError(`${name} is not activated on ${node.host}.`, {
      code: 'SERVICE_NOT_ACTIVATED',
      fix: `Activate it first: ucadmin utils service activate ${name} --node ${node.host}`,
    })

  switch (action) {
    case 'start': {
      if (!row.activated) throw notActivated()
      if (row.state === 'STARTED') {
        t.states = ['STARTED']
        return t
      }
      t.states = ['STARTING', 'STARTED']
      set('STARTED', null, 'start')
      return t
    }
    case 'stop': {
      if (row.state === 'STOPPED' || row.state === 'NOTRUNNING') {
        t.states = [row.state]
        return t
      }
      t.states = ['STOPPING', 'STOPPED']
      set('STOPPED', REASON_OPERATOR, 'stop')
      // The services that run under it stop with it; a later start starts only this one.
      for (const d of dependents(store, node, name))
        if (d.state === 'STARTED') controlService(store, clock, node, d.name, 'stop', reactions)
      return t
    }
    case 'restart': {
      if (!row.activated) throw notActivated()
      t.states = row.state === 'STARTED' ? ['STOPPING', 'STARTING', 'STARTING', 'STARTED'] : ['STARTING', 'STARTED']
      set('STARTED', null, 'restart')
      // A restart restarts the activated services that run under it (and starts those a stop left stopped).
      for (const d of dependents(store, node, name))
        if (d.activated) controlService(store, clock, node, d.name, 'restart', reactions)
      return t
    }
    case 'crash': {
      if (row.state !== 'STARTED') {
        throw new FailedError(
          `${name} is not running on ${node.host} (${row.state}); only a running service can crash.`,
          {
            fix: `Start it first: ucadmin utils service start ${name} --node ${node.host}`,
          },
        )
      }
      t.states = ['NOTRUNNING']
      set('NOTRUNNING', REASON_NOT_RUNNING, 'crash')
      return t
    }
    case 'activate': {
      if (row.kind === 'network')
        throw new UsageError(`${name} is a network service: it is always activated.`, {
          fix: `Use \`utils service start ${name}\`.`,
        })
      if (row.activated) {
        t.states = [row.state]
        return t
      }
      t.states = ['STARTING', 'STARTED']
      set('STARTED', null, 'activate')
      return t
    }
    case 'deactivate': {
      if (row.kind === 'network')
        throw new UsageError(`${name} is a network service and cannot be deactivated.`, {
          fix: `Use \`utils service stop ${name}\`.`,
        })
      if (!row.activated) {
        t.states = [row.state]
        return t
      }
      t.states = row.state === 'STARTED' ? ['STOPPING', 'STOPPED'] : ['STOPPED']
      set('STOPPED', REASON_NOT_ACTIVATED, 'deactivate')
      return t
    }
  }
}
