import type {ClientRow} from '../failover/store.js'
import type {Clock} from '../../world/clock/clock.js'
import type {Store} from '../../../store/store.js'

import {type Channel, type MdmDecision, callShown, callerIdFor, mdmDecision, messageShown} from './rules.js'
import {type LocalPushView, localPushView, specOf} from './lpns.js'
import {
  type ClientExtras,
  type DesktopRow,
  type LpnsSessionRow,
  allClientExtras,
  allLpnsSessions,
  clientExtras,
  desktopsOf,
  inActiveCall,
  listDesktops,
  usersInCall,
} from './store.js'
import {type ClusterRow, clusterById} from '../../world/cluster/store.js'
import {parseRelease} from '../../world/cluster/releases.js'
import {iso} from '../../../core/time.js'
import {DEFAULT_PROFILE, userProfileName, userProfileNames} from '../../guide/onboarding/service-profiles.js'

/** What issue 12 adds to a client's view (`sim client list`) and to its pushes (channel, CallKit, display). */

export interface ClientCallsView {
  version: string
  os: string
  region: 'global' | 'china'
  ssid: string | null
  /** The end user's UC Service Profile (Default: the system default): its jabber-config.xml gives LocalPushSSIDList. */
  serviceProfile: string
  signedIn: boolean
  /** Jabber presence: Available in foreground, Away while suspended ("While the client is in background mode, the Presence status is Away"), Offline signed out or without a session; null for the Webex App (Webex cloud). */
  presence: 'Available' | 'Away' | 'Offline' | null
  lastActiveAt: string | null
  inCall: boolean
  localPush: LocalPushView
  desktops: Array<{platform: 'windows' | 'mac'; signedIn: boolean; lastActiveAt: string}>
}

/** What a list of clients reads once for all of them (instead of a few queries per client). */
export interface CallsListContext {
  cluster: ClusterRow
  extras: Map<number, ClientExtras>
  sessions: Map<number, LpnsSessionRow>
  desktops: Map<string, DesktopRow[]>
  inCall: Set<string>
  /** UC Service Profiles other than the system default, by lower-case user. */
  profiles: Map<string, string>
}

export function callsListContext(store: Store, clock: Clock, cluster: ClusterRow): CallsListContext {
  const desktops = new Map<string, DesktopRow[]>()
  for (const d of listDesktops(store, cluster.id))
    desktops.set(d.user.toLowerCase(), [...(desktops.get(d.user.toLowerCase()) ?? []), d])
  return {
    cluster,
    extras: allClientExtras(store, cluster.id),
    sessions: allLpnsSessions(store, cluster.id),
    desktops,
    inCall: usersInCall(store, cluster.id, clock.now()),
    profiles: userProfileNames(store, cluster),
  }
}

export function clientCallsView(store: Store, clock: Clock, c: ClientRow, ctx?: CallsListContext): ClientCallsView {
  const x = ctx?.extras.get(c.id) ?? clientExtras(store, c.id)
  const spec = specOf(c, x)
  const cluster = ctx?.cluster ?? clusterById(store, c.clusterId)!
  let presence: ClientCallsView['presence'] = null
  if (c.app === 'jabber')
    presence = x.signedOut || c.sessionNodeId === null ? 'Offline' : c.mode === 'suspended' ? 'Away' : 'Available'
  return {
    version: spec.version,
    os: spec.os,
    region: spec.region,
    ssid: x.ssid,
    serviceProfile: ctx
      ? (ctx.profiles.get(c.user.toLowerCase()) ?? DEFAULT_PROFILE)
      : userProfileName(store, cluster, c.user),
    signedIn: !x.signedOut,
    presence,
    lastActiveAt: x.lastActiveAt === null ? null : iso(x.lastActiveAt),
    inCall: ctx ? ctx.inCall.has(c.user.toLowerCase()) : inActiveCall(store, c.clusterId, c.user, clock.now()),
    localPush: ctx
      ? localPushView(store, clock, cluster, c, x, {session: ctx.sessions.get(c.id)})
      : localPushView(store, clock, cluster, c, x),
    desktops: (ctx ? (ctx.desktops.get(c.user.toLowerCase()) ?? []) : desktopsOf(store, c.clusterId, c.user)).map(
      (d) => ({platform: d.platform, signedIn: d.signedIn, lastActiveAt: iso(d.lastActiveAt)}),
    ),
  }
}

/** Multiple Device Messaging for an IM to this (suspended) mobile client: does the push go to it? */
export function mdmFor(store: Store, clock: Clock, c: ClientRow): MdmDecision {
  const x = clientExtras(store, c.id)
  const desktops = desktopsOf(store, c.clusterId, c.user)
  return mdmDecision(
    clock.now(),
    {platform: c.platform, lastActiveAt: x.lastActiveAt ?? c.createdAt},
    desktops,
    inActiveCall(store, c.clusterId, c.user, clock.now()),
  )
}

export interface PushShown {
  channel: Channel
  callKit: boolean
  display: string
}

/** What the device shows for a push that was delivered (status 200), or that nothing shows. */
export function shownFor(
  store: Store,
  c: ClientRow,
  kind: 'call' | 'message',
  status: number,
  from = 'ucadmin',
  local = false,
): PushShown {
  const x = clientExtras(store, c.id)
  const spec = specOf(c, x)
  const release = parseRelease(clusterById(store, c.clusterId)!.version)
  const s =
    kind === 'message'
      ? messageShown(spec, from)
      : callShown(
          release,
          spec,
          callerIdFor(release, {user: from, displayName: null, number: null, externalName: null, externalNumber: null}),
          local,
        )
  return status === 200
    ? {channel: s.channel, callKit: s.callKit, display: s.display}
    : {channel: s.channel, callKit: false, display: 'nothing: the push was not delivered'}
}

export interface DesktopView {
  user: string
  platform: 'windows' | 'mac'
  signedIn: boolean
  lastActiveAt: string
}

/** Every Jabber for desktop client of the cluster (`sim client list`). */
export function desktopViews(store: Store, cluster: ClusterRow): DesktopView[] {
  return listDesktops(store, cluster.id).map((d) => ({
    user: d.user,
    platform: d.platform,
    signedIn: d.signedIn,
    lastActiveAt: iso(d.lastActiveAt),
  }))
}
