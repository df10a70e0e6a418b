import type {NodeRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {
  type ServiceKind,
  type ServiceRow,
  getService,
  insertService,
  listServices,
  recordServiceEvent,
} from './store.js'
import {loadCatalog} from '../../../core/catalog.js'
import type {Clock} from '../../world/clock/clock.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import {suggest} from '../../../core/ids.js'
import {atLeast, type Release} from '../../world/cluster/releases.js'

export interface ServiceDef {
  name: string
  kind: ServiceKind
  on: Array<'cucm' | 'imp'>
  publisherOnly?: boolean
  activated?: boolean
  minRelease?: string
  untilRelease?: string
  /** The service this one runs under: its stop stops this one, its restart restarts this one (Cisco XCP Router's). */
  dependsOn?: string
}

export const REASON_OPERATOR = 'Commanded Out of Service'
export const REASON_NOT_ACTIVATED = 'Service Not Activated'
export const REASON_NOT_RUNNING = 'Component is not running'

export function serviceCatalogue(): ServiceDef[] {
  return loadCatalog<{services: ServiceDef[]}>('services').services
}

const nodeType = (n: NodeRow) => (n.role === 'imp-publisher' || n.role === 'imp-subscriber' ? 'imp' : 'cucm')
const isPublisher = (n: NodeRow) => n.role === 'publisher' || n.role === 'imp-publisher'

/** The services a node of this role and release runs. */
export function servicesFor(node: NodeRow, release: Release): ServiceDef[] {
  return serviceCatalogue().filter(
    (s) =>
      s.on.includes(nodeType(node)) &&
      (!s.publisherOnly || isPublisher(node)) &&
      (!s.minRelease || atLeast(release, s.minRelease)) &&
      (!s.untilRelease || !atLeast(release, s.untilRelease)),
  )
}

/** A new node's services: network services and activated feature services started, the rest not activated. */
export function installServices(store: Store, clock: Clock, node: NodeRow, release: Release): void {
  installServiceDefs(store, clock, node, servicesFor(node, release))
}

export function installServiceDefs(store: Store, clock: Clock, node: NodeRow, defs: ServiceDef[]): void {
  const now = clock.now()
  for (const s of defs) {
    const activated = s.kind === 'network' || s.activated === true
    insertService(store, {
      nodeId: node.id,
      name: s.name,
      kind: s.kind,
      activated,
      state: activated ? 'STARTED' : 'STOPPED',
      reason: activated ? null : REASON_NOT_ACTIVATED,
      startedAt: activated ? now : null,
      changedAt: now,
    })
    if (activated) recordServiceEvent(store, node.id, s.name, 'start', now)
  }
}

/** Service names as typed (words, any letter case, any spacing), mapped to the catalogue's name. */
export function resolveServiceName(words: string | string[]): string {
  const typed = (Array.isArray(words) ? words.join(' ') : words).trim().replace(/\s+/g, ' ')
  if (!typed)
    throw new UsageError('Name the service, e.g. `utils service restart Cisco Tomcat`.', {code: 'MISSING_SERVICE'})
  const all = serviceCatalogue().map((s) => s.name)
  const hit = all.find((n) => n.toLowerCase() === typed.toLowerCase())
  if (hit) return hit
  const near = suggest(typed, all)
  throw new UsageError(`Unknown service "${typed}".`, {
    code: 'UNKNOWN_SERVICE',
    fix: near.length
      ? `Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?`
      : 'See the names with `ucadmin utils service list`.',
  })
}

export function requireUp(node: NodeRow): void {
  if (node.state !== 'up') {
    throw new FailedError(
      `${node.host} is ${node.state === 'down' ? 'down (not reachable)' : 'shut down'}; its services cannot be reached.`,
      {
        code: 'NODE_DOWN',
        fix: `Bring it back with \`ucadmin sim fault node-up ${node.host}\`, or use another --node.`,
      },
    )
  }
}

/** The node's row for a service, or a refusal naming where it does run. */
export function serviceOnNode(store: Store, node: NodeRow, name: string): ServiceRow {
  const row = getService(store, node.id, name)
  if (row) return row
  const def = serviceCatalogue().find((s) => s.name === name)!
  const where = def.on.map((t) => (t === 'imp' ? 'IM and Presence nodes' : 'Unified CM nodes')).join(' and ')
  const extra = def.minRelease ? ` from ${def.minRelease}` : ''
  throw new FailedError(
    `${name} does not run on ${node.host}; it runs on ${where}${def.publisherOnly ? ' (publisher only)' : ''}${extra}.`,
    {
      code: 'SERVICE_NOT_ON_NODE',
      fix: 'Run it against a node that has the service with --node HOST, or use --all-nodes.',
    },
  )
}

export function nodeServices(store: Store, node: NodeRow): ServiceRow[] {
  requireUp(node)
  return listServices(store, node.id)
}

/** Whether a service runs (STARTED) on a node that is up. */
export function isRunning(store: Store, node: NodeRow, name: string): boolean {
  return node.state === 'up' && getService(store, node.id, name)?.state === 'STARTED'
}
