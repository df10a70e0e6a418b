import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'
import type {Clock} from '../../world/clock/clock.js'
import type {Release} from '../../world/cluster/releases.js'

import {listClusters, listNodes, reachability} from '../../world/cluster/store.js'
import {type ExpresswayRow, getExpressway} from '../onboarding/config-store.js'
import {type OnboardingRow, getOnboarding} from '../onboarding/store.js'
import {mraCertificateProblems} from '../onboarding/certificates.js'
import {
  CURRENT_EXPRESSWAY,
  EXPRESSWAY_MINIMUMS,
  expresswayAtLeast,
  expresswayVersion,
} from '../onboarding/expressway.js'
import {CLOUD_HOSTS} from '../../world/cluster/cloud.js'
import {UsageError} from '../../../core/errors.js'
import {suggest} from '../../../core/ids.js'
import {STATUS, isOnboarded, licensingProblem, pendingRestarts, statusText} from '../onboarding/onboarding.js'
import {CMAS, CPNS, XCP_CONFIG, XCP_ROUTER} from '../../platform/services/names.js'
import {getParam, ssidProvisioned} from '../onboarding/parameters.js'
import {
  configSource,
  configsInUse,
  jabberConfigFor,
  jabberSetCommand,
  localPushSsidsFor,
  ssidFix,
  ssidsOf,
} from '../onboarding/service-profiles.js'
import {atLeast, minimumText, parseRelease, supports} from '../../world/cluster/releases.js'
import {getService} from '../../platform/services/store.js'
import {isRunning} from '../../platform/services/services.js'
import {isCucm, isImp} from '../../world/cluster/topology.js'
import {acceptedHash} from '../identity/identity.js'
import {getNodeToken} from '../identity/store.js'
import {hasMraClients} from './store.js'
import {proxyOf} from './proxy.js'
import {deleteSetting, getSetting, setSetting} from '../../../store/settings.js'
import type {Proxy} from './proxy.js'

/**
 * The one list of Push Notifications conditions (issue 11). Each prerequisite and task-flow rule of the guide is a
 * condition here, once: its id, the hop of each push path it sits on, how it is evaluated from the state, what a
 * failure looks like (status, reason) and its fix. `onboarding check` evaluates every condition over the whole
 * cluster; a delivery (src/features/paths/push/delivery.ts) evaluates the conditions of its path's hops over the nodes of
 * that path, with the same functions. A push that fails for a condition therefore always has that condition failing
 * in the check, and a push over the same nodes passes once the check passes.
 */

export const LPNS = 'Cisco Local Push Notification Service'

/**
 * call: a call push via CPNS and the cloud; im: an IM push via the XCP Router; local: Local Push (LPNS, 14SU3).
 * The other paths to the Cisco cloud (issue 20; src/features/guide/conditions/paths.ts walks them): token, the push service's
 * access-token fetch (every 10 minutes and when it starts); subscription, the publisher's subscription request (the
 * Save that completes onboarding); upload, the Management Agent's troubleshooting upload (pushnow, scheduled).
 */
export type PathKind = 'call' | 'im' | 'local' | CloudPathKind
export type CloudPathKind = 'token' | 'subscription' | 'upload'
export const CLOUD_PATH_KINDS: CloudPathKind[] = ['token', 'subscription', 'upload']
/** ios: iOS 13 and above; ios12: an iOS 12 device (judged by iOS 12 support, never by the iOS 13 minimum; issue 20, item 9). */
export type Platform = 'ios' | 'ios12' | 'android' | 'lpns'
export const PLATFORMS: Platform[] = ['ios', 'ios12', 'android', 'lpns']

/** The platform a device is judged by: an iOS device older than iOS 13 is an iOS 12 device. */
export function devicePlatform(platform: 'ios' | 'android', os?: string): Platform {
  return platform === 'ios' && os !== undefined && Number.parseInt(os, 10) < 13 ? 'ios12' : platform
}

export type HopId =
  | 'callmanager'
  | 'cpns'
  | 'xcp-router'
  | 'expressway-c'
  | 'expressway-e'
  | 'xcp-config-manager'
  | 'proxy'
  | 'common-identity'
  | 'push-rest'
  | 'apns'
  | 'fcm'
  | 'lpns'
  | 'device'
  | 'cmas'
  | 'fos'

export const HOP_NAMES: Record<HopId, string> = {
  callmanager: 'Cisco CallManager',
  cpns: CPNS,
  'xcp-router': XCP_ROUTER,
  'expressway-c': 'Expressway-C',
  'expressway-e': 'Expressway-E',
  'xcp-config-manager': XCP_CONFIG,
  proxy: 'HTTP(S) proxy',
  'common-identity': 'Common Identity (idbroker.webex.com)',
  'push-rest': 'Push REST service (push.webexconnect.com)',
  apns: 'Apple Push Notification service',
  fcm: 'Firebase Cloud Messaging',
  lpns: LPNS,
  device: 'the device',
  cmas: CMAS,
  fos: 'Fusion Onboarding Service (fos-a.wbx2.com)',
}

/** The cloud host a hop connects to on port 443 (through the proxy when one is set). */
export const HOP_HOST: Partial<Record<HopId, string>> = {
  'common-identity': 'idbroker.webex.com',
  'push-rest': 'push.webexconnect.com',
  fos: 'fos-a.wbx2.com',
}

/** What a condition is evaluated against: the whole cluster (the check) or the nodes of one push path. */
export interface Env {
  store: Store
  /** The simulated time (a path walked outside a command's clock reads the stored time). */
  clock: Pick<Clock, 'now'>
  cluster: ClusterRow
  release: Release
  mode: 'check' | 'delivery'
  /** The kinds of path in scope: the check has call (and im with IM and Presence nodes, local with --platform lpns). */
  kinds: PathKind[]
  /** The nodes in scope: every node (check), or the path's node (delivery). */
  nodes: NodeRow[]
  platforms: Platform[]
  /** Jabber on iPhone or iPad in scope (EnableVoipSocket). */
  jabberIos: boolean
  /** Mobile and Remote Access in scope: Expressway deployed with MRA on or MRA clients (check), or the client is over MRA (delivery). */
  mra: boolean
  /** The client's Wi-Fi SSID for Local Push: undefined when not known (a test push: any provisioned SSID). */
  ssid?: string | null
  /**
   * The end user a delivery is for (a simulated client): their UC Service Profile's jabber-config.xml gives
   * LocalPushSSIDList and EnableVoipSocket. Undefined: the system default service profile (a test push), or in the
   * check every service profile in use.
   */
  user?: string
  /** The user's IM session on the XCP Router (delivery to a simulated client): offline, or being recreated after a failover. */
  session?: Verdict
  /** The hop being evaluated (delivery), for conditions that sit on several hops. */
  hop?: HopId
  row: OnboardingRow
  xw: ExpresswayRow
  proxy: Proxy | null
}

export interface Verdict {
  ok: boolean
  detail: string
  fix: string | null
}

export interface Condition {
  id: string
  /** The guide's section the rule comes from. */
  guide: string
  /** The hop(s) it sits on, per path kind; none: a procedure check only (not on any delivery path). */
  hops: Partial<Record<PathKind, HopId[]>>
  /** Only for some scopes (e.g. iOS, MRA, IM and Presence nodes present). */
  applies?(env: Env): boolean
  evaluate(env: Env): Verdict
  status: number
  reason: string
}

const list = (xs: string[]) => xs.join(', ')
const v = (ok: boolean, detail: string, fix: string | null): Verdict => ({ok, detail, fix: ok ? null : fix})
const cucmOf = (e: Env) => e.nodes.filter(isCucm)
const impOf = (e: Env) => e.nodes.filter(isImp)
const completed = (e: Env) => statusText(e.store, e.cluster) === STATUS.completed
const has = (e: Env, k: PathKind) => e.kinds.includes(k)

const PLATFORM_TITLE: Record<Platform, string> = {
  ios: 'iOS 13 and above (APNS)',
  ios12: 'iOS 12 (APNS)',
  android: 'Android (FCM)',
  lpns: 'Local Push (iOS 16.5, Wi-Fi)',
}

const onCloud = (hopCall: HopId, hopIm: HopId): Partial<Record<PathKind, HopId[]>> => ({call: [hopCall], im: [hopIm]})
const FIRST_HOP = {call: ['callmanager'], im: ['xcp-router'], local: ['callmanager']} satisfies Partial<
  Record<PathKind, HopId[]>
>

function servicesDown(e: Env, nodes: NodeRow[], service: string): string[] {
  return nodes
    .filter((n) => getService(e.store, n.id, service) && !isRunning(e.store, n, service))
    .map((n) => `${n.host}${n.state === 'up' ? '' : ` (node ${n.state})`}`)
}

function serviceCondition(
  id: string,
  service: string,
  nodesOf: (e: Env) => NodeRow[],
  hops: Partial<Record<PathKind, HopId[]>>,
  guide: string,
  applies?: (e: Env) => boolean,
): Condition {
  return {
    id,
    guide,
    hops,
    applies,
    status: 503,
    reason: 'Service Unavailable',
    evaluate(e) {
      const down = servicesDown(e, nodesOf(e), service)
      const where =
        nodesOf(e).length === 1
          ? nodesOf(e)[0].host
          : isImp(nodesOf(e)[0] ?? ({role: 'publisher'} as NodeRow))
            ? 'every IM and Presence node'
            : 'every Unified CM node'
      return v(
        down.length === 0,
        down.length ? `${service} is not running on ${list(down)}.` : `${service} runs on ${where}.`,
        `Start it: \`ucadmin utils service start ${service} --node ${down[0]?.split(' ')[0] ?? 'HOST'}\`.`,
      )
    },
  }
}

function releaseFor(p: Platform): Condition {
  return {
    id: `release-${p}`,
    guide: 'Minimum Releases and Feature Support for Push Notifications',
    hops: p === 'lpns' ? {local: ['callmanager']} : {call: ['callmanager'], im: ['xcp-router']},
    applies: (e) => e.platforms.includes(p),
    status: 501,
    reason: 'Not Implemented',
    evaluate(e) {
      const ok = supports(e.release, p)
      const c = e.cluster.version
      if (p === 'ios12' && !ok && atLeast(e.release, '11.5(1)SU4')) {
        // The Feature Support table: "No support" for iOS 12 from 14 on, neither calls nor messages (field notice FN70555).
        return v(
          false,
          `${PLATFORM_TITLE[p]}: ${c} has no support for iOS 12 (Feature Support; field notice FN70555), neither calls nor messages.`,
          'Update the device to iOS 13 or later.',
        )
      }
      return v(
        ok,
        `${PLATFORM_TITLE[p]} ${ok ? 'is supported on' : 'needs'} ${ok ? c : `${minimumText(p)}; this cluster runs ${c}`}.`,
        `Upgrade to ${minimumText(p)} or later, or leave ${p} out (--platform).`,
      )
    },
  }
}

/** Whether the node's push service holds an access token, or can fetch one with the refresh token it loaded. */
function tokenOk(e: Env, n: NodeRow): boolean {
  const t = getNodeToken(e.store, n.id)
  if (t.accessExpiresAt !== null && t.accessExpiresAt > e.clock.now()) return true
  return t.loadedAt !== null && acceptedHash(e.store, e.clock, t.loadedHash).ok
}

/**
 * The network facts every path to the cloud reads, and the `utils network` commands too (issue 20, item 23): whether a
 * node resolves names by DNS, and whether it reaches a host (a cloud host on 443, the proxy on its port).
 */
export const nodeResolves = (n: NodeRow): boolean => n.dnsConfigured
export function nodeReaches(store: Store, n: NodeRow, host: string): boolean {
  return reachability(store, n.id).get(host.toLowerCase()) !== false
}

function reachableFrom(e: Env, n: NodeRow, host: string): boolean {
  return nodeReaches(e.store, n, host)
}

/**
 * The push connection (issue 20, item 24): "keep idle TCP connections to the Push REST service open for at least 30
 * minutes. Push notifications do not get retried on new TCP connections when an error occurs on an existing
 * connection." `sim fault nat-idle-timeout MINUTES` sets a NAT/firewall idle timeout; each node's push service keeps
 * one connection to push.webexconnect.com, last used at its last push.
 */
export const RECOMMENDED_IDLE_MINUTES = 30
const natKey = (clusterId: number) => `nat-idle-timeout:${clusterId}`
const connKey = (nodeId: number) => `push-connection:${nodeId}`
export function natIdleTimeout(store: Store, clusterId: number): number | null {
  const v = getSetting(store, natKey(clusterId))
  return v === undefined ? null : Number(v)
}
export function setNatIdleTimeout(store: Store, clusterId: number, minutes: number | null): void {
  if (minutes === null) deleteSetting(store, natKey(clusterId))
  else setSetting(store, natKey(clusterId), String(minutes))
}
/** A push reached the Push REST service from the node: its connection is (re)opened and used now. */
export function usePushConnection(store: Store, node: NodeRow, at: number): void {
  setSetting(store, connKey(node.id), String(at))
}
function pushConnectionLastUsed(store: Store, node: NodeRow): number | undefined {
  const v = getSetting(store, connKey(node.id))
  return v === undefined ? undefined : Number(v)
}

/**
 * Port 9966 between nodes (issue 20, item 24; the guide's Open Ports note): "port 9966 is used internally by the Cisco
 * Push Notification Service to communicate with the Cisco CallManager Service on all Unified Communications Manager
 * cluster nodes" and must be open when the nodes talk through a firewall. `sim fault port-block 9966 NODE` puts a
 * firewall closing it between a Unified CM subscriber and the publisher; `sim fault port-open 9966 NODE` opens it.
 */
export const CPNS_INTERNAL_PORT = 9966
const portKey = (nodeId: number) => `port-blocked:${CPNS_INTERNAL_PORT}:${nodeId}`
export function internalPortBlocked(store: Store, node: NodeRow): boolean {
  return getSetting(store, portKey(node.id)) !== undefined
}
export function setInternalPortBlocked(store: Store, node: NodeRow, blocked: boolean): void {
  if (blocked) setSetting(store, portKey(node.id), '1')
  else deleteSetting(store, portKey(node.id))
}

/**
 * lpns-ssid in the check: the system default service profile and every profile some end user has; it fails when
 * none provisions an SSID (with only the default in use, as when LocalPushSSIDList was one cluster-wide parameter).
 */
function ssidCheck(e: Env): Verdict {
  const cfgs = configsInUse(e.store, e.cluster)
  const only = cfgs.length === 1
  const part = (c: (typeof cfgs)[number]) => {
    const s = ssidsOf(c)
    const src = configSource(c) || `service profile "${c.profile}", the system default`
    return `${s.length ? list(s) : 'none'} (${src})`
  }
  if (cfgs.every((c) => ssidsOf(c).length === 0))
    return v(
      false,
      only
        ? 'No Wi-Fi SSID is provisioned for Local Push (LocalPushSSIDList is empty).'
        : `No Wi-Fi SSID is provisioned for Local Push in any service profile in use: ${cfgs.map(part).join('; ')}.`,
      only
        ? 'Provision one: `ucadmin param jabber set LocalPushSSIDList HospitalWiFi`.'
        : ssidFix(cfgs[1], undefined, undefined),
    )
  return v(true, `Local Push SSIDs: ${only ? list(ssidsOf(cfgs[0])) : cfgs.map(part).join('; ')}.`, null)
}

/** The guide's proxy timings, as a hop reports them. */
export const PROXY_SECOND_ADDRESS_MS = 2000
export const PROXY_CONFIRMATION_MS = 5000

export const CONDITIONS: Condition[] = [
  {
    id: 'node',
    guide: 'How Push Notifications Work',
    hops: FIRST_HOP,
    status: 503,
    reason: 'Service Unavailable',
    evaluate(e) {
      const down = e.nodes.filter((n) => n.state !== 'up').map((n) => `${n.host} (${n.state})`)
      return v(
        down.length === 0,
        down.length ? `Not up: ${list(down)}.` : `${e.nodes.length === 1 ? e.nodes[0].host : 'Every node'} is up.`,
        `Bring it up: \`ucadmin sim fault node-up ${down[0]?.split(' ')[0] ?? 'HOST'}\`.`,
      )
    },
  },
  {
    id: 'release',
    guide: 'Minimum Releases and Feature Support for Push Notifications',
    hops: {call: ['callmanager']},
    status: 501,
    reason: 'Not Implemented',
    evaluate(e) {
      const ok = atLeast(e.release, '11.5(1)SU3')
      const c = e.cluster.version
      return v(
        ok,
        ok
          ? `${c} supports Push Notifications for calls and messages (11.5(1)SU3 or later).`
          : `${c}: Push Notifications for calls need 11.5(1)SU3 or later (the Cisco Push Notification Service and Cisco Management Agent Service arrived with it).`,
        'Upgrade the cluster: `ucadmin cluster upgrade --version 14SU3`.',
      )
    },
  },
  releaseFor('ios'),
  releaseFor('ios12'),
  releaseFor('android'),
  releaseFor('lpns'),
  {
    id: 'licensing',
    guide: 'Licensing Prerequisites',
    hops: onCloud('cpns', 'xcp-config-manager'),
    status: 403,
    reason: 'Forbidden',
    evaluate(e) {
      const lic = licensingProblem(e.store, e.cluster)
      return v(
        !lic,
        lic
          ? lic.problem
          : `Licensing: ${e.cluster.licensing === 'plm' ? 'Prime License Manager, licenses synchronized' : 'Smart Licensing'}.`,
        lic?.fix ?? null,
      )
    },
  },
  {
    id: 'dns',
    guide: 'Push Notifications Prerequisites',
    // The first hop of every path to the cloud: the node's service resolves the cloud (or proxy) host names.
    hops: {
      ...onCloud('cpns', 'xcp-config-manager'),
      token: ['cpns', 'xcp-config-manager'],
      subscription: ['cmas'],
      upload: ['cmas'],
    },
    status: 503,
    reason: 'Service Unavailable',
    evaluate(e) {
      const no = e.nodes.filter((n) => !nodeResolves(n)).map((n) => n.host)
      const scope =
        e.mode === 'check' ? 'every Unified CM and IM and Presence node' : e.nodes.map((n) => n.host).join(', ')
      return v(
        no.length === 0,
        no.length
          ? `DNS is not configured on ${list(no)}: the cloud${e.proxy ? ' and proxy' : ''} host names do not resolve.`
          : `DNS is configured on ${scope}.`,
        `Configure DNS on ${list(no)} (\`ucadmin sim fault dns-on ${no[0] ?? 'HOST'}\`).`,
      )
    },
  },
  {
    id: 'proxy',
    guide: 'Proxy Support for Cloud Connection',
    hops: {call: ['proxy'], im: ['proxy'], token: ['proxy'], subscription: ['proxy'], upload: ['proxy']},
    applies: (e) => e.proxy !== null,
    status: 504,
    reason: 'Gateway Timeout',
    evaluate(e) {
      const p = e.proxy!
      const blocked = e.nodes.filter((n) => !reachableFrom(e, n, p.host)).map((n) => n.host)
      const wait = p.isName ? ` (first address, then the second after ${PROXY_SECOND_ADDRESS_MS / 1000} seconds)` : ''
      return v(
        blocked.length === 0,
        blocked.length
          ? `The proxy ${p.url} does not answer from ${list(blocked)}${wait}.`
          : `The cloud hops go through the proxy ${p.url}${p.auth ? ` (${p.auth} authentication)` : ''}, reachable from ${e.mode === 'check' ? 'every node' : list(e.nodes.map((n) => n.host))}.`,
        `Make the proxy reachable (\`ucadmin sim fault reachable ${p.host}\`), or remove it: \`ucadmin onboarding save --proxy off\`.`,
      )
    },
  },
  {
    id: 'ports',
    guide: 'Open Ports for Push Notifications',
    hops: {
      call: ['common-identity', 'push-rest'],
      im: ['common-identity', 'push-rest'],
      token: ['common-identity'],
      subscription: ['fos'],
      upload: ['fos'],
    },
    status: 504,
    reason: 'Gateway Timeout',
    evaluate(e) {
      const hosts = e.hop && HOP_HOST[e.hop] ? [HOP_HOST[e.hop]!] : [...CLOUD_HOSTS]
      const blocked: string[] = []
      for (const n of e.nodes) for (const h of hosts) if (!reachableFrom(e, n, h)) blocked.push(`${n.host} -> ${h}`)
      const via = e.proxy ? ` through the proxy ${e.proxy.url}` : ''
      const wait =
        e.proxy?.isName && e.mode === 'delivery'
          ? `; no confirmation after ${PROXY_CONFIRMATION_MS / 1000} seconds, the second proxy address after ${PROXY_SECOND_ADDRESS_MS / 1000} more seconds failed too`
          : ''
      return v(
        blocked.length === 0,
        blocked.length
          ? `Port 443 is blocked${via}: ${list(blocked)}${wait}.`
          : `Port 443 is open${via} from ${e.mode === 'check' ? 'every node' : list(e.nodes.map((n) => n.host))} to ${list(hosts)}.`,
        `Open port 443 to the Cisco cloud and add the hosts to the SSL decryption exclusion list (\`ucadmin sim fault reachable ${blocked[0]?.split(' -> ')[1] ?? 'HOST'}\`).`,
      )
    },
  },
  serviceCondition('service-cpns', CPNS, cucmOf, {call: ['cpns']}, 'Push Notifications Prerequisites'),
  serviceCondition('service-cmas', CMAS, cucmOf, {}, 'Push Notifications Prerequisites'),
  {
    id: 'port-9966',
    guide: 'Push Notifications Prerequisites (Open Ports: port 9966 between nodes)',
    // The call's (or registration's) Unified CM node and the publisher's push service talk on 9966.
    hops: {call: ['cpns']},
    status: 504,
    reason: 'Gateway Timeout',
    evaluate(e) {
      const pub = listNodes(e.store, e.cluster.id).find((n) => n.role === 'publisher')
      const blocked = cucmOf(e)
        .filter((n) => internalPortBlocked(e.store, n))
        .map((n) => n.host)
      const between = `between ${list(blocked)} and the publisher ${pub?.host ?? ''}`.trimEnd()
      return v(
        blocked.length === 0,
        blocked.length
          ? `Port ${CPNS_INTERNAL_PORT} is blocked by a firewall ${between}: the ${CPNS} cannot reach the Cisco CallManager service on ${list(blocked)}.`
          : `Port ${CPNS_INTERNAL_PORT} is open between ${e.mode === 'check' ? 'the Unified CM nodes' : list(e.nodes.map((n) => n.host))} and the publisher's ${CPNS}.`,
        `Open port ${CPNS_INTERNAL_PORT} in the firewall between the nodes (\`ucadmin sim fault port-open ${CPNS_INTERNAL_PORT} ${blocked[0] ?? 'HOST'}\`).`,
      )
    },
  },
  serviceCondition('service-xcp-router', XCP_ROUTER, impOf, {im: ['xcp-router']}, 'Enable Push Notifications', (e) =>
    has(e, 'im'),
  ),
  serviceCondition(
    'service-xcp-config',
    XCP_CONFIG,
    impOf,
    {im: ['xcp-config-manager']},
    'Enable Push Notifications',
    (e) => has(e, 'im'),
  ),
  serviceCondition('service-lpns', LPNS, cucmOf, {local: ['lpns']}, 'LPNS Prerequisites', (e) => has(e, 'local')),
  {
    id: 'im-session',
    guide: 'Push Notifications High Availability for IM and Presence',
    // Per client (sim client list shows it): only a delivery to a simulated client evaluates it.
    hops: {im: ['xcp-router']},
    applies: (e) => e.mode === 'delivery' && e.session !== undefined,
    status: 503,
    reason: 'Service Unavailable',
    evaluate: (e) => e.session!,
  },
  {
    id: 'imp-messaging',
    guide: 'Push Notifications Prerequisites',
    hops: {im: ['xcp-router']},
    applies: (e) => has(e, 'im'),
    status: 503,
    reason: 'Service Unavailable',
    evaluate(e) {
      const off = [
        ['instant-messaging', 'Instant Messaging'],
        ['multiple-device-messaging', 'Multiple Device Messaging'],
        ['stream-management', 'Stream Management'],
      ].filter(([id]) => getParam(e.store, e.cluster, id) !== 'Enabled')
      return v(
        off.length === 0,
        off.length
          ? `IM and Presence messaging prerequisites missing: ${list(off.map((x) => x[1]))}.`
          : 'Instant Messaging, Multiple Device Messaging and Stream Management are enabled on IM and Presence.',
        `Enable them: ${off.map(([id]) => `\`ucadmin param messaging set ${id} Enabled\``).join(', ')}.`,
      )
    },
  },
  {
    id: 'push-ha',
    guide: 'Enable Push Notifications High Availability',
    // Failover, not delivery: src/features/paths/failover/imha.ts reads it (haStatus) when a node or router fails.
    hops: {},
    applies: (e) => has(e, 'im'),
    status: 503,
    reason: 'Service Unavailable',
    evaluate(e) {
      const ha = getParam(e.store, e.cluster, 'push-ha') === 'Enabled'
      return v(
        ha,
        ha
          ? 'Push Notifications High Availability is enabled on the Cisco XCP Router.'
          : 'Push Notifications High Availability is disabled (task flow step 4).',
        'Enable it: `ucadmin param service set "Cisco XCP Router" "Push Notifications High Availability" Enabled`, then restart Cisco XCP Router on every IM and Presence node.',
      )
    },
  },
  {
    id: 'voip-socket',
    guide: 'Push Notifications Prerequisites',
    hops: {call: ['device']},
    applies: (e) => e.jabberIos,
    status: 410,
    reason: 'Gone',
    evaluate(e) {
      // The user's jabber-config.xml (their UC Service Profile's Mobile UC service); the check: every profile in use.
      const cfgs =
        e.mode === 'check' && e.user === undefined
          ? configsInUse(e.store, e.cluster)
          : [jabberConfigFor(e.store, e.cluster, e.user)]
      const bad = cfgs.find((c) => c.values['enable-voip-socket'] !== 'false')
      const cfg = bad ?? cfgs[0]
      const voip = cfg.values['enable-voip-socket']
      const src = configSource(cfg)
      return v(
        voip === 'false',
        `EnableVoipSocket is ${voip}${src ? ` in the ${src}` : ''}${voip === 'false' ? '' : ': Voice Push Notifications to Jabber on iPhone and iPad do not work'}.`,
        `Set it to false: \`${jabberSetCommand(cfg, 'EnableVoipSocket', 'false')}\`.`,
      )
    },
  },
  {
    id: 'lpns-oauth',
    guide: 'Configure Wi-Fi SSID',
    hops: {local: ['lpns']},
    applies: (e) => has(e, 'local'),
    status: 401,
    reason: 'Unauthorized',
    evaluate(e) {
      const on = getParam(e.store, e.cluster, 'oauth-refresh-login-flow') === 'Enabled'
      return v(
        on,
        `OAuth with Refresh Login Flow is ${on ? 'Enabled' : 'Disabled'}${on ? '' : ': Local Push needs it (the client authenticates its WebSocket with an OAuth token)'}.`,
        'Enable it: `ucadmin param enterprise set "OAuth with Refresh Login Flow" Enabled`.',
      )
    },
  },
  {
    id: 'lpns-ssid',
    guide: 'Configure Wi-Fi SSID',
    hops: {local: ['device']},
    applies: (e) => has(e, 'local'),
    status: 404,
    reason: 'Not Found',
    evaluate(e) {
      // The user's LocalPushSSIDList: the UC service of their UC Service Profile (Associate Jabber Service Profile to
      // the End User); the same list the client's Local Push session reads (src/features/paths/calls/lpns.ts).
      if (e.mode === 'check' && e.user === undefined) return ssidCheck(e)
      const {ssids, config} = localPushSsidsFor(e.store, e.cluster, e.user)
      const src = configSource(config)
      const who = e.user ?? 'the client'
      if (ssids.length === 0)
        return v(
          false,
          src
            ? `No Wi-Fi SSID is provisioned for Local Push for ${who}: LocalPushSSIDList is empty (${src}).`
            : 'No Wi-Fi SSID is provisioned for Local Push (LocalPushSSIDList is empty).',
          src
            ? ssidFix(config, e.user, e.ssid ?? undefined)
            : 'Provision one: `ucadmin param jabber set LocalPushSSIDList HospitalWiFi`.',
        )
      if (e.ssid === null)
        return v(
          false,
          'The client is not on Wi-Fi: Local Push needs a provisioned Wi-Fi SSID.',
          `Provisioned SSIDs: ${list(ssids)}${src ? ` (${src})` : ''}.`,
        )
      if (e.ssid !== undefined && !ssidProvisioned(ssids, e.ssid))
        return v(
          false,
          `The client's Wi-Fi ${e.ssid} is not a provisioned SSID (${list(ssids)}${src ? `; ${src}` : ''}).`,
          ssidFix(config, e.user, e.ssid),
        )
      return v(
        true,
        `Local Push SSIDs: ${list(ssids)}${src ? ` (${src})` : ''}${e.ssid ? ` (the client is on ${e.ssid})` : ''}.`,
        null,
      )
    },
  },
  {
    id: 'expressway-mra',
    guide: 'Certificate Prerequisites',
    hops: {call: ['expressway-c'], im: ['expressway-c']},
    // The check reports it when simulated clients use MRA; a delivery when its client does.
    applies: (e) => (e.mode === 'delivery' ? e.mra : hasMraClients(e.store, e.cluster.id)),
    status: 502,
    reason: 'Bad Gateway',
    evaluate(e) {
      const ok = e.xw.deployed && e.xw.mra
      const who = e.mode === 'delivery' ? 'This push goes through Mobile and Remote Access,' : 'MRA clients exist,'
      return v(
        ok,
        ok
          ? 'Mobile and Remote Access is on in Expressway.'
          : `${who} but Mobile and Remote Access is ${e.xw.deployed ? 'off in Expressway' : 'not deployed (no Expressway)'}.`,
        e.xw.deployed
          ? 'Turn it on: `ucadmin expressway set mra on`.'
          : 'Deploy Expressway: `ucadmin expressway set deployed on`, then `ucadmin expressway set mra on`.',
      )
    },
  },
  {
    id: 'push-connection',
    guide: 'Push Notifications Troubleshooting (NAT and firewall idle timeout)',
    hops: {call: ['push-rest'], im: ['push-rest']},
    applies: (e) => natIdleTimeout(e.store, e.cluster.id) !== null,
    status: 502,
    reason: 'Bad Gateway',
    evaluate(e) {
      const minutes = natIdleTimeout(e.store, e.cluster.id)!
      const fix = `Keep idle TCP connections to push.webexconnect.com open for at least ${RECOMMENDED_IDLE_MINUTES} minutes in the NAT and firewall devices (\`ucadmin sim fault nat-idle-timeout off\`).`
      if (e.mode === 'check') {
        const ok = minutes >= RECOMMENDED_IDLE_MINUTES
        return v(
          ok,
          `The NAT/firewall idle timeout for connections to the Push REST service is ${minutes} minutes${ok ? '' : `: below the ${RECOMMENDED_IDLE_MINUTES} minutes the guide recommends, so an idle push connection is dropped and the next push fails (it is not retried on a new connection)`}.`,
          fix,
        )
      }
      const dropped = e.nodes.filter((n) => {
        const last = pushConnectionLastUsed(e.store, n)
        return last !== undefined && e.clock.now() - last > minutes * 60_000
      })
      return v(
        dropped.length === 0,
        dropped.length
          ? `The NAT dropped the push connection of ${list(dropped.map((n) => n.host))} after ${minutes} idle minutes: the push failed on it and is not retried on a new TCP connection.`
          : `The push connection is open (NAT idle timeout ${minutes} minutes).`,
        fix,
      )
    },
  },
  {
    id: 'expressway-release',
    guide: 'Minimum Releases and Feature Support for Push Notifications (Expressway)',
    hops: {call: ['expressway-c'], im: ['expressway-c']},
    applies: (e) => e.mra && e.xw.deployed,
    status: 502,
    reason: 'Bad Gateway',
    evaluate(e) {
      const version = expresswayVersion(e.store, e.cluster.id)
      const needs: Array<[string, string]> = []
      for (const p of e.platforms) {
        if (p === 'android') needs.push([EXPRESSWAY_MINIMUMS.android, 'Android (FCM)'])
        if (p === 'ios') needs.push([EXPRESSWAY_MINIMUMS.callKit, 'iOS 13 and above (CallKit)'])
        if (p === 'ios12' && has(e, 'call')) needs.push([EXPRESSWAY_MINIMUMS.calling, 'iOS 12 calls'])
        if (p === 'ios12' && has(e, 'im')) needs.push([EXPRESSWAY_MINIMUMS.messaging, 'iOS 12 messaging'])
      }
      const short = needs.filter(([min]) => !expresswayAtLeast(version, min))
      const target = short
        .map((x) => x[0])
        .reduce((a, b) => (expresswayAtLeast(a, b) ? a : b), short[0]?.[0] ?? CURRENT_EXPRESSWAY)
      return v(
        short.length === 0,
        short.length
          ? `Expressway runs ${version}: ${list(short.map(([min, what]) => `${what} over MRA needs ${min}`))}.`
          : `Expressway ${version} supports ${needs.length ? list(needs.map((x) => x[1])) : 'the clients in scope'} over MRA.`,
        `Upgrade Expressway (after the IM and Presence clusters): \`ucadmin expressway set version ${target}\`.`,
      )
    },
  },
  {
    id: 'certificates',
    guide: 'Certificate Prerequisites',
    hops: {call: ['expressway-c'], im: ['expressway-c']},
    applies: (e) => e.mra && e.xw.deployed && e.xw.mra,
    status: 495,
    reason: 'SSL Certificate Error',
    evaluate(e) {
      // The guide's Certificate Prerequisites (issue 20, item 19): CA-signed Tomcat and CallManager certificates with
      // the CA chain in tomcat-trust and on Expressway-C, or the self-signed certificates uploaded onto Expressway-C.
      const nodes = e.mode === 'check' ? listNodes(e.store, e.cluster.id) : e.nodes
      const problems = mraCertificateProblems(e.store, e.cluster, nodes)
      return v(
        problems.length === 0,
        problems.length
          ? `MRA is configured but ${problems.slice(0, 3).join('; ')}${problems.length > 3 ? `; and ${problems.length - 3} more` : ''}.`
          : 'MRA is configured and the certificates are exchanged with Expressway-C.',
        'Either CA-signed: `ucadmin cert csr tomcat --ca ROOT-CA.pem --all-nodes` (and `cert csr callmanager` on Unified CM), `ucadmin cert upload tomcat-trust ROOT-CA.pem --all-nodes`, `ucadmin expressway trust add ROOT-CA.pem`; or self-signed: `ucadmin expressway trust add --node-certs`.',
      )
    },
  },
  {
    id: 'upgrade-11.5(1)SU2',
    guide: 'Upgrades from 11.5(1)SU2 with Push Notifications Enabled',
    // The guide: push notifications continue to work; only troubleshooting logs cannot be sent (the upload path).
    hops: {upload: ['cmas']},
    applies: (e) => upgradedFromSu2(e.row, e.cluster),
    status: 403,
    reason: 'Forbidden',
    evaluate(e) {
      return v(
        false,
        `Push Notifications were enabled on 11.5(1)SU2 before the upgrade to ${e.cluster.version}; the API changed: pushes keep working, but troubleshooting logs cannot be sent to the Cisco Cloud until Push Notifications are disabled and onboarded again.`,
        'Disable Push Notifications (`ucadmin onboarding disable`) and onboard again.',
      )
    },
  },
  {
    id: 'voucher',
    guide: 'Enable Push Notifications',
    // The procedure only: an upgrade across 12.0 removes the PLM voucher and pushes keep working (APNS Voucher Generation).
    hops: {},
    status: 403,
    reason: 'Forbidden',
    evaluate(e) {
      return v(
        e.row.voucher !== null,
        e.row.voucher
          ? `Voucher generated (${e.row.voucher}).`
          : 'No voucher has been generated (Generate Voucher synchronizes system licensing).',
        'Run `ucadmin onboarding voucher`.',
      )
    },
  },
  {
    id: 'onboarding',
    guide: 'Enable Push Notifications',
    hops: {call: ['cpns'], im: ['xcp-config-manager'], local: ['lpns']},
    status: 403,
    reason: 'Forbidden',
    evaluate(e) {
      const status = statusText(e.store, e.cluster)
      const ok = status === STATUS.completed && e.row.push
      return v(
        ok,
        `Status: ${status}.${ok ? '' : ' Push Notifications need Cloud Onboarding Completed.'}`,
        nextOnboardingStep(status),
      )
    },
  },
  {
    id: 'restarts',
    guide: 'Enable Push Notifications',
    hops: {call: ['cpns'], im: ['xcp-config-manager']},
    status: 503,
    reason: 'Service Unavailable',
    evaluate(e) {
      const services =
        e.mode === 'check'
          ? undefined
          : [...(has(e, 'call') ? [CPNS] : []), ...(has(e, 'im') ? [XCP_CONFIG, XCP_ROUTER] : [])]
      // A delivery waits only for the restarts onboarding asks for; after a parameter change the service runs its old
      // configuration until it restarts, and pushes go on (issue 20, item 10). The check lists every restart owed.
      const pending = pendingRestarts(e.store, e.cluster).filter(
        (p) =>
          e.mode === 'check' ||
          (p.cause === 'onboarding' && services!.includes(p.service) && e.nodes.some((n) => n.host === p.node)),
      )
      const detail = pending.length
        ? `Restarts pending: ${list(pending.map((p) => `${p.service} on ${p.node}`))}${e.mode === 'delivery' ? ` (${pending[0].reason}), so it does not use the new configuration` : ''}.`
        : 'No restarts pending.'
      return v(
        pending.length === 0,
        detail,
        pending.length
          ? `Restart them: ${[...new Set(pending.map((p) => `\`ucadmin utils service restart ${p.service} --node ${p.node}\``))].slice(0, 3).join(', ')}${pending.length > 3 ? ', ...' : ''}.`
          : null,
      )
    },
  },
  {
    id: 'token',
    guide: 'Update Refresh Token Manually',
    hops: {call: ['common-identity'], im: ['common-identity']},
    applies: (e) => completed(e) && e.row.push,
    status: 400,
    reason: 'Bad Request',
    evaluate(e) {
      const nodes = e.nodes.filter((n) => n.state === 'up' && getService(e.store, n.id, isImp(n) ? XCP_CONFIG : CPNS))
      const bad = nodes.filter((n) => !tokenOk(e, n))
      const where = (n: NodeRow) => (isImp(n) ? 'epas/trace/xcpconfigmgr/log/' : 'cm/trace/ccmpns/log4j/')
      const svc = (n: NodeRow) => (isImp(n) ? XCP_CONFIG : CPNS)
      const unloaded = bad.filter((n) => getNodeToken(e.store, n.id).loadedAt === null)
      const detail = !bad.length
        ? `The machine access token is valid on ${e.mode === 'check' ? 'every node' : list(nodes.map((n) => n.host))}.`
        : unloaded.length === bad.length
          ? `No machine access token on ${list(bad.map((n) => n.host))}: ${svc(bad[0])} has not loaded the refresh token since onboarding (it loads it when it starts).`
          : `The machine access token cannot be obtained on ${list(bad.map((n) => n.host))}: the Common Identity service refuses the refresh token ${isImp(bad[0]) ? 'XCP Config Manager' : 'CPNS'} loaded (see \`file tail activelog ${where(bad[0])}\`).`
      return v(
        bad.length === 0,
        detail,
        unloaded.length === bad.length && bad.length
          ? `Restart it: \`ucadmin utils service restart ${svc(bad[0])} --node ${bad[0].host}\`.`
          : tokenProcedureFix(e.store, e.cluster),
      )
    },
  },
  {
    id: 'oauth-refresh',
    guide: 'Confirm OAuth Configuration in Expressway',
    hops: {call: ['expressway-c'], im: ['expressway-c']},
    applies: (e) => e.mra && e.xw.deployed,
    status: 401,
    reason: 'Unauthorized',
    evaluate(e) {
      const cucmOn = getParam(e.store, e.cluster, 'oauth-refresh-login-flow') === 'Enabled'
      const ok = cucmOn === e.xw.oauthRefresh
      return v(
        ok,
        `OAuth with Refresh Login Flow is ${cucmOn ? 'Enabled' : 'Disabled'} on Unified CM and "Authorize by OAuth token with refresh" is ${e.xw.oauthRefresh ? 'On' : 'Off'} on Expressway${ok ? '' : ': a configuration mismatch'}.`,
        cucmOn
          ? 'Turn it on in Expressway: `ucadmin expressway set oauth-refresh on`.'
          : 'Enable it on Unified CM (recommended): `ucadmin param enterprise set "OAuth with Refresh Login Flow" Enabled`, or turn it off on Expressway: `ucadmin expressway set oauth-refresh off`.',
      )
    },
  },
  {
    id: 'expressway-refresh',
    guide: 'Refresh Settings from Expressway-C',
    hops: {im: ['expressway-c']},
    applies: (e) => e.mra && e.xw.deployed && completed(e),
    status: 502,
    reason: 'Bad Gateway',
    evaluate(e) {
      const ok = expresswayState(e.row, e.xw).refreshed
      return v(
        ok,
        ok
          ? 'Expressway-C refreshed the Unified CM servers after onboarding.'
          : 'Expressway-C has not refreshed the Unified CM servers since onboarding (task flow step 6).',
        'Run `ucadmin expressway refresh-servers`.',
      )
    },
  },
  {
    id: 'expressway-restart-c',
    guide: 'Refresh Settings from Expressway-C',
    hops: {im: ['expressway-c']},
    applies: (e) => e.mra && e.xw.deployed && completed(e),
    status: 502,
    reason: 'Bad Gateway',
    evaluate(e) {
      const s = expresswayState(e.row, e.xw)
      return v(
        s.cRestarted,
        s.cRestarted
          ? 'Expressway-C was restarted after the refresh.'
          : 'Expressway-C must be restarted after the refresh (a restart before it does not count); until then it does not recognise push on IM and Presence.',
        s.refreshed
          ? 'Run `ucadmin expressway restart c`.'
          : 'Refresh first (`ucadmin expressway refresh-servers`), then `ucadmin expressway restart c`.',
      )
    },
  },
  {
    id: 'expressway-restart-e',
    guide: 'Restart Expressway-E',
    hops: {im: ['expressway-e']},
    applies: (e) =>
      e.mra && e.xw.deployed && completed(e) && (e.mode === 'delivery' || listNodes(e.store, e.cluster.id).some(isImp)),
    status: 502,
    reason: 'Bad Gateway',
    evaluate(e) {
      const s = expresswayState(e.row, e.xw)
      return v(
        s.eRestarted,
        s.eRestarted
          ? 'Expressway-E was restarted after the refresh.'
          : 'Expressway-E must be restarted, after the refresh, for Push Notifications with instant messages (task flow step 7).',
        s.refreshed
          ? 'Run `ucadmin expressway restart e`.'
          : 'Refresh first (`ucadmin expressway refresh-servers`), restart Expressway-C, then `ucadmin expressway restart e`.',
      )
    },
  },
]

/** Expressway knows about push only after Refresh Servers (after onboarding), then a restart of C, then of E. */
export function expresswayState(
  row: OnboardingRow,
  xw: ExpresswayRow,
): {refreshed: boolean; cRestarted: boolean; eRestarted: boolean} {
  const since = row.completedAt ?? 0
  const refreshed = xw.refreshedAt !== null && xw.refreshedAt >= since
  const after = (seq: number | null) => refreshed && seq !== null && xw.refreshedSeq !== null && seq > xw.refreshedSeq
  const cRestarted = after(xw.cRestartedSeq)
  return {
    refreshed,
    cRestarted,
    eRestarted: cRestarted && after(xw.eRestartedSeq) && xw.eRestartedSeq! > xw.cRestartedSeq!,
  }
}

/** Push Notifications were enabled on 11.5(1)SU2 and the cluster was upgraded without re-onboarding. */
export function upgradedFromSu2(row: OnboardingRow, cluster: ClusterRow): boolean {
  return row.phase === 'completed' && row.subscribedRelease === '11.5(1)SU2' && cluster.version !== '11.5(1)SU2'
}

export const CONDITION_IDS = CONDITIONS.map((c) => c.id)

/** Checks condition ids given in a filter (--condition): unknown ones are bad input. */
export function checkConditionIds(ids: string[]): string[] {
  const out: string[] = []
  for (const raw of ids
    .flatMap((x) => x.split(','))
    .map((x) => x.trim())
    .filter(Boolean)) {
    if (!CONDITION_IDS.includes(raw)) {
      const near = suggest(raw, CONDITION_IDS)
      throw new UsageError(`Unknown condition "${raw}".`, {
        code: 'UNKNOWN_CONDITION',
        fix: near.length ? `Did you mean "${near[0]}"?` : `Conditions: ${CONDITION_IDS.join(', ')}.`,
      })
    }
    if (!out.includes(raw)) out.push(raw)
  }
  return out
}

export function baseEnv(
  store: Store,
  clock: Pick<Clock, 'now'>,
  cluster: ClusterRow,
): Pick<Env, 'store' | 'clock' | 'cluster' | 'release' | 'row' | 'xw' | 'proxy'> {
  const row = getOnboarding(store, cluster.id)
  return {
    store,
    clock,
    cluster,
    release: parseRelease(cluster.version),
    row,
    xw: getExpressway(store, cluster.id),
    proxy: proxyOf(row),
  }
}

/** The check's scope: every node of the cluster, every kind of path the deployment has. */
export function checkEnv(store: Store, clock: Clock, cluster: ClusterRow, platforms: Platform[]): Env {
  const base = baseEnv(store, clock, cluster)
  const nodes = listNodes(store, cluster.id)
  // Local Push is not for IM and Presence messaging: a check of --platform lpns alone has no IM-only checks.
  const im = nodes.some(isImp) && platforms.some((p) => p !== 'lpns')
  const kinds: PathKind[] = [
    'call',
    ...(im ? (['im'] as const) : []),
    ...(platforms.includes('lpns') ? (['local'] as const) : []),
    ...CLOUD_PATH_KINDS,
  ]
  // MRA is in the check's scope when Expressway is deployed and MRA is on or simulated clients use it (issue 20, item
  // 14): with MRA off and no MRA clients, the Expressway steps and the OAuth setting block nothing.
  const mra = base.xw.deployed && (base.xw.mra || hasMraClients(store, cluster.id))
  return {...base, mode: 'check', kinds, nodes, platforms, jabberIos: platforms.includes('ios'), mra}
}

export interface Evaluated extends Verdict {
  id: string
}

/** The check: every condition that applies to the cluster, in order. */
export function evaluateAll(env: Env, only?: string[]): Evaluated[] {
  const out: Evaluated[] = []
  for (const c of CONDITIONS) {
    if (only && only.length && !only.includes(c.id)) continue
    const onScope = Object.keys(c.hops).length === 0 || env.kinds.some((k) => c.hops[k])
    if (!onScope || (c.applies && !c.applies(env))) continue
    out.push({id: c.id, ...c.evaluate(env)})
  }
  return out
}

/** The conditions sitting on one hop of a path, evaluated for that path's scope. */
export function evaluateHop(env: Env, kind: PathKind, hop: HopId): Array<Evaluated & {condition: Condition}> {
  const out: Array<Evaluated & {condition: Condition}> = []
  const at = {...env, hop}
  for (const c of CONDITIONS) {
    if (!c.hops[kind]?.includes(hop)) continue
    if (c.applies && !c.applies(at)) continue
    out.push({id: c.id, condition: c, ...c.evaluate(at)})
  }
  return out
}

export function nextOnboardingStep(status: string): string {
  switch (status) {
    case STATUS.tomcat:
      return 'Restart Cisco Tomcat on every node: `ucadmin utils service restart Cisco Tomcat --all-nodes`, then `ucadmin onboarding save`.'
    case STATUS.pending:
      return 'Save the page again with the boxes still checked: `ucadmin onboarding save --push on --manage-certs on`.'
    default:
      return 'Generate the voucher and enable push: `ucadmin onboarding voucher`, then `ucadmin onboarding save --push on --manage-certs on`.'
  }
}

/**
 * How to repair a refused refresh token (the guide's "Update Refresh Token Manually"): `token procedure` copies the
 * token of a second, onboarded cluster of the same release; the fix names one, or says how to make one.
 */
export function tokenProcedureFix(store: Store, cluster: ClusterRow): string {
  const sources = listClusters(store).filter(
    (c) => c.id !== cluster.id && c.version === cluster.version && isOnboarded(store, c),
  )
  if (sources.length) {
    return `Update it: \`ucadmin token procedure --cluster ${cluster.name} --source-cluster ${sources[0].name}\` (copies the refresh token of ${sources[0].name}, an onboarded cluster of the same release).`
  }
  const taken = new Set(listClusters(store).map((c) => c.name.toLowerCase()))
  let name = 'new-server'
  for (let i = 2; taken.has(name); i++) name = `new-server${i}`
  return (
    `Update it with \`ucadmin token procedure\`, which copies the refresh token of a second onboarded cluster of the same release (${cluster.version}): ` +
    `create one (\`ucadmin cluster create ${name} --version '${cluster.version}' --publisher ${name}-pub\`), onboard it (\`ucadmin onboarding wizard --cluster ${name} --yes\`), ` +
    `then \`ucadmin token procedure --cluster ${cluster.name} --source-cluster ${name}\`.`
  )
}
