import {createRequire} from 'node:module'

import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import type {OnboardingRow} from '../onboarding/store.js'
import type {Store} from '../../../store/store.js'

import {clusterById, listNodes} from '../../world/cluster/store.js'
import {cancelEvents, scheduleEvent} from '../../world/clock/store.js'
import {getService} from '../../platform/services/store.js'
import {
  expireAccessTokens,
  findToken,
  getNodeToken,
  issueToken,
  issuedCount,
  revokeToken,
  saveNodeToken,
} from '../identity/store.js'
import {raiseAlarm} from '../../platform/alarms/alarms.js'
import type {Clock, EventHandler, PeriodicHandler} from '../../world/clock/clock.js'
import {readMachineAccount, writeMachineAccount} from '../cucmdb/cucmdb.js'
import {FailedError} from '../../../core/errors.js'
import {stableUuid} from '../../../core/ids.js'
import {clusterSeed, seededBytes} from '../../world/cluster/seed.js'
import {isOnboarded} from '../onboarding/onboarding.js'
import {isRunning} from '../../platform/services/services.js'
import {isImp, publisherOf} from '../../world/cluster/topology.js'
import {trace, traceRun} from '../../platform/traces/traces.js'
import {tokenServiceOf} from '../../platform/services/names.js'
import {type PathFailure, unreachedHost, walkCloudPath} from '../conditions/paths.js'
import {baseEnv} from '../conditions/conditions.js'

/** CPNS fetches an access token every 10 minutes (and when it starts). */
export const FETCH_INTERVAL_MS = 10 * 60_000
/** How long an access token from the identity service is good for. */
export const ACCESS_TOKEN_MS = 60 * 60_000
export const TOKEN_FETCH_EVENT = 'token-fetch'

/** node:crypto costs start-up time; it is loaded when a token is first hashed or made. */
const crypto = () => createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')

export function tokenHash(token: string): string {
  return crypto().createHash('sha256').update(token).digest('hex')
}

/** What `token status` shows instead of a token: a short fingerprint of its hash. */
export function fingerprint(token: string | null | undefined): string | null {
  return token ? `sha256:${tokenHash(token).slice(0, 16)}` : null
}

/** The service that holds the machine access token on a node: CPNS on Unified CM, XCP Config Manager on IM and Presence. */
export const tokenService = (node: NodeRow) => tokenServiceOf(node.role)

/**
 * A new machine account refresh token: base64 with '-', '_' and '=' in it, as real ones have. Random, or derived
 * from the cluster's seed (the same for the same seed, cluster, time and number of tokens issued before).
 */
function newRefreshToken(store: Store, cluster: ClusterRow, now: number): string {
  const seed = clusterSeed(store, cluster.id)
  const bytes =
    seed === undefined
      ? crypto().randomBytes(50)
      : seededBytes(seed, 50, 'refresh-token', cluster.name, String(now), String(issuedCount(store)))
  return bytes.toString('base64').replaceAll('+', '-').replaceAll('/', '_')
}

/**
 * The machine account's refresh token has no expiry of its own in the simulation: it is refused only when something
 * expires or revokes it (`sim fault token-expire`, a token moved to another organization, a new token). The
 * enterprise parameter "OAuth Refresh Token Expiry Timer (days)" is the Jabber and Webex clients' timer (the guide:
 * "the Jabber client must re-authenticate"), read by the clients' OAuth (src/features/paths/calls/lpns.ts), never here.
 */
export const MACHINE_TOKEN_NEVER_EXPIRES = Number.MAX_SAFE_INTEGER

/**
 * Onboarding completed: Fusion Onboarding Service provisions a Common Identity machine account. Its refresh token is
 * written into machineaccountdetails on the publisher (replicated to every node). The periodic access token fetch
 * is scheduled.
 */
export function provisionMachineAccount(store: Store, clock: Clock, cluster: ClusterRow, _row: OnboardingRow): void {
  // The subscription request is a path to the cloud (issue 20, item 3): from the publisher, through DNS, the proxy
  // and port 443 to fos-a.wbx2.com, walked by the condition table. It fails before anything is provisioned.
  const pub = publisherOf(store, cluster.id)
  const sub = walkCloudPath(store, clock, cluster, pub, 'subscription')
  if (sub.failure) {
    const f = sub.failure
    throw new FailedError(
      `The subscription request from ${pub.host} failed at ${f.hop} (${f.id}): ${f.status} ${f.reason}: ${f.detail}`,
      {
        code: 'SUBSCRIPTION_FAILED',
        fix: f.fix ?? undefined,
        details: {condition: f.id, hop: f.hop, status: f.status, hops: sub.hops},
      },
    )
  }
  const now = clock.now()
  const token = newRefreshToken(store, cluster, now)
  const expires = MACHINE_TOKEN_NEVER_EXPIRES
  const account = `cucm-${cluster.name.toLowerCase()}-${stableUuid('account', cluster.name).slice(0, 8)}`
  issueToken(store, {tokenHash: tokenHash(token), orgId: customerOrgId(), account, issuedAt: now, expiresAt: expires})
  writeMachineAccount(store, clock, cluster, {
    machineaccountname: account,
    orgid: customerOrgId(),
    refreshtoken: token,
    refreshtokenexpiry: null,
    accesstoken: null,
    accesstokenexpiry: null,
  })
  cancelEvents(store, TOKEN_FETCH_EVENT, {clusterId: cluster.id})
  scheduleEvent(store, {
    dueAt: now + FETCH_INTERVAL_MS,
    kind: TOKEN_FETCH_EVENT,
    clusterId: cluster.id,
    nodeId: null,
    payload: null,
  })
}

export {acceptedAt, acceptedHash, type TokenCheck} from '../identity/identity.js'
import {acceptedAt, acceptedHash, customerOrgId, type TokenCheck} from '../identity/identity.js'

/** When a refresh token accepted at `at` stops being accepted (it expires or its revocation takes effect). */
function acceptedUntil(store: Store, hash: string, at: number): number {
  const t = findToken(store, hash)!
  return Math.min(t.expiresAt, t.revokedAt !== null && t.revokedAt > at ? t.revokedAt : Infinity)
}

export function refreshTokenAccepted(store: Store, clock: Clock, token: string | null | undefined): TokenCheck {
  return acceptedHash(store, clock, token ? tokenHash(token) : null)
}

/** The log4j thread name of a fetch, as CPNS's timer threads appear in its trace. */
const thread = (at: number) => `Timer-${100 + (Math.floor(at / FETCH_INTERVAL_MS) % 900)}`

/** The trace line of one access token fetch on a node, CUCM's on Unified CM, the XCP Config Manager's on IM and Presence. */
function fetchTrace(node: NodeRow, ok: boolean, at: number) {
  const status = ok ? 200 : 400
  return isImp(node)
    ? {
        level: ok ? ('INFO' as const) : ('ERROR' as const),
        message: ok
          ? 'Access token fetched from the Common Identity service: 200 OK'
          : '400 Bad Request: invalid_request, unsupported_grant_type, invalid_client, invalid_refresh_token, tokenlimit_reached',
        source: {thread: thread(at), at: 'ConfigManager.java:512'},
      }
    : {
        level: 'DEBUG' as const,
        message: `fetchAndStoreAccessToken() Response received : ${status}`,
        source: {thread: thread(at), at: 'CCMPNServer.java:306'},
      }
}

/**
 * Why a fetch from this node cannot reach the Common Identity service now: the token path (DNS, the proxy, port 443
 * to idbroker.webex.com) walked by the one condition table, or null when it can.
 */
export function tokenPathFailure(store: Store, clock: Clock, node: NodeRow): (PathFailure & {host: string}) | null {
  const cluster = clusterById(store, node.clusterId)!
  const w = walkCloudPath(store, clock, cluster, node, 'token')
  if (!w.failure) return null
  return {...w.failure, host: unreachedHost(baseEnv(store, clock, cluster), w.failure, w.hops)}
}

/** The Java exception a fetch that never reached the identity service logs, by the condition that stopped it. */
function networkException(f: PathFailure & {host: string}): string {
  if (f.id === 'dns') return `java.net.UnknownHostException: ${f.host}`
  if (f.id === 'proxy') return `java.net.ConnectException: Connection timed out (proxy ${f.host})`
  return `java.net.SocketTimeoutException: connect timed out (${f.host}:443)`
}

/** The trace line of a fetch that did not reach the identity service (no HTTP response, so no status line). */
function networkFetchTrace(node: NodeRow, f: PathFailure & {host: string}, at: number) {
  const message = isImp(node)
    ? `Access token fetch from the Common Identity service failed: ${networkException(f)}`
    : `fetchAndStoreAccessToken() failed : ${networkException(f)}`
  return {
    level: 'ERROR' as const,
    message,
    source: {thread: thread(at), at: isImp(node) ? 'ConfigManager.java:512' : 'CCMPNServer.java:306'},
  }
}

/**
 * One access token fetch by the node's push service with the refresh token it loaded when it started. It first
 * walks the token path (DNS, proxy, port 443 to idbroker.webex.com): when that fails no request reaches the identity
 * service, the trace names the exception and the status is the condition's (503, 504). Logs the response in the
 * service's trace (CUCM's lines); a failure raises an alarm when the node starts failing.
 */
export function fetchAccessToken(store: Store, clock: Clock, node: NodeRow): number {
  const t = getNodeToken(store, node.id)
  const now = clock.now()
  const net = tokenPathFailure(store, clock, node)
  const check = net ? ({ok: false, why: `${net.id}: ${net.detail}`} as const) : acceptedHash(store, clock, t.loadedHash)
  const status = net ? net.status : check.ok ? 200 : 400
  const l = net ? networkFetchTrace(node, net, now) : fetchTrace(node, check.ok, now)
  trace(store, clock, node, tokenService(node), l.level, l.message, l.source)
  const next = {...t, lastFetchAt: now, lastStatus: status}
  if (check.ok) {
    next.accessExpiresAt = now + ACCESS_TOKEN_MS
    next.failingSince = null
  } else if (t.failingSince === null) {
    next.failingSince = now
    raiseAlarm(store, clock, node, {
      severity: 'Error',
      name: 'PushNotificationTokenFetchFailed',
      message: net
        ? `${tokenService(node)} could not reach the Common Identity service (${net.host}): ${net.status} ${net.reason} (${net.id}).`
        : `${tokenService(node)} could not obtain a machine access token: 400 Bad Request (${check.ok ? '' : check.why}).`,
    })
  }
  saveNodeToken(store, next)
  return status
}

/** The push service (re)started: it loads the refresh token of its node's replica, then fetches an access token. */
export function onTokenServiceStart(store: Store, clock: Clock, node: NodeRow): void {
  const cluster = clusterById(store, node.clusterId)!
  if (!isOnboarded(store, cluster)) return
  const account = readMachineAccount(store, node)
  const t = getNodeToken(store, node.id)
  saveNodeToken(store, {
    ...t,
    loadedHash: account ? tokenHash(account.refreshtoken) : null,
    loadedAt: clock.now(),
    accessExpiresAt: null,
    failingSince: null,
  })
  fetchAccessToken(store, clock, node)
}

/** The nodes whose push service fetches an access token every 10 minutes: running, with a refresh token loaded. */
function fetchingNodes(store: Store, clusterId: number): NodeRow[] {
  return listNodes(store, clusterId).filter(
    (n) =>
      getService(store, n.id, tokenService(n)) &&
      isRunning(store, n, tokenService(n)) &&
      getNodeToken(store, n.id).loadedAt !== null,
  )
}

const fetchSummary = (cluster: ClusterRow, results: string[]) =>
  `${cluster.name}: access token fetch ${results.join(', ') || '(no push service running)'}`

const runFetch: EventHandler = (store, clock, event) => {
  const cluster = event.clusterId === null ? undefined : clusterById(store, event.clusterId)
  if (!cluster || !isOnboarded(store, cluster)) return 'not onboarded: token fetches stopped'
  const results = fetchingNodes(store, cluster.id).map((n) => `${n.host} ${fetchAccessToken(store, clock, n)}`)
  scheduleEvent(store, {
    dueAt: clock.now() + FETCH_INTERVAL_MS,
    kind: TOKEN_FETCH_EVENT,
    clusterId: cluster.id,
    nodeId: null,
    payload: null,
  })
  return fetchSummary(cluster, results)
}

/**
 * Every 10 minutes: each running push service of an onboarded cluster fetches an access token. Between changes a
 * fetch has the same outcome each time (a refresh token is accepted until it expires or is revoked, and a failing
 * node raises its alarm only at the first failure), so a run of fetches is fast-forwarded in closed form: the
 * trace lines roll-over keeps, and each node's token state as after the last fetch.
 */
export const tokenFetchEvent: PeriodicHandler = {
  run: runFetch,
  quietUntil(store, clock, event) {
    const cluster = event.clusterId === null ? undefined : clusterById(store, event.clusterId)
    if (!cluster || !isOnboarded(store, cluster)) return event.dueAt
    let until = Infinity
    for (const n of fetchingNodes(store, cluster.id)) {
      const t = getNodeToken(store, n.id)
      // The network does not change while the clock runs: a blocked path stays blocked until a command opens it.
      const ok = !tokenPathFailure(store, clock, n) && acceptedAt(store, t.loadedHash, event.dueAt).ok
      if (!ok && t.failingSince === null) return event.dueAt // this fetch raises the node's alarm
      if (ok) until = Math.min(until, acceptedUntil(store, t.loadedHash!, event.dueAt))
    }
    return until
  },
  fastForward(store, clock, event, until) {
    const cluster = clusterById(store, event.clusterId!)!
    const count = Math.ceil((until - event.dueAt) / FETCH_INTERVAL_MS)
    const last = event.dueAt + (count - 1) * FETCH_INTERVAL_MS
    const results: string[] = []
    for (const n of fetchingNodes(store, cluster.id)) {
      const t = getNodeToken(store, n.id)
      const net = tokenPathFailure(store, clock, n)
      const ok = !net && acceptedAt(store, t.loadedHash, event.dueAt).ok
      const status = net ? net.status : ok ? 200 : 400
      traceRun(store, n, tokenService(n), {first: event.dueAt, every: FETCH_INTERVAL_MS, count}, (at) =>
        net ? networkFetchTrace(n, net, at) : fetchTrace(n, ok, at),
      )
      saveNodeToken(store, {
        ...t,
        lastFetchAt: last,
        lastStatus: status,
        ...(ok ? {accessExpiresAt: last + ACCESS_TOKEN_MS, failingSince: null} : {}),
      })
      results.push(`${n.host} ${status}`)
    }
    const iso = (ms: number) => new Date(ms).toISOString()
    return {
      ran: {
        at: iso(event.dueAt),
        kind: TOKEN_FETCH_EVENT,
        summary: fetchSummary(cluster, results),
        ...(count > 1 ? {count, lastAt: iso(last), everyMs: FETCH_INTERVAL_MS} : {}),
      },
      lastAt: last,
      next: last + FETCH_INTERVAL_MS,
    }
  },
}

/** Whether the node's push service holds a valid access token now; if not it tries to fetch one (on demand). */
export function ensureAccessToken(store: Store, clock: Clock, node: NodeRow): boolean {
  const t = getNodeToken(store, node.id)
  if (t.accessExpiresAt !== null && t.accessExpiresAt > clock.now()) return true
  if (t.loadedAt === null) return false
  return fetchAccessToken(store, clock, node) === 200
}

/** sim fault token-expire: the identity service no longer honours the cluster's refresh token, and access tokens lapse. */
export function expireToken(store: Store, clock: Clock, cluster: ClusterRow): {cluster: string; revoked: number} {
  if (!isOnboarded(store, cluster))
    throw new FailedError(`${cluster.name} is not onboarded: it has no machine account token to expire.`, {
      fix: 'Onboard it first (ucadmin onboarding ...).',
    })
  const pub = publisherOf(store, cluster.id)
  const account = readMachineAccount(store, pub)
  let revoked = 0
  const hashes = new Set<string>()
  if (account) hashes.add(tokenHash(account.refreshtoken))
  for (const n of listNodes(store, cluster.id)) {
    const h = getNodeToken(store, n.id).loadedHash
    if (h) hashes.add(h)
  }
  for (const h of hashes) revoked += revokeToken(store, h, clock.now())
  expireAccessTokens(store, cluster.id, clock.now())
  return {cluster: cluster.name, revoked}
}

export interface NodeTokenStatus {
  node: string
  service: string
  refreshTokenFingerprint: string | null
  loadedTokenFingerprint: string | null
  accessTokenExpiresAt: string | null
  lastFetch: {at: string; status: number} | null
  valid: boolean
  detail: string
}

/** Per node: which refresh token its replica holds (a fingerprint, never the token) and whether push can work. */
export function tokenStatus(store: Store, clock: Clock, cluster: ClusterRow): NodeTokenStatus[] {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())
  return listNodes(store, cluster.id).map((n) => {
    const t = getNodeToken(store, n.id)
    const account = readMachineAccount(store, n)
    const replicaHash = account ? tokenHash(account.refreshtoken) : null
    const accessValid = t.accessExpiresAt !== null && t.accessExpiresAt > clock.now()
    const refreshOk = acceptedHash(store, clock, t.loadedHash).ok
    // Every fetch and every push reaches the identity service over the token path first (DNS, proxy, port 443).
    const net = n.state === 'up' && account ? tokenPathFailure(store, clock, n) : null
    const valid = n.state === 'up' && !net && (accessValid || refreshOk)
    let detail: string
    if (!account) detail = 'no machine account in this replica'
    else if (net)
      detail = `the Common Identity service (${net.host}) cannot be reached: ${net.status} ${net.reason} (${net.id}): ${net.detail}`
    else if (t.loadedHash === null) detail = `${tokenService(n)} has not loaded a token (restart it)`
    else if (replicaHash !== t.loadedHash)
      detail = `the replica holds a newer token than ${tokenService(n)} loaded: restart ${tokenService(n)}`
    else if (!valid)
      detail =
        'the refresh token is not accepted: 400 Bad Request (see the trace; update it with `ucadmin token procedure --source-cluster CLUSTER`)'
    else detail = 'ok'
    return {
      node: n.host,
      service: tokenService(n),
      refreshTokenFingerprint: account ? fingerprint(account.refreshtoken) : null,
      loadedTokenFingerprint: t.loadedHash ? `sha256:${t.loadedHash.slice(0, 16)}` : null,
      accessTokenExpiresAt: accessValid ? iso(t.accessExpiresAt) : null,
      lastFetch: t.lastFetchAt === null ? null : {at: iso(t.lastFetchAt)!, status: t.lastStatus!},
      valid,
      detail,
    }
  })
}
