import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'
import type {Clock} from '../../world/clock/clock.js'

import {CPNS, XCP_CONFIG} from '../../guide/onboarding/onboarding.js'
import {raiseAlarm} from '../../platform/alarms/alarms.js'
import {ensureAccessToken} from '../../guide/tokens/tokens.js'
import {trace} from '../../platform/traces/traces.js'
import {isImp} from '../../world/cluster/topology.js'
import {
  type Env,
  type HopId,
  type PathKind,
  HOP_HOST,
  LPNS,
  PROXY_CONFIRMATION_MS,
  PROXY_SECOND_ADDRESS_MS,
  baseEnv,
  devicePlatform,
  tokenProcedureFix,
  usePushConnection,
} from '../../guide/conditions/conditions.js'
import {type BaseEnv, type HopView, type Walk, walkHops} from '../../guide/conditions/paths.js'

/**
 * The delivery of one push, hop by hop (issue 11). This is the one function every push goes through: `sim push`,
 * `sim push --user`, `sim message send`, the deferred pushes after an IM and Presence failover, and calls.
 *
 *   const r = deliver(store, clock, {cluster, node, platform: 'ios', kind: 'call'})
 *   r.status      200, or the failed condition's status (400 token, 403 onboarding, 503 service, 504 network...)
 *   r.reason      null on 200, else the HTTP reason ("Bad Request")
 *   r.condition   the failed condition's id, as `onboarding check` names it (null on 200)
 *   r.hop         the hop where it failed (null on 200)
 *   r.path        'cloud' or 'local' (Local Push)
 *   r.hops        the hops of the path taken, in order
 *   r.explain     every hop with its conditions (always computed; printed by --explain)
 *
 * Paths:
 *   call  callmanager -> cpns (the node's own CPNS) -> [proxy] -> common-identity -> push-rest -> apns|fcm
 *         -> [expressway-c: an MRA client re-registers] -> device
 *   im    xcp-router (the user's session node) -> [expressway-c -> expressway-e: MRA] -> xcp-config-manager
 *         -> [proxy] -> common-identity -> push-rest -> apns|fcm -> device
 *   local callmanager -> lpns (the node holding the client's WebSocket) -> device; tried first for calls to iOS
 *         clients off MRA when `local` is 'auto', and used only when every Local Push condition holds (else cloud).
 */

export type Kind = 'call' | 'im'

export interface DeliveryRequest {
  cluster: ClusterRow
  /** The node that sends: a Unified CM node (call), or the user's IM and Presence session node (im). */
  node: NodeRow
  platform: 'ios' | 'android'
  /** The device's OS version (a simulated client's): an iOS 12 device is judged by iOS 12 support. Default: current. */
  os?: string
  kind: Kind
  /** The client app (default jabber): EnableVoipSocket applies to Jabber on iOS only. */
  app?: 'jabber' | 'webex'
  /** The client is over Mobile and Remote Access (Expressway). */
  mra?: boolean
  /** Local Push: 'auto' (LPNS when it can, else the cloud), 'only' (a test push over LPNS), 'never' (default). */
  local?: 'auto' | 'only' | 'never'
  /** The node whose LPNS holds the client's WebSocket (default: node). */
  lpnsNode?: NodeRow
  /** The client's Wi-Fi SSID (null: not on Wi-Fi; undefined: not known, any provisioned SSID). */
  ssid?: string | null
  /** The end user: for traces and alarms, and their service profile's jabber-config.xml (LocalPushSSIDList, EnableVoipSocket). */
  user?: string
  /** The user's IM session (im-session): set by callers that deliver to a simulated client. */
  session?: {ok: boolean; detail: string; fix: string | null}
}

export type {HopView} from '../../guide/conditions/paths.js'

export interface DeliveryOutcome {
  status: number
  reason: string | null
  detail: string
  condition: string | null
  hop: HopId | null
  path: 'cloud' | 'local'
  kind: Kind
  hops: HopId[]
  node: string
  platform: 'ios' | 'android'
  /**
   * The push left CPNS and the cloud delivered it; what failed comes after it (issue 20, item 8): an MRA client's
   * re-registration through Expressway (expressway-c), or the device (EnableVoipSocket). Not a CPNS send failure:
   * the CPNS trace says sent, and no PushNotificationSendFailed alarm is raised. Absent otherwise.
   */
  afterPush?: true
  /** Local Push was tried first and not used: the condition that kept it from being used. */
  localPush?: {used: false; condition: string | null; hop: HopId | null; detail: string; fix: string | null}
  /** Every hop with its conditions: always set by deliver(); commands print it (and keep it in --json) with --explain. */
  explain?: HopView[]
}

function cloudHops(kind: Kind, req: DeliveryRequest, proxy: boolean): HopId[] {
  const partner: HopId = req.platform === 'ios' ? 'apns' : 'fcm'
  const cloud: HopId[] = [...(proxy ? (['proxy'] as const) : []), 'common-identity', 'push-rest', partner]
  if (kind === 'call')
    return ['callmanager', 'cpns', ...cloud, ...(req.mra ? (['expressway-c'] as const) : []), 'device']
  return [
    'xcp-router',
    ...(req.mra ? (['expressway-c', 'expressway-e'] as const) : []),
    'xcp-config-manager',
    ...cloud,
    'device',
  ]
}

function walk(env: BaseEnv, req: DeliveryRequest, kind: PathKind, hops: HopId[]): Walk {
  return walkHops(
    env,
    {
      kind,
      node: req.node,
      lpnsNode: req.lpnsNode,
      platform: kind === 'local' ? 'lpns' : devicePlatform(req.platform, req.os),
      jabberIos: kind === 'call' && req.platform === 'ios' && (req.app ?? 'jabber') === 'jabber',
      mra: !!req.mra,
      ssid: req.ssid,
      user: req.user,
      session: req.session,
    },
    hops,
  )
}

/** The hops of a call push after the cloud delivered it: their failures are not CPNS send failures. */
const AFTER_SEND: HopId[] = ['expressway-c', 'device']

const serviceOf = (node: NodeRow, path: 'cloud' | 'local') =>
  path === 'local' ? LPNS : isImp(node) ? XCP_CONFIG : CPNS

/** Traces of the proxy, with the guide's timings, when a cloud hop goes through it. */
function proxyTraces(
  store: Store,
  clock: Clock,
  env: Pick<Env, 'proxy'>,
  node: NodeRow,
  failure: Walk['failure'],
): void {
  const p = env.proxy
  if (!p || node.state !== 'up') return
  const svc = serviceOf(node, 'cloud')
  if (failure?.hop === 'proxy') {
    // A second address exists only for a proxy name that resolves to several; an IP address has none (issue 20, item 15).
    if (p.isName) {
      trace(
        store,
        clock,
        node,
        svc,
        'WARN',
        `Proxy ${p.host}: connection to the first address timed out; trying the second address in ${PROXY_SECOND_ADDRESS_MS / 1000} seconds`,
      )
      trace(store, clock, node, svc, 'ERROR', `Proxy ${p.host}: connection to the second address timed out`)
    } else trace(store, clock, node, svc, 'ERROR', `Proxy ${p.host}:${p.port}: connection timed out`)
  } else if (failure && HOP_HOST[failure.hop]) {
    trace(
      store,
      clock,
      node,
      svc,
      'WARN',
      `Push sent through proxy ${p.host} to ${HOP_HOST[failure.hop]}: no confirmation within ${PROXY_CONFIRMATION_MS / 1000} seconds${p.isName ? '; trying the second proxy address' : ''}`,
    )
  } else if (!failure) {
    trace(
      store,
      clock,
      node,
      svc,
      'DEBUG',
      `Connected through proxy ${p.url}${p.auth ? ` (${p.auth} authentication)` : ''}`,
    )
  }
}

/** Delivers one push: evaluates the path's conditions hop by hop; the first that fails is the outcome. */
export function deliver(store: Store, clock: Clock, req: DeliveryRequest): DeliveryOutcome {
  const env = baseEnv(store, clock, req.cluster)
  const kind = req.kind
  const base = {node: req.node.host, platform: req.platform, kind}
  let localPush: DeliveryOutcome['localPush']
  const mode = req.local ?? 'never'
  if (mode === 'only' || (mode === 'auto' && kind === 'call' && req.platform === 'ios' && !req.mra)) {
    const hops: HopId[] = ['callmanager', 'lpns', 'device']
    const w = walk(env, req, 'local', hops)
    const lnode = req.lpnsNode ?? req.node
    if (!w.failure) {
      trace(
        store,
        clock,
        lnode,
        LPNS,
        'INFO',
        `Local push${req.user ? ` to ${req.user}` : ''} over WebSocket (9560): delivered`,
      )
      return {
        ...base,
        status: 200,
        reason: null,
        detail: `Local Push through ${lnode.host} over the client's WebSocket (9560).`,
        condition: null,
        hop: null,
        path: 'local',
        hops,
        explain: w.explain,
      }
    }
    if (mode === 'only') return failed(store, clock, req, lnode, 'local', hops, w, undefined)
    localPush = {
      used: false,
      condition: w.failure.id,
      hop: w.failure.hop,
      detail: w.failure.detail,
      fix: w.failure.fix,
    }
  }
  const hops = cloudHops(kind, req, env.proxy !== null)
  const w = walk(env, req, kind, hops)
  // The push reached the Push REST service (even to fail on a dropped connection): the next one uses a fresh one.
  const pushRest = hops.indexOf('push-rest')
  if (!w.failure || hops.indexOf(w.failure.hop) >= pushRest) usePushConnection(store, req.node, clock.now())
  proxyTraces(store, clock, env, req.node, w.failure)
  // Reaching Common Identity with a refused token, the push service still tries a fetch (its trace line, its alarm).
  if (w.failure?.id === 'token') ensureAccessToken(store, clock, req.node)
  if (w.failure && kind === 'call' && AFTER_SEND.includes(w.failure.hop) && ensureAccessToken(store, clock, req.node)) {
    // Every hop up to the cloud passed: CPNS sent the push and the cloud delivered it; the client fails after it.
    traceSent(store, clock, req)
    const f = w.failure
    const after =
      f.hop === 'expressway-c'
        ? 'the push was delivered (CallKit rings), then the client cannot re-register through Expressway'
        : 'the push was delivered, but the device does not present it'
    return {
      ...base,
      status: f.status,
      reason: f.reason,
      detail: `${after}: ${f.detail}`,
      condition: f.id,
      hop: f.hop,
      path: 'cloud',
      hops,
      afterPush: true,
      ...(localPush ? {localPush} : {}),
      explain: w.explain,
    }
  }
  if (w.failure) return failed(store, clock, req, req.node, 'cloud', hops, w, localPush)
  // Every condition holds: the push service uses (or fetches) its access token, then sends.
  if (!ensureAccessToken(store, clock, req.node)) {
    const f = {
      hop: 'common-identity' as HopId,
      id: 'token',
      status: 400,
      reason: 'Bad Request',
      detail: 'The machine access token cannot be obtained: the Common Identity service refuses the refresh token.',
      fix: tokenProcedureFix(store, req.cluster),
    }
    return failed(store, clock, req, req.node, 'cloud', hops, {...w, failure: f}, localPush)
  }
  traceSent(store, clock, req)
  return {
    ...base,
    status: 200,
    reason: null,
    detail: `Push notification accepted by the Push REST service${env.proxy ? ` (through the proxy ${env.proxy.url})` : ''}${req.mra ? '; the client is reached through Expressway (MRA)' : ''}.`,
    condition: null,
    hop: null,
    path: 'cloud',
    hops,
    ...(localPush ? {localPush} : {}),
    explain: w.explain,
  }
}

/** The push service's trace line for a push the cloud accepted (200 OK). */
function traceSent(store: Store, clock: Clock, req: DeliveryRequest): void {
  const to = `${req.platform}${req.user ? ` for ${req.user}` : ''}`
  trace(store, clock, req.node, serviceOf(req.node, 'cloud'), 'INFO', `Push notification sent to ${to}: 200 OK`)
}

function failed(
  store: Store,
  clock: Clock,
  req: DeliveryRequest,
  node: NodeRow,
  path: 'cloud' | 'local',
  hops: HopId[],
  w: Walk,
  localPush: DeliveryOutcome['localPush'],
): DeliveryOutcome {
  const f = w.failure!
  if (node.state === 'up') {
    trace(
      store,
      clock,
      node,
      serviceOf(node, path),
      'ERROR',
      `Push notification to ${req.platform} failed at ${f.hop} (${f.id}): ${f.status} ${f.reason}`,
    )
    raiseAlarm(store, clock, node, {
      severity: 'Error',
      name: 'PushNotificationSendFailed',
      message: `A push notification to ${req.platform} failed: ${f.status} ${f.reason} (${f.id}).`,
    })
  }
  return {
    node: req.node.host,
    platform: req.platform,
    kind: req.kind,
    status: f.status,
    reason: f.reason,
    detail: f.detail,
    condition: f.id,
    hop: f.hop,
    path,
    hops,
    ...(localPush ? {localPush} : {}),
    explain: w.explain,
  }
}

/** `--explain`: the path hop by hop, each hop with its conditions, and where it stopped. */
export function explainLines(
  o: Pick<DeliveryOutcome, 'explain' | 'path' | 'kind' | 'status' | 'condition' | 'hop' | 'localPush'>,
): string[] {
  const out: string[] = []
  const hops = o.explain ?? []
  if (o.localPush)
    out.push(
      `Local Push not used: ${o.localPush.condition ? `${o.localPush.condition} at ${o.localPush.hop}: ` : ''}${o.localPush.detail}${o.localPush.fix ? `${o.localPush.detail.endsWith('.') ? '' : '.'} ${o.localPush.fix}` : ''}`,
    )
  out.push(
    `Path: ${o.kind === 'call' ? 'call' : 'IM'} push, ${o.path === 'local' ? 'Local Push' : 'cloud'} (${hops.map((h) => h.hop).join(' -> ')})`,
  )
  hops.forEach((h, i) => {
    const mark = !h.reached ? 'not reached' : h.ok ? 'ok' : 'FAILED'
    out.push(`${String(i + 1).padStart(2)}. ${h.name}${h.node ? ` on ${h.node}` : ''}: ${mark}`)
    for (const c of h.conditions) out.push(`      ${c.ok ? 'pass' : 'FAIL'}  ${c.id.padEnd(22)} ${c.detail}`)
    if (h.note) out.push(`      note  ${h.note}`)
  })
  out.push(o.status === 200 ? 'Result: delivered.' : `Result: stopped at ${o.hop}: ${o.condition}.`)
  return out
}
