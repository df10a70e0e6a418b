import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import type {EventRow} from '../../world/clock/store.js'
import type {Store} from '../../../store/store.js'

import {clusterById, listNodes, nodeById} from '../../world/cluster/store.js'
import {scheduleEvent} from '../../world/clock/store.js'
import {
  type ClientRow,
  clientsHomedOn,
  clientsWithSessionOn,
  countMessagesOn,
  forgetHistory,
  insertHaEvent,
  moveMessages,
  setClientSession,
  setPushPending,
  clientOsVersion,
} from './store.js'
import {startedSince} from '../../platform/services/store.js'
import {raiseAlarm} from '../../platform/alarms/alarms.js'
import type {Clock} from '../../world/clock/clock.js'
import {XCP_ROUTER} from '../../guide/onboarding/onboarding.js'
import {getParam, paramChange, paramRunningValue} from '../../guide/onboarding/parameters.js'
import type {PushResult} from '../push/push.js'
import {deliver} from '../push/delivery.js'
import {parseRelease, supports} from '../../world/cluster/releases.js'
import {isRunning} from '../../platform/services/services.js'
import {iso} from '../../../core/time.js'
import {trace} from '../../platform/traces/traces.js'
import {isImp, publisherOf} from '../../world/cluster/topology.js'

/**
 * Push Notifications High Availability on IM and Presence: what a node failure, a graceful shutdown, an XCP Router
 * crash or restart, and a node coming back do to the IM sessions of Jabber clients (the guide's "Redundancy and
 * Failover Use Cases"), and the failover delay for background-mode users on the simulated clock.
 *
 * Subclusters: the IM and Presence nodes in cluster order (publisher first, then subscribers as added) form HA pairs
 * two by two: (1st, 2nd), (3rd, 4th), ... Each node of a pair is the other's backup; a node left alone has none.
 */

/** The event kind: the JSM sessions of failed-over (or fallen-back) background users are recreated on a node. */
export const IMHA_READY_EVENT = 'imp-sessions-ready'

/**
 * The failover delay per background-mode user moved, calibrated on the guide: a 15,000-user OVA with users evenly
 * distributed in an HA pair (7,500 users moved) takes 10-20 minutes; the midpoint, 15 minutes = 900 s for 7,500
 * users, is 120 ms per user. The same delay applies again on fallback.
 */
export const DELAY_MS_PER_USER = 120
export const DELAY_RANGE_MS_PER_USER = {low: 80, high: 160}

export function failoverDelayMs(backgroundUsers: number): number {
  return backgroundUsers * DELAY_MS_PER_USER
}

export type FaultCase =
  'node-failure' | 'node-shutdown' | 'xcp-router-crash' | 'xcp-router-restart' | 'fallback' | 'node-up'

/** What a fault did to the IM sessions, as the command that caused it reports it (`imSessions` / `failover` key). */
export interface ImOutcome {
  case: FaultCase
  node: string
  /** Push Notifications High Availability was in effect for the node's subcluster. */
  ha: boolean
  haReason: string | null
  /** Sessions moved to (or back from) the backup node. */
  failover: boolean
  backup: string | null
  /** IM sessions affected (users with a session on the node, or returning to it). */
  users: number
  /** Of those, users in background (suspended) mode: their JSM sessions must be recreated first. */
  backgroundUsers: number
  /** Users left without an IM session (offline until the node or router is back and they sign in). */
  offlineUsers: number
  /** What happened to the unread message queue of suspended users. */
  queue: 'lost' | 'kept' | 'held-until-fallback' | 'held-until-sign-in' | 'retrieved' | 'none'
  history: 'kept' | 'lost'
  queuedLost: number
  queuedKept: number
  delaySeconds: number
  pushesResumeAt: string | null
  summary: string
}

export interface HaStatus {
  supported: boolean
  enabled: boolean
  effective: boolean
  reason: string | null
}

function impNodes(store: Store, clusterId: number): NodeRow[] {
  return listNodes(store, clusterId)
    .filter(isImp)
    .sort((a, b) => (a.role === b.role ? a.position - b.position : a.role === 'imp-publisher' ? -1 : 1))
}

/** The HA pairs (subclusters) of a cluster's IM and Presence nodes. */
export function haPairs(store: Store, clusterId: number): Array<{primary: NodeRow; backup: NodeRow | null}> {
  const imp = impNodes(store, clusterId)
  const out: Array<{primary: NodeRow; backup: NodeRow | null}> = []
  for (let i = 0; i < imp.length; i += 2) out.push({primary: imp[i], backup: imp[i + 1] ?? null})
  return out
}

/** The node's backup in its subcluster (the other node of its pair), if any. */
export function partnerOf(store: Store, node: NodeRow): NodeRow | undefined {
  for (const p of haPairs(store, node.clusterId)) {
    if (p.primary.id === node.id) return p.backup ?? undefined
    if (p.backup?.id === node.id) return p.primary
  }
  return undefined
}

/**
 * Whether Push Notifications High Availability is in effect for a node's subcluster: the release supports it
 * (11.5(1)SU3 and later), the Cisco XCP Router parameter is Enabled, and the XCP Router was restarted on the pair's
 * nodes since it was set (the guide's step 6).
 */
export function haStatus(store: Store, cluster: ClusterRow, node?: NodeRow): HaStatus {
  const supported = supports(parseRelease(cluster.version), 'imp-ha')
  const enabled = getParam(store, cluster, 'push-ha') === 'Enabled'
  if (!supported)
    return {
      supported,
      enabled,
      effective: false,
      reason: `Push Notifications High Availability needs IM and Presence 11.5(1)SU3 or later; ${cluster.name} runs ${cluster.version}.`,
    }
  const mark = paramChange(store, cluster, 'push-ha')?.mark ?? 0
  const nodes = node ? [node, partnerOf(store, node)].filter((n): n is NodeRow => !!n) : impNodes(store, cluster.id)
  const stale = nodes.filter((n) => !startedSince(store, n.id, XCP_ROUTER, mark))
  // Until its restart a router runs the configuration it loaded (issue 20, item 10).
  const running =
    stale.length === 0 ? enabled : stale.every((n) => paramRunningValue(store, cluster, 'push-ha', n.id) === 'Enabled')
  if (!enabled && !running)
    return {
      supported,
      enabled,
      effective: false,
      reason: 'Push Notifications High Availability (Cisco XCP Router, Clusterwide) is Disabled.',
    }
  if (!enabled)
    return {
      supported,
      enabled,
      effective: true,
      reason: `Disabled, but the Cisco XCP Router still runs with it Enabled until it is restarted on ${stale.map((n) => n.host).join(', ')}.`,
    }
  if (stale.length && !running) {
    return {
      supported,
      enabled,
      effective: false,
      reason: `Enabled, but the Cisco XCP Router has not been restarted since on ${stale.map((n) => n.host).join(', ')}.`,
    }
  }
  return {supported, enabled, effective: true, reason: null}
}

function record(store: Store, clock: Clock, node: NodeRow, o: ImOutcome): ImOutcome {
  insertHaEvent(store, {
    clusterId: node.clusterId,
    nodeId: node.id,
    at: clock.now(),
    kind: o.case,
    outcome: JSON.stringify(o),
  })
  trace(store, clock, node, XCP_ROUTER, o.queuedLost ? 'WARN' : 'INFO', `IM sessions (${o.case}): ${o.summary}`)
  return o
}

/** Some node that is up to raise a cluster alarm on: the given ones first, then the CUCM publisher. */
function alarmNode(store: Store, clusterId: number, ...prefer: Array<NodeRow | undefined>): NodeRow {
  return prefer.find((n) => n && n.state === 'up') ?? publisherOf(store, clusterId)
}

const blank = (c: FaultCase, node: NodeRow, ha: HaStatus): ImOutcome => ({
  case: c,
  node: node.host,
  ha: ha.effective,
  haReason: ha.reason,
  failover: false,
  backup: null,
  users: 0,
  backgroundUsers: 0,
  offlineUsers: 0,
  queue: 'none',
  history: 'kept',
  queuedLost: 0,
  queuedKept: 0,
  delaySeconds: 0,
  pushesResumeAt: null,
  summary: '',
})

function loseQueue(store: Store, clock: Clock, c: ClientRow, node: NodeRow, why: string): number {
  return moveMessages(store, c.id, ['queued'], node.id, {state: 'lost', nodeId: null, at: clock.now(), reason: why})
}

/** Delivers a signed-in foreground client's queued (and retrieved held) messages on its session node. */
export function deliverQueue(store: Store, clock: Clock, c: ClientRow, nodeId: number): number {
  return moveMessages(store, c.id, ['queued', 'held'], nodeId, {
    state: 'delivered',
    nodeId: null,
    at: clock.now(),
    inHistory: true,
  })
}

function scheduleReady(store: Store, node: NodeRow, at: number, users: number, why: string): void {
  scheduleEvent(store, {
    dueAt: at,
    kind: IMHA_READY_EVENT,
    clusterId: node.clusterId,
    nodeId: node.id,
    payload: JSON.stringify({users, why}),
  })
}

/**
 * A node fails (node-down) or is shut down gracefully (node-shutdown). With HA in effect and the backup up with its
 * XCP Router running, the backup takes over every session (IM history kept); background users' pushes resume once
 * their JSM sessions are recreated (the failover delay). The unread queue is lost on a failure, and held on the
 * shut-down node until fallback on a graceful shutdown. Without HA (or without a working backup) the users are
 * offline: on a failure their queue and history are lost; on a graceful shutdown both stay on the node and are
 * delivered when they sign in again after node-up.
 */
function nodeGoesAway(store: Store, clock: Clock, cluster: ClusterRow, node: NodeRow, graceful: boolean): ImOutcome {
  const ha = haStatus(store, cluster, node)
  const o = blank(graceful ? 'node-shutdown' : 'node-failure', node, ha)
  const sessions = clientsWithSessionOn(store, node.id)
  const partner = partnerOf(store, node)
  const now = clock.now()
  o.users = sessions.length
  o.backgroundUsers = sessions.filter((c) => c.mode === 'suspended').length
  const backupOk = ha.effective && partner !== undefined && isRunning(store, partner, XCP_ROUTER)
  if (backupOk) {
    const delay = failoverDelayMs(o.backgroundUsers)
    const readyAt = now + delay
    o.failover = true
    o.backup = partner.host
    o.delaySeconds = delay / 1000
    o.pushesResumeAt = o.backgroundUsers ? iso(readyAt) : null
    for (const c of sessions) {
      if (graceful)
        o.queuedKept += moveMessages(store, c.id, ['queued'], node.id, {
          state: 'held',
          nodeId: node.id,
          at: now,
          reason: 'held on the shut-down node until fallback',
        })
      else o.queuedLost += loseQueue(store, clock, c, node, `${node.host} failed: the unread queue is not replicated`)
      setClientSession(store, c.id, partner.id, c.mode === 'suspended' ? readyAt : now)
    }
    o.queue = graceful ? 'held-until-fallback' : 'lost'
    if (o.backgroundUsers) scheduleReady(store, partner, readyAt, o.backgroundUsers, 'failover')
    o.summary = `${partner.host} took over ${o.users} IM session${o.users === 1 ? '' : 's'} from ${node.host}; IM history kept; ${
      graceful
        ? `${o.queuedKept} unread message(s) held on ${node.host} until fallback`
        : `${o.queuedLost} unread message(s) queued on ${node.host} lost`
    }${o.backgroundUsers ? `; pushes to ${o.backgroundUsers} background user(s) resume at ${o.pushesResumeAt} (JSM sessions recreated in ${o.delaySeconds}s)` : ''}.`
    if (o.users) {
      raiseAlarm(store, clock, alarmNode(store, cluster.id, partner), {
        severity: 'Warning',
        name: 'PushHAFailover',
        message: `IM and Presence ${node.host} ${graceful ? 'was shut down' : 'failed'}: ${partner.host} took over ${o.users} IM sessions (${o.backgroundUsers} in background mode, pushes resume after ${o.delaySeconds}s).`,
      })
    }
  } else {
    for (const c of sessions) {
      if (graceful) {
        o.queuedKept += moveMessages(store, c.id, ['queued'], node.id, {
          state: 'held',
          nodeId: node.id,
          at: now,
          reason: 'kept on the shut-down node until the user signs in again',
        })
      } else {
        o.queuedLost += loseQueue(store, clock, c, node, `${node.host} failed without a backup`)
        forgetHistory(store, c.id)
      }
      setClientSession(store, c.id, null, null)
      setPushPending(store, c.id, 0)
    }
    o.offlineUsers = sessions.length
    o.queue = sessions.length === 0 ? 'none' : graceful ? 'held-until-sign-in' : 'lost'
    o.history = graceful || sessions.length === 0 ? 'kept' : 'lost'
    const why = !ha.effective
      ? ha.reason!
      : partner === undefined
        ? `${node.host} has no backup node in its subcluster.`
        : `the backup ${partner.host} is ${partner.state === 'up' ? 'not running the Cisco XCP Router' : partner.state}.`
    o.summary = `No failover (${why.replace(/\.$/, '')}): ${o.users} user(s) offline until ${node.host} is back and they sign in again; ${
      graceful
        ? `unread queue and IM history kept on ${node.host}`
        : `${o.queuedLost} unread message(s) and the IM history lost`
    }.`
    if (o.users) {
      raiseAlarm(store, clock, alarmNode(store, cluster.id, partner), {
        severity: 'Error',
        name: 'PushHANoFailover',
        message: `IM and Presence ${node.host} ${graceful ? 'was shut down' : 'failed'} and no backup took over: ${o.users} Jabber users are offline.`,
      })
    }
  }
  if (o.queuedLost) {
    raiseAlarm(store, clock, alarmNode(store, cluster.id, partner), {
      severity: 'Error',
      name: 'UnreadQueueLost',
      message: `${o.queuedLost} unread IMs queued on ${node.host} for suspended Jabber clients were lost.`,
    })
  }
  return record(store, clock, node, o)
}

/**
 * A node comes back up: users whose sessions failed over to its backup fall back (background users after the
 * delay again), and the queue held on it by a graceful shutdown is retrieved; users left offline (no HA) sign in
 * again, foreground ones at once, suspended ones when they resume.
 */
function nodeComesBack(store: Store, clock: Clock, cluster: ClusterRow, node: NodeRow): ImOutcome {
  const ha = haStatus(store, cluster, node)
  const partner = partnerOf(store, node)
  const now = clock.now()
  const home = clientsHomedOn(store, node.id).filter((c) => c.app === 'jabber')
  const returning = partner ? home.filter((c) => c.sessionNodeId === partner.id) : []
  const offline = home.filter((c) => c.sessionNodeId === null)
  const o = blank(returning.length ? 'fallback' : 'node-up', node, ha)
  if (!isRunning(store, node, XCP_ROUTER)) {
    o.summary = `${node.host} is up but its Cisco XCP Router is not running: no sessions return yet.`
    return record(store, clock, node, o)
  }
  o.users = returning.length + offline.length
  o.backgroundUsers = returning.filter((c) => c.mode === 'suspended').length
  const delay = failoverDelayMs(o.backgroundUsers)
  const readyAt = now + delay
  for (const c of returning) {
    o.queuedKept += moveMessages(store, c.id, ['queued'], partner!.id, {state: 'queued', nodeId: node.id, at: now})
    o.queuedKept += moveMessages(store, c.id, ['held'], node.id, {state: 'queued', nodeId: node.id, at: now})
    setClientSession(store, c.id, node.id, c.mode === 'suspended' ? readyAt : now)
    if (c.mode === 'foreground') deliverQueue(store, clock, c, node.id)
  }
  for (const c of offline) {
    if (c.mode === 'foreground') {
      setClientSession(store, c.id, node.id, now)
      o.queuedKept += deliverQueue(store, clock, c, node.id)
    } else {
      o.offlineUsers++
    }
  }
  if (returning.length) {
    o.failover = true
    o.backup = partner!.host
    o.delaySeconds = delay / 1000
    o.pushesResumeAt = o.backgroundUsers ? iso(readyAt) : null
    if (o.backgroundUsers) scheduleReady(store, node, readyAt, o.backgroundUsers, 'fallback')
    raiseAlarm(store, clock, node, {
      severity: 'Notice',
      name: 'PushHAFallback',
      message: `${returning.length} IM sessions fell back from ${partner!.host} to ${node.host} (${o.backgroundUsers} in background mode, pushes resume after ${o.delaySeconds}s).`,
    })
  }
  o.queue = o.queuedKept ? 'retrieved' : 'none'
  o.summary = returning.length
    ? `${returning.length} user(s) fell back from ${partner!.host} to ${node.host}; ${o.queuedKept} unread message(s) retrieved${
        o.backgroundUsers ? `; pushes to ${o.backgroundUsers} background user(s) resume at ${o.pushesResumeAt}` : ''
      }.`
    : `${node.host} is back: ${o.users - o.offlineUsers} user(s) signed in again${o.offlineUsers ? `, ${o.offlineUsers} suspended user(s) sign in when they resume` : ''}.`
  return record(store, clock, node, o)
}

/** Called from setNodeFault (faults.ts) after a node changed state; undefined for Unified CM nodes. */
export function imOnNodeFault(
  store: Store,
  clock: Clock,
  node: NodeRow,
  fault: 'node-down' | 'node-up' | 'node-shutdown',
): ImOutcome | undefined {
  if (!isImp(node)) return undefined
  const cluster = clusterById(store, node.clusterId)!
  const fresh = nodeById(store, node.id)!
  if (fault === 'node-up') return nodeComesBack(store, clock, cluster, fresh)
  return nodeGoesAway(store, clock, cluster, fresh, fault === 'node-shutdown')
}

/**
 * Called from afterServiceChange for the Cisco XCP Router. A crash loses the unread queue (history kept with HA;
 * without HA the sessions end and the history goes too); the node resumes the sessions when the router is back. A
 * restart keeps both (the queue is sent once the client logs in again). A start (not at boot) signs foreground users
 * left offline back in.
 */
export function imOnRouterChange(store: Store, clock: Clock, node: NodeRow, action: string): void {
  if (!isImp(node)) return
  const cluster = clusterById(store, node.clusterId)!
  const ha = haStatus(store, cluster, node)
  if (action === 'crash') {
    const o = blank('xcp-router-crash', node, ha)
    const sessions = clientsWithSessionOn(store, node.id)
    o.users = sessions.length
    o.backgroundUsers = sessions.filter((c) => c.mode === 'suspended').length
    for (const c of sessions) {
      o.queuedLost += loseQueue(store, clock, c, node, 'Cisco XCP Router crashed')
      if (!ha.effective) {
        forgetHistory(store, c.id)
        setClientSession(store, c.id, null, null)
        setPushPending(store, c.id, 0)
      }
    }
    o.queue = sessions.length ? 'lost' : 'none'
    o.history = ha.effective || !sessions.length ? 'kept' : 'lost'
    o.offlineUsers = ha.effective ? 0 : sessions.length
    o.summary = ha.effective
      ? `Cisco XCP Router crashed on ${node.host}: ${o.queuedLost} unread message(s) lost, IM history kept; the node resumes ${o.users} session(s) and pushes once the router is back.`
      : `Cisco XCP Router crashed on ${node.host} without High Availability: ${o.users} session(s) ended, ${o.queuedLost} unread message(s) and the IM history lost; users sign in again once the router is back.`
    if (o.queuedLost)
      raiseAlarm(store, clock, alarmNode(store, cluster.id, node), {
        severity: 'Error',
        name: 'UnreadQueueLost',
        message: `${o.queuedLost} unread IMs queued on ${node.host} for suspended Jabber clients were lost (Cisco XCP Router crash).`,
      })
    record(store, clock, node, o)
    return
  }
  if (action === 'restart' || action === 'start') {
    if (action === 'start' && node.bootedAt === clock.now()) return // booting: imOnNodeFault handles it
    const signedIn = signInWaiting(store, clock, node)
    if (action === 'start') return
    const o = blank('xcp-router-restart', node, ha)
    const sessions = clientsWithSessionOn(store, node.id)
    o.users = sessions.length
    o.backgroundUsers = sessions.filter((c) => c.mode === 'suspended').length
    o.queuedKept = sessions.reduce(
      (n, c) => n + moveMessages(store, c.id, ['queued'], node.id, {state: 'queued', nodeId: node.id, at: clock.now()}),
      0,
    )
    o.queue = o.queuedKept ? 'kept' : 'none'
    o.summary = `Cisco XCP Router restarted on ${node.host}: IM history and ${o.queuedKept} unread message(s) kept; pushes resume now; the queue is sent once the client logs in again${signedIn ? ` (${signedIn} offline user(s) signed in again)` : ''}.`
    record(store, clock, node, o)
  }
}

/** Foreground users homed on the node and left offline sign in again (node up, XCP Router running). */
function signInWaiting(store: Store, clock: Clock, node: NodeRow): number {
  if (!isRunning(store, node, XCP_ROUTER)) return 0
  let n = 0
  for (const c of clientsHomedOn(store, node.id)) {
    if (c.app !== 'jabber' || c.sessionNodeId !== null || c.mode !== 'foreground') continue
    setClientSession(store, c.id, node.id, clock.now())
    deliverQueue(store, clock, c, node.id)
    n++
  }
  return n
}

/** The handler of IMHA_READY_EVENT: background users' sessions are recreated; their deferred pushes are sent. */
export function sessionsReadyEvent(store: Store, clock: Clock, e: EventRow): string {
  const node = e.nodeId === null ? undefined : nodeById(store, e.nodeId)
  if (!node) return 'node removed'
  const cluster = clusterById(store, node.clusterId)!
  const {users, why} = JSON.parse(e.payload ?? '{}') as {users?: number; why?: string}
  let sent = 0
  let failed = 0
  for (const c of clientsWithSessionOn(store, node.id)) {
    if (c.pushPending === 0 || (c.sessionReadyAt ?? 0) > clock.now()) continue
    const r: PushResult = deliver(store, clock, {
      cluster,
      node,
      kind: 'im',
      platform: c.platform,
      os: clientOsVersion(store, c.id),
      app: c.app,
      mra: c.mra,
      user: c.user,
    })
    if (r.status === 200) sent++
    else failed++
    setPushPending(store, c.id, 0)
  }
  const summary = `${node.host}: JSM sessions of ${users ?? 0} background user(s) recreated after ${why ?? 'failover'}; ${sent} deferred push(es) sent${failed ? `, ${failed} failed` : ''}`
  insertHaEvent(store, {
    clusterId: node.clusterId,
    nodeId: node.id,
    at: clock.now(),
    kind: 'sessions-ready',
    outcome: JSON.stringify({node: node.host, users: users ?? 0, why: why ?? 'failover', sent, failed}),
  })
  trace(store, clock, node, XCP_ROUTER, 'INFO', summary)
  return summary
}

/** The IM outcomes recorded since a mark (haEventMark) by this command, for its --json. */
export {haEventMark, outcomesSince} from './store.js'

export interface ImNodeStatus {
  ha: boolean
  backup: string | null
  /** Sessions hosted on this node, of which `recreating` wait for their JSM session (failover delay). */
  sessions: number
  recreating: number
  /** Users homed here whose sessions are on the backup; users homed here without a session. */
  failedOver: number
  offline: number
  /** Unread messages queued here; held here (graceful shutdown) until fallback or sign-in. */
  queued: number
  held: number
}

/** The IM sessions part of `show status` for an IM and Presence node. */
export function imNodeStatus(store: Store, clock: Clock, cluster: ClusterRow, node: NodeRow): ImNodeStatus {
  const partner = partnerOf(store, node)
  const here = clientsWithSessionOn(store, node.id)
  const home = clientsHomedOn(store, node.id).filter((c) => c.app === 'jabber')
  return {
    ha: haStatus(store, cluster, node).effective,
    backup: partner?.host ?? null,
    sessions: here.length,
    recreating: here.filter((c) => (c.sessionReadyAt ?? 0) > clock.now()).length,
    failedOver: home.filter((c) => c.sessionNodeId !== null && c.sessionNodeId !== node.id).length,
    offline: home.filter((c) => c.sessionNodeId === null).length,
    queued: countMessagesOn(store, node.id, 'queued'),
    held: countMessagesOn(store, node.id, 'held'),
  }
}
