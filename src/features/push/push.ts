import type {ClusterRow, NodeRow} from '../cluster/store.js'
import type {Store} from '../../store/store.js'

import {reachability} from '../cluster/store.js'
import {getOnboarding} from '../onboarding/store.js'
import {startedSince} from '../services/store.js'
import type {Clock} from '../clock/clock.js'
import {UsageError} from '../../core/errors.js'
import {CPNS, XCP_CONFIG, XCP_ROUTER, isOnboarded} from '../onboarding/onboarding.js'
import {minimumText, parseRelease, supports} from '../cluster/releases.js'
import {isRunning} from '../services/services.js'
import {raiseAlarm} from '../alarms/alarms.js'
import {ensureAccessToken} from '../tokens/tokens.js'
import {trace} from '../traces/traces.js'
import {isImp} from '../cluster/topology.js'

export type PushPlatform = 'ios' | 'android'

export interface PushResult {
  status: number
  reason: string | null
  detail: string
  node: string
  platform: PushPlatform
  /** The node the client should register to (12.5(1)SU3 and later). */
  activeNode?: string
}

export function checkPushPlatform(p: string): PushPlatform {
  if (p !== 'ios' && p !== 'android') throw new UsageError(`Unknown platform "${p}".`, {fix: 'Use --platform ios or --platform android.'})
  return p
}

/**
 * A test push through the node's Push Notification Service (or, on an IM and Presence node, its XCP Router): 200 only
 * when the cluster is onboarded, the service runs and was restarted since the page was last saved, the cloud is
 * reachable and the release supports the platform.
 */
export function testPush(store: Store, clock: Clock, cluster: ClusterRow, node: NodeRow, platform: PushPlatform): PushResult {
  const base = {node: node.host, platform}
  const fail = (status: number, reason: string, detail: string): PushResult => {
    if (node.state === 'up') {
      trace(store, clock, node, isImp(node) ? XCP_CONFIG : CPNS, 'ERROR', `Push notification to ${platform} failed: ${status} ${reason}`)
      raiseAlarm(store, clock, node, {severity: 'Error', name: 'PushNotificationSendFailed', message: `A push notification to ${platform} failed: ${status} ${reason}.`})
    }
    return {...base, status, reason, detail}
  }
  if (node.state !== 'up') return fail(503, 'Service Unavailable', `${node.host} is ${node.state}.`)
  const release = parseRelease(cluster.version)
  if (!supports(release, platform)) {
    return fail(501, 'Not Implemented', `${platform === 'ios' ? 'iOS 13 and above' : 'Android'} push needs ${minimumText(platform)}; this cluster runs ${cluster.version}.`)
  }
  if (!isOnboarded(store, cluster)) return fail(403, 'Forbidden', 'The cluster is not onboarded for Push Notifications (Cloud Onboarding is not Completed).')
  const row = getOnboarding(store, cluster.id)
  const services = isImp(node) ? [XCP_CONFIG, XCP_ROUTER] : [CPNS]
  for (const s of services) {
    if (!isRunning(store, node, s)) return fail(503, 'Service Unavailable', `${s} is not running on ${node.host}.`)
    const mark = isImp(node) ? (row.completedMark ?? 0) : (row.savedMark ?? 0)
    if (!startedSince(store, node.id, s, mark)) {
      return fail(503, 'Service Unavailable', `${s} on ${node.host} has not been restarted since the Cisco Cloud Onboarding page was saved, so it does not use the new configuration.`)
    }
  }
  const r = reachability(store, node.id)
  if (r.get('idbroker.webex.com') === false) return fail(504, 'Gateway Timeout', `idbroker.webex.com is not reachable on port 443 from ${node.host}: no access token can be fetched.`)
  if (!ensureAccessToken(store, clock, node)) {
    return fail(400, 'Bad Request', `The machine access token cannot be obtained: the Common Identity service refuses the refresh token ${isImp(node) ? 'XCP Config Manager' : 'CPNS'} loaded (see \`file tail activelog ${isImp(node) ? 'epas/trace/xcpconfigmgr/log/' : 'cm/trace/ccmpns/log4j/'}\`). Update it: \`ucadmin token procedure\`.`)
  }
  if (r.get('push.webexconnect.com') === false) return fail(504, 'Gateway Timeout', `push.webexconnect.com is not reachable on port 443 from ${node.host}.`)
  trace(store, clock, node, isImp(node) ? XCP_CONFIG : CPNS, 'INFO', `Push notification sent to ${platform}: 200 OK`)
  return {...base, status: 200, reason: null, detail: 'Push notification accepted by the Push REST service.', ...(supports(release, 'registration-node') && !isImp(node) ? {activeNode: node.host} : {})}
}
