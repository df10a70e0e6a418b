import type {Release} from '../../world/cluster/releases.js'

import {UsageError} from '../../../core/errors.js'
import {supports} from '../../world/cluster/releases.js'

/**
 * What a Jabber or Webex App user experiences, as the Push Notifications guide states it: the call timers, the
 * client support matrix, what the device shows by release and client, Multiple Device Messaging, Local Push
 * keepalives. Pure rules: every number here is the guide's, except the few marked as simulator assumptions.
 */

/** Voice calls: "After 5 seconds, if Unified CM hasn't received a ring back from the iOS device, Unified CM provides a ring on the calling device." */
export const RINGBACK_AFTER_S = 5
/** Voice calls: "Unified CM drops the call after 13 seconds"; Apple Push: the missed-call push "if the push-enabled device does not register an incoming call within 13 seconds"; China region: 13 seconds to tap the toast. */
export const DROP_AFTER_S = 13
/** Multiple Device Messaging: the desktop client "was inactive for over 300 seconds". */
export const DESKTOP_INACTIVE_S = 300
/** How Local Push Connectivity Works: a keepalive every 120 seconds; none within 120 seconds closes the session (401). */
export const KEEPALIVE_S = 120
/** Open Ports for LPNS: Webex App to Unified CM, 9560 secure WebSocket. */
export const LPNS_PORT = 9560

/**
 * Simulator assumptions (the guide gives no numbers): a cloud push (APNS/FCM) reaches the device 2 s after Unified
 * CM sends it ("with APNS a call is received after a few seconds delay caused by network latency"); a Local Push
 * over the WebSocket at once; a registration to a node takes 2 s; a client that hunts its device pool (before
 * 12.5(1)SU3 the push does not name the active node) waits 5 s for each node of the group that does not answer.
 */
export const CLOUD_PUSH_S = 2
export const LOCAL_PUSH_S = 0
export const REGISTER_S = 2
export const HUNT_TIMEOUT_S = 5
/** Defaults of `sim call`: the user answers 2 s after the device shows the call; an answered call lasts 60 s; with --no-answer the caller hangs up after 30 s. */
export const DEFAULT_ANSWER_AFTER_S = 2
export const DEFAULT_DURATION_S = 60
export const DEFAULT_HANG_UP_AFTER_S = 30

export type MobilePlatform = 'ios' | 'android'
export type App = 'jabber' | 'webex'
export type Region = 'global' | 'china'
export type Channel = 'voip' | 'message' | 'single'

// ---------------------------------------------------------------------------------------------------------------
// Versions and the support matrix (Table 1, Minimum Releases)

/** A client or OS version: 12.9, 12.9.1, 43.6, 16.5; "12.9 MR" is accepted as 12.9 (a maintenance release of it). */
export function parseVersion(what: string, text: string): number[] {
  const t = text.trim().replace(/\s*MR$/i, '')
  if (!/^\d{1,3}(\.\d{1,4}){0,3}$/.test(t))
    throw new UsageError(`"${text}" is not a ${what} version.`, {
      code: 'BAD_VERSION',
      fix: `Give a version such as ${what === 'iOS' ? '17 or 16.5' : what === 'Android' ? '14 or 8.0' : '14.2 or 12.9.1'}.`,
    })
  return t.split('.').map(Number)
}

export function compareVersions(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}

const at = (v: string, min: string) => compareVersions(parseVersion('client', v), parseVersion('client', min)) >= 0

/** The client when no --version is given: a current release. */
export const CURRENT_VERSION: Record<App, string> = {jabber: '15.0', webex: '44.6'}
export const CURRENT_OS: Record<MobilePlatform, string> = {ios: '17', android: '14'}

/** Table 1 (Support Matrix for APNS and LPNS) and Minimum Releases, per app and platform. */
export const CLIENT_MINIMUMS = {
  /** Apple APNS calling (Jabber 11.9.0, iOS 12 minimum release "Cisco Jabber 11.9"; Webex App 40.6); Android FCM (Jabber 12.9.1, Webex App 40.8). */
  supported: {ios: {jabber: '11.9', webex: '40.6'}, android: {jabber: '12.9.1', webex: '40.8'}},
  /** Apple APNS CallKit (iOS 13): Jabber 12.9, Webex App 40.6. */
  callKit: {jabber: '12.9', webex: '40.6'},
  /** Apple APNS China region: Jabber 12.9 MR, Webex App 41.4. */
  china: {jabber: '12.9', webex: '41.4'},
  /** Apple LPNS (iOS 16.5): Jabber 14.2, Webex App 43.6. */
  lpns: {jabber: '14.2', webex: '43.6'},
} as const
export const OS_MINIMUMS = {ios: '12', android: '8.0', callKit: '13', lpns: '16.5'} as const

const appName = (app: App) => (app === 'jabber' ? 'Cisco Jabber' : 'Webex App')
const minText = (app: App, v: string, china = false) => (app === 'jabber' && china ? `${v} MR` : v)

export interface ClientSpec {
  app: App
  platform: MobilePlatform
  version: string
  os: string
  region: Region
}

/** Checks a mobile client against the support matrix; a too-old client or OS, or China on Android, is bad input naming the minimum. */
export function checkClientSpec(s: ClientSpec): void {
  const min = CLIENT_MINIMUMS.supported[s.platform][s.app]
  if (!at(s.version, min)) {
    throw new UsageError(
      `${appName(s.app)} ${s.version} on ${s.platform === 'ios' ? 'iOS' : 'Android'} does not support Push Notifications: the minimum is ${min}.`,
      {
        code: 'CLIENT_TOO_OLD',
        fix: `Use --version ${min} or later.`,
      },
    )
  }
  const osMin = OS_MINIMUMS[s.platform]
  if (compareVersions(parseVersion(s.platform === 'ios' ? 'iOS' : 'Android', s.os), parseVersion('OS', osMin)) < 0) {
    throw new UsageError(
      `${s.platform === 'ios' ? 'iOS' : 'Android'} ${s.os} is too old for Push Notifications: the minimum is ${s.platform === 'ios' ? 'iOS' : 'Android'} ${osMin}.`,
      {code: 'OS_TOO_OLD', fix: `Use --os ${osMin} or later.`},
    )
  }
  if (s.region === 'china') {
    if (s.platform !== 'ios')
      throw new UsageError('China region Push Notification is for iOS devices only: it is not supported on Android.', {
        code: 'BAD_REGION',
        fix: 'Drop --region china, or use --platform ios.',
      })
    const cmin = CLIENT_MINIMUMS.china[s.app]
    if (!at(s.version, cmin)) {
      throw new UsageError(
        `${appName(s.app)} ${s.version} does not support the Mainland China region: the minimum is ${appName(s.app)} ${minText(s.app, cmin, true)}.`,
        {code: 'CLIENT_TOO_OLD', fix: `Use --version ${cmin} or later.`},
      )
    }
    if (compareVersions(parseVersion('iOS', s.os), parseVersion('iOS', OS_MINIMUMS.callKit)) < 0) {
      throw new UsageError(`China region Push Notification is for iOS 13 and above; this device runs iOS ${s.os}.`, {
        code: 'OS_TOO_OLD',
        fix: 'Use --os 13 or later.',
      })
    }
  }
}

export function checkRegion(text: string | undefined): Region {
  if (text === undefined) return 'global'
  const r = text.trim().toLowerCase()
  if (r !== 'global' && r !== 'china')
    throw new UsageError(`Unknown region "${text}".`, {
      code: 'BAD_REGION',
      fix: 'Use --region china (Mainland China) or --region global.',
    })
  return r
}

/** iOS 13 behaviour (separate VoIP and message channels, CallKit): iOS 13 or later, and an app built for it. */
export function iosThirteen(s: ClientSpec): boolean {
  return (
    s.platform === 'ios' && compareVersions(parseVersion('iOS', s.os), parseVersion('iOS', OS_MINIMUMS.callKit)) >= 0
  )
}

export function appHasCallKit(s: ClientSpec): boolean {
  return iosThirteen(s) && at(s.version, CLIENT_MINIMUMS.callKit[s.app])
}

/** Why the client cannot hold a Local Push session, from the client alone (the cluster's side is in lpns.ts). */
export function lpnsClientProblem(s: ClientSpec & {mra: boolean}): string | null {
  if (s.platform !== 'ios') return 'LPNS is not supported on Android devices'
  if (s.mra) return 'LPNS is not supported for MRA users (they use APNS)'
  if (compareVersions(parseVersion('iOS', s.os), parseVersion('iOS', OS_MINIMUMS.lpns)) < 0)
    return `LPNS needs iOS ${OS_MINIMUMS.lpns} or later (the device runs iOS ${s.os})`
  const min = CLIENT_MINIMUMS.lpns[s.app]
  if (!at(s.version, min)) return `LPNS needs ${appName(s.app)} ${min} or later (the client is ${s.version})`
  return null
}

// ---------------------------------------------------------------------------------------------------------------
// What the device shows

export interface CallerId {
  name: string
  number: string | null
  /** External Presentation Name and Number shown instead of the original ones. */
  external: boolean
}

export interface Shown {
  channel: Channel
  callKit: boolean
  /** What the device showed, in words. */
  display: string
  /** The device showed something (false: it shows nothing, so the user cannot answer). */
  shown: boolean
  /** The user must tap the notification for the app to register (China region toast). */
  tapToAnswer: boolean
  /** The app registers on its own when the push arrives (CallKit, iOS 12-style notification, Android). */
  autoRegister: boolean
}

export interface CallerLine {
  user: string
  displayName: string | null
  number: string | null
  externalName: string | null
  externalNumber: string | null
}

/** Caller ID in the push: the caller's name and number, or the External Presentation Name and Number where configured and the release supports it. */
export function callerIdFor(release: Release, caller: CallerLine): CallerId {
  if (!supports(release, 'caller-id'))
    return {name: caller.displayName ?? caller.user, number: caller.number, external: false}
  if ((caller.externalName || caller.externalNumber) && supports(release, 'external-presentation')) {
    return {
      name: caller.externalName ?? caller.displayName ?? caller.user,
      number: caller.externalNumber ?? caller.number,
      external: true,
    }
  }
  return {name: caller.displayName ?? caller.user, number: caller.number, external: false}
}

export const idText = (id: CallerId) => (id.number && id.number !== id.name ? `${id.name} (${id.number})` : id.name)

/**
 * The device's view of a call push (Push Notifications Behavior, Apple Push Notification, iOS13 Push Notification
 * (China Region), Comparison of Push Notification Calling Experience): iOS 13+ with a CallKit app gets the VoIP
 * channel and CallKit with caller ID (always as a video call); an iOS 12 device gets the single channel; Jabber 12.8
 * and earlier registers and shows the call in the app; Mainland China shows a message toast with caller ID; Android
 * gets the VoIP (FCM) push with caller ID.
 */
export function callShown(release: Release, s: ClientSpec, id: CallerId, local: boolean): Shown {
  const who = idText(id)
  const base = {shown: true, tapToAnswer: false, autoRegister: true}
  if (s.platform === 'android')
    return {
      ...base,
      channel: 'voip',
      callKit: false,
      display: `Incoming call notification from ${who}; the app registers to take the call`,
    }
  if (!iosThirteen(s)) {
    if (!supports(release, 'ios12')) {
      return {
        ...base,
        channel: 'single',
        callKit: false,
        shown: false,
        autoRegister: false,
        display: `Nothing: ${release.name} has no iOS 12 support (Feature Support table; field notice FN70555)`,
      }
    }
    return {
      ...base,
      channel: 'single',
      callKit: false,
      display: `Notification on the single push channel: the app registers and shows the call from ${who}`,
    }
  }
  if (s.region === 'china' && !local) {
    if (!supports(release, 'china-region')) {
      return {
        ...base,
        channel: 'voip',
        callKit: false,
        shown: false,
        autoRegister: false,
        display: `Nothing: a Mainland China client cannot show CallKit, and China region push needs 12.5(1)SU3 or 14 (the cluster runs ${release.name})`,
      }
    }
    return {
      ...base,
      channel: 'voip',
      callKit: false,
      tapToAnswer: true,
      autoRegister: false,
      display: `Message toast: incoming call from ${who}; tap it within ${DROP_AFTER_S} s to answer (no CallKit in Mainland China)`,
    }
  }
  if (!appHasCallKit(s)) {
    return {
      ...base,
      channel: 'voip',
      callKit: false,
      display: `Notification: the app (built before CallKit) registers and shows the call from ${who} in it`,
    }
  }
  return {
    ...base,
    channel: 'voip',
    callKit: true,
    display: `CallKit incoming video call: ${who}${local ? ' (Local Push)' : ''}`,
  }
}

/** A second push about a call: missed (caller hung up, or not registered within 13 s) or answered on a shared line elsewhere. */
export function secondPushShown(
  s: ClientSpec,
  id: CallerId,
  kind: 'missed' | 'answered-elsewhere',
  where?: string,
): {channel: Channel; callKit: boolean; display: string} {
  const channel: Channel = s.platform === 'ios' && !iosThirteen(s) ? 'single' : 'message'
  if (kind === 'answered-elsewhere')
    return {
      channel,
      callKit: false,
      display: `Call from ${idText(id)} answered on another device${where ? ` (${where})` : ''}`,
    }
  return {channel, callKit: false, display: `Missed call from ${idText(id)}`}
}

/** The device's view of an IM push (Jabber only): the message channel (iOS 13+, Android), or the single channel of iOS 12. */
export function messageShown(s: ClientSpec, from: string): {channel: Channel; callKit: boolean; display: string} {
  const channel: Channel = s.platform === 'ios' && !iosThirteen(s) ? 'single' : 'message'
  return {
    channel,
    callKit: false,
    display: `Message notification: new message from ${from}; tap it to open Jabber and download it`,
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Multiple Device Messaging

export interface DesktopState {
  platform: 'windows' | 'mac'
  signedIn: boolean
  lastActiveAt: number
}

export type MdmRule =
  | 'mobile-only'
  | 'desktop-signed-out'
  | 'mobile-last-active'
  | 'desktop-inactive'
  | 'windows-ios-in-call'
  | 'desktop-active'

export interface MdmDecision {
  pushToMobile: boolean
  rule: MdmRule
  detail: string
}

/**
 * Multiple Device Messaging: a user on Jabber for desktop and for mobile gets the IM push on mobile only when the
 * mobile client was the last one used, the desktop has been inactive for over 300 s, or the desktop is signed out;
 * and (the Windows + iOS note) a user in an active call gets the push on iOS.
 */
export function mdmDecision(
  now: number,
  mobile: {platform: MobilePlatform; lastActiveAt: number},
  desktops: DesktopState[],
  inCall: boolean,
): MdmDecision {
  if (desktops.length === 0)
    return {pushToMobile: true, rule: 'mobile-only', detail: 'the user has no Jabber for desktop'}
  const on = desktops.filter((d) => d.signedIn)
  if (on.length === 0)
    return {pushToMobile: true, rule: 'desktop-signed-out', detail: 'Jabber for desktop is signed out'}
  if (inCall && mobile.platform === 'ios' && on.some((d) => d.platform === 'windows')) {
    return {
      pushToMobile: true,
      rule: 'windows-ios-in-call',
      detail: 'the user is signed in on Windows and iOS and is in an active call: the push goes to the iOS device',
    }
  }
  const desktopLast = Math.max(...on.map((d) => d.lastActiveAt))
  if (mobile.lastActiveAt > desktopLast)
    return {
      pushToMobile: true,
      rule: 'mobile-last-active',
      detail: 'Jabber for mobile was the last client the user interacted with',
    }
  const idle = Math.floor((now - desktopLast) / 1000)
  if (idle > DESKTOP_INACTIVE_S)
    return {
      pushToMobile: true,
      rule: 'desktop-inactive',
      detail: `Jabber for desktop has been inactive for ${idle} s (over ${DESKTOP_INACTIVE_S} s)`,
    }
  return {
    pushToMobile: false,
    rule: 'desktop-active',
    detail: `Jabber for desktop was the last client used and has been inactive for only ${idle} s (push to mobile after over ${DESKTOP_INACTIVE_S} s)${inCall ? '' : '; the user is not in an active call'}: the message goes to the desktop, no push to mobile`,
  }
}

/** The longest step of a simulated call (answer, hang-up, length): a day, in seconds. */
export const MAX_CALL_STEP_S = 86_400
