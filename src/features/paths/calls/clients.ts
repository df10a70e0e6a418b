import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {findNode, listNodes, nodeById} from '../../world/cluster/store.js'
import {
  type ClientRow,
  findClient,
  findPool,
  insertClient,
  insertMessage,
  listClients,
  messageCounts,
  poolById,
  setClientMode,
  setClientSession,
  setPushPending,
  waitingMessages,
} from '../failover/store.js'
import type {Clock} from '../../world/clock/clock.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import {suggest} from '../../../core/ids.js'
import {deliverQueue} from '../failover/imha.js'
import {XCP_ROUTER} from '../../guide/onboarding/onboarding.js'
import {type PushResult, checkPushPlatform} from '../push/push.js'
import {deliver} from '../push/delivery.js'
import {isRunning} from '../../platform/services/services.js'
import {iso} from '../../../core/time.js'
import {isImp} from '../../world/cluster/topology.js'
import {
  type CallsListContext,
  type ClientCallsView,
  type PushShown,
  callsListContext,
  clientCallsView,
  mdmFor,
  shownFor,
} from './view.js'
import type {MdmDecision} from './rules.js'
import {setClientExtras} from './store.js'
import {clientOs} from './lpns.js'

/**
 * Simulated mobile clients (Jabber or Webex App on iOS or Android): their IM session on an IM and Presence node,
 * foreground or suspended mode, the unread queue of suspended Jabber users, and instant messages sent to them.
 */

export const MAX_BULK = 20_000

export interface AddClientInput {
  user: string
  platform?: string
  app?: string
  node?: string
  devicePool?: string
  mra?: boolean
  suspended?: boolean
  count?: number
}

const USER = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/

function checkUser(u: string): string {
  if (!USER.test(u))
    throw new UsageError(`"${u}" is not a user id.`, {
      fix: 'Use letters, digits, ".", "_", "-" or "@", e.g. alice or alice@example.com.',
    })
  return u
}

export function requireClient(store: Store, cluster: ClusterRow, user: string): ClientRow {
  const c = findClient(store, cluster.id, user)
  if (c) return c
  const near = suggest(
    user,
    listClients(store, cluster.id)
      .slice(0, 2000)
      .map((x) => x.user),
  )
  throw new UsageError(`No client of user ${user} in ${cluster.name}.`, {
    code: 'UNKNOWN_USER',
    fix: near.length
      ? `Did you mean ${near.join(' or ')}?`
      : `Add one: ucadmin sim client add ${user} --platform ios --app jabber --node IMP-HOST`,
  })
}

export interface AddClientResult {
  users: string[]
  count: number
  platform: 'ios' | 'android'
  app: 'jabber' | 'webex'
  mode: 'foreground' | 'suspended'
  node: string | null
  devicePool: string | null
  mra: boolean
  signedIn: boolean
}

/**
 * `sim client add USER`: a Jabber client signs in to its IM and Presence node (--node, required for Jabber); a
 * Webex App client has no IM session on IM and Presence (messaging is in the Webex cloud) and is there for calls
 * (--device-pool). --count N adds USER1..USERN alike (load for the failover delay and the re-login check).
 */
export function addClient(store: Store, clock: Clock, cluster: ClusterRow, input: AddClientInput): AddClientResult {
  const user = checkUser(input.user)
  const platform = checkPushPlatform(input.platform ?? 'ios')
  const app = (input.app ?? 'jabber') as 'jabber' | 'webex'
  if (app !== 'jabber' && app !== 'webex')
    throw new UsageError(`Unknown app "${input.app}".`, {fix: 'Use --app jabber or --app webex.'})
  const count = input.count ?? 1
  let home: NodeRow | undefined
  if (input.node) {
    home = findNode(store, cluster.id, input.node)
    if (!home)
      throw new UsageError(`Cluster ${cluster.name} has no node ${input.node}.`, {
        code: 'UNKNOWN_NODE',
        fix: `Nodes: ${listNodes(store, cluster.id)
          .map((n) => n.host)
          .join(', ')}.`,
      })
    if (!isImp(home))
      throw new UsageError(`${home.host} is a Unified CM node; --node names the user's IM and Presence node.`, {
        fix: 'Give an IM and Presence node, and --device-pool for calls.',
      })
  }
  if (app === 'jabber' && !home)
    throw new UsageError('A Jabber client needs its IM and Presence node.', {fix: 'Add --node IMP-HOST.'})
  if (app === 'webex' && home)
    throw new UsageError(
      'Webex App clients use the Webex cloud for messaging, not IM and Presence: they have no IM and Presence node.',
      {fix: 'Drop --node (use --device-pool for calls).'},
    )
  const pool = input.devicePool ? findPool(store, cluster.id, input.devicePool) : undefined
  if (input.devicePool && !pool)
    throw new UsageError(`No device pool ${input.devicePool} in ${cluster.name}.`, {
      fix: `Create it: ucadmin cluster device-pool set ${input.devicePool} --group GROUP`,
    })
  const mode = input.suspended ? 'suspended' : 'foreground'
  const signedIn = !!home && isRunning(store, home, XCP_ROUTER)
  const users =
    count === 1 && input.count === undefined ? [user] : Array.from({length: count}, (_, i) => `${user}${i + 1}`)
  for (const u of users) {
    if (findClient(store, cluster.id, u))
      throw new FailedError(`User ${u} already has a client in ${cluster.name}.`, {
        code: 'CLIENT_EXISTS',
        fix: 'Pick another user id.',
      })
    insertClient(store, {
      clusterId: cluster.id,
      user: u,
      platform,
      app,
      mode,
      mra: !!input.mra,
      homeNodeId: home?.id ?? null,
      sessionNodeId: signedIn ? home!.id : null,
      sessionReadyAt: signedIn ? clock.now() : null,
      pushPending: 0,
      devicePoolId: pool?.id ?? null,
      lpnsNodeId: null,
      createdAt: clock.now(),
    })
  }
  return {
    users: users.length > 20 ? [...users.slice(0, 3), '...', users.at(-1)!] : users,
    count: users.length,
    platform,
    app,
    mode,
    node: home?.host ?? null,
    devicePool: pool?.name ?? null,
    mra: !!input.mra,
    signedIn,
  }
}

export interface ClientView extends ClientCallsView {
  user: string
  app: 'jabber' | 'webex'
  platform: 'ios' | 'android'
  mode: 'foreground' | 'suspended'
  mra: boolean
  homeNode: string | null
  sessionNode: string | null
  /** active: pushes can be sent; recreating: JSM session being recreated after failover/fallback; offline; router-down; none (Webex App). */
  session: 'active' | 'recreating' | 'offline' | 'router-down' | 'none'
  pushesResumeAt: string | null
  pushPending: number
  queued: number
  held: number
  history: number
  lost: number
  devicePool: string | null
  lpnsNode: string | null
}

export function clientView(
  store: Store,
  clock: Clock,
  c: ClientRow,
  hosts: Map<number, NodeRow>,
  calls?: CallsListContext,
): ClientView {
  const session = c.sessionNodeId === null ? undefined : hosts.get(c.sessionNodeId)
  const counts = messageCounts(store, c.id)
  let state: ClientView['session'] = 'none'
  if (c.app === 'jabber') {
    if (!session) state = 'offline'
    else if (!isRunning(store, session, XCP_ROUTER)) state = 'router-down'
    else if ((c.sessionReadyAt ?? 0) > clock.now()) state = 'recreating'
    else state = 'active'
  }
  return {
    user: c.user,
    app: c.app,
    platform: c.platform,
    mode: c.mode,
    mra: c.mra,
    homeNode: c.homeNodeId === null ? null : (hosts.get(c.homeNodeId)?.host ?? null),
    sessionNode: session?.host ?? null,
    session: state,
    pushesResumeAt: state === 'recreating' ? iso(c.sessionReadyAt!) : null,
    pushPending: c.pushPending,
    ...counts,
    devicePool: c.devicePoolId === null ? null : (poolById(store, c.devicePoolId)?.name ?? null),
    lpnsNode: c.lpnsNodeId === null ? null : (hosts.get(c.lpnsNodeId)?.host ?? null),
    ...clientCallsView(store, clock, c, calls),
  }
}

export function listClientViews(store: Store, clock: Clock, cluster: ClusterRow): ClientView[] {
  const hosts = new Map(listNodes(store, cluster.id).map((n) => [n.id, n]))
  const calls = callsListContext(store, clock, cluster)
  return listClients(store, cluster.id).map((c) => clientView(store, clock, c, hosts, calls))
}

export function viewOf(store: Store, clock: Clock, cluster: ClusterRow, user: string): ClientView {
  const hosts = new Map(listNodes(store, cluster.id).map((n) => [n.id, n]))
  return clientView(store, clock, requireClient(store, cluster, user), hosts)
}

export interface ModeResult {
  client: ClientView
  /** Messages delivered on resume (the unread queue). */
  delivered: number
  /** The messages the client downloads on resume, oldest first (at most RESUME_SHOWN; issue 20, item 21). */
  messages?: Array<{from: string; text: string; sentAt: string}>
  note: string | null
}

/** The most unread messages a resume lists (the count is always whole). */
export const RESUME_SHOWN = 100

/** `sim client suspend USER`: the app goes to the background; IMs to a Jabber user are queued and pushed. */
export function suspendClient(store: Store, clock: Clock, cluster: ClusterRow, user: string): ModeResult {
  const c = requireClient(store, cluster, user)
  setClientMode(store, c.id, 'suspended')
  return {
    client: viewOf(store, clock, cluster, user),
    delivered: 0,
    note: c.mode === 'suspended' ? 'already suspended' : null,
  }
}

/**
 * `sim client resume USER`: the app comes to the foreground (the user clicked a push, or opened it). A Jabber user
 * without a session signs in to its node if that node is up with its XCP Router running; the unread queue on the
 * session node (and a queue retrieved there) is delivered. Messages held on a shut-down node wait for fallback.
 */
export function resumeClient(store: Store, clock: Clock, cluster: ClusterRow, user: string): ModeResult {
  const c = requireClient(store, cluster, user)
  setClientMode(store, c.id, 'foreground')
  // The user interacts with the mobile client (Multiple Device Messaging: the last active client).
  setClientExtras(store, c.id, {lastActiveAt: clock.now()})
  let note: string | null = null
  let delivered = 0
  let waiting: NonNullable<ModeResult['messages']> = []
  if (c.app === 'jabber') {
    let sessionId = c.sessionNodeId
    if (sessionId === null) {
      const home = nodeById(store, c.homeNodeId!)
      if (home && isRunning(store, home, XCP_ROUTER)) {
        setClientSession(store, c.id, home.id, clock.now())
        sessionId = home.id
        note = `signed in again to ${home.host}`
      } else {
        note = `offline: ${home?.host ?? 'its node'} is ${home?.state !== 'up' ? home?.state : 'not running the Cisco XCP Router'}; the user signs in when it is back`
      }
    } else {
      // A foreground client logs in to its session node at once (no JSM recreation wait).
      setClientSession(store, c.id, sessionId, Math.min(c.sessionReadyAt ?? clock.now(), clock.now()))
      setPushPending(store, c.id, 0)
    }
    if (sessionId !== null) {
      const node = nodeById(store, sessionId)!
      if (isRunning(store, node, XCP_ROUTER)) {
        // The client "downloads the message" (the guide): what was waiting, with sender and text.
        waiting = waitingMessages(store, c.id, ['queued', 'held'], sessionId, RESUME_SHOWN).map((m) => ({
          from: m.from,
          text: m.text,
          sentAt: iso(m.sentAt),
        }))
        delivered = deliverQueue(store, clock, {...c, sessionNodeId: sessionId}, sessionId)
      } else note = `the Cisco XCP Router on ${node.host} is not running; the session resumes when it is back`
    }
  } else {
    note = 'Webex App: messaging is in the Webex cloud, not IM and Presence'
  }
  return {client: viewOf(store, clock, cluster, user), delivered, messages: waiting, note}
}

export interface MessageResult {
  from: string
  to: string
  /** delivered (foreground), queued (suspended: push sent or deferred), offline / unavailable (not accepted), webex-cloud. */
  delivery: 'delivered' | 'queued' | 'offline' | 'unavailable' | 'webex-cloud'
  node: string | null
  push: (PushResult & PushShown) | null
  pushDeferredUntil: string | null
  /** Multiple Device Messaging: why the push went (or did not go) to the mobile client, when the user also has Jabber for desktop. */
  mdm: MdmDecision | null
  detail: string
}

/**
 * `sim message send FROM TO TEXT`: an IM to TO's Jabber client through its IM and Presence session node. Suspended:
 * the server stops sending stanzas, queues the message and sends a push instead (through that node: the cluster
 * must be onboarded); while the user's JSM session is being recreated on a backup the push is deferred until it is.
 */
export function sendMessage(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  from: string,
  to: string,
  text: string,
): MessageResult {
  if (!from.trim()) throw new UsageError('Name the sender.', {fix: 'ucadmin sim message send bob alice "hello"'})
  if (!text.trim()) throw new UsageError('The message is empty.', {fix: 'Give the text, e.g. "hello".'})
  const c = requireClient(store, cluster, to)
  const base = {from, to: c.user, push: null, pushDeferredUntil: null, mdm: null}
  if (c.app === 'webex') {
    return {
      ...base,
      delivery: 'webex-cloud',
      node: null,
      detail: 'Webex App users get IMs through the Webex cloud, not IM and Presence: no IM push from IM and Presence.',
    }
  }
  const node = c.sessionNodeId === null ? undefined : nodeById(store, c.sessionNodeId)
  if (!node)
    return {
      ...base,
      delivery: 'offline',
      node: null,
      detail: `${c.user} has no IM session (offline): the message is not queued and no push is sent.`,
    }
  if (!isRunning(store, node, XCP_ROUTER)) {
    return {
      ...base,
      delivery: 'unavailable',
      node: node.host,
      detail: `The Cisco XCP Router on ${node.host} is not running: the message cannot be routed.`,
    }
  }
  const now = clock.now()
  // In the foreground (or to Jabber for desktop) the message arrives at once and stays in the client's history.
  const deliveredNow = () =>
    insertMessage(store, {
      clientId: c.id,
      sender: from,
      body: text,
      sentAt: now,
      state: 'delivered',
      nodeId: null,
      inHistory: true,
      changedAt: now,
      reason: null,
    })
  if (c.mode === 'foreground') {
    deliveredNow()
    return {...base, delivery: 'delivered', node: node.host, detail: `Delivered to ${c.user} through ${node.host}.`}
  }
  const mdm = mdmFor(store, clock, c)
  if (!mdm.pushToMobile) {
    deliveredNow()
    return {
      ...base,
      mdm,
      delivery: 'delivered',
      node: node.host,
      detail: `Delivered to ${c.user}'s Jabber for desktop through ${node.host}; no push to mobile (Multiple Device Messaging: ${mdm.detail}).`,
    }
  }
  const mdmOf = mdm.rule === 'mobile-only' ? null : mdm
  insertMessage(store, {
    clientId: c.id,
    sender: from,
    body: text,
    sentAt: now,
    state: 'queued',
    nodeId: node.id,
    inHistory: false,
    changedAt: now,
    reason: null,
  })
  if ((c.sessionReadyAt ?? 0) > now) {
    setPushPending(store, c.id, c.pushPending + 1)
    return {
      ...base,
      delivery: 'queued',
      node: node.host,
      pushDeferredUntil: iso(c.sessionReadyAt!),
      mdm: mdmOf,
      detail: `Queued on ${node.host}; ${c.user}'s JSM session is being recreated there: the push is deferred until ${iso(c.sessionReadyAt!)}.`,
    }
  }
  const sent = deliver(store, clock, {
    cluster,
    node,
    kind: 'im',
    platform: c.platform,
    os: clientOs(store, c),
    app: c.app,
    mra: c.mra,
    user: c.user,
  })
  const push = {...sent, ...shownFor(store, c, 'message', sent.status, from)}
  return {
    ...base,
    mdm: mdmOf,
    delivery: 'queued',
    node: node.host,
    push,
    detail: `Queued on ${node.host} (${c.user} is suspended); push ${push.status}${push.reason ? ` ${push.reason}` : ' OK'}.`,
  }
}
