import type {ClusterRow} from '../../world/cluster/store.js'
import type {Clock} from '../../world/clock/clock.js'
import type {Store} from '../../../store/store.js'

import {type AddClientInput, type AddClientResult, addClient, requireClient} from './clients.js'
import {type ClientRow, findClient, setClientSession} from '../failover/store.js'
import {CURRENT_OS, CURRENT_VERSION, checkClientSpec, checkRegion, parseVersion} from './rules.js'
import {closeLpns, configChanged, connectLpns, wifiChanged} from './lpns.js'
import {deleteClientRow, deleteDesktop, desktopsOf, insertDesktop, setClientExtras, updateDesktop} from './store.js'
import {nodeById} from '../../world/cluster/store.js'
import {XCP_ROUTER} from '../../guide/onboarding/onboarding.js'
import {isRunning} from '../../platform/services/services.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import {iso} from '../../../core/time.js'
import {
  assignServiceProfile,
  checkServiceProfile,
  forgetEndUser,
  jabberConfigFor,
} from '../../guide/onboarding/service-profiles.js'

/**
 * The devices of a user: the mobile client's version, OS, region, Wi-Fi and caller line; Jabber for desktop
 * (Multiple Device Messaging); activity, sign-in and sign-out, deletion (which close a Local Push session).
 */

export interface AddDeviceInput extends AddClientInput {
  version?: string
  os?: string
  region?: string
  ssid?: string
  number?: string
  displayName?: string
  externalName?: string
  externalNumber?: string
  /** The end user's UC Service Profile (default: the system default). */
  serviceProfile?: string
}

export interface AddDeviceResult extends Omit<AddClientResult, 'platform'> {
  platform: 'ios' | 'android' | 'windows' | 'mac'
  version: string
  os: string | null
  region: 'global' | 'china'
  ssid: string | null
  /** The end user's UC Service Profile (its jabber-config.xml Mobile UC service gives LocalPushSSIDList). */
  serviceProfile: string
  localPush: string[]
}

const SSID = /^[A-Za-z0-9]{1,32}$/
const NUMBER = /^\+?[0-9*#]{1,24}$/

function checkText(flag: string, v: string | undefined, re: RegExp, example: string): string | null {
  if (v === undefined) return null
  if (!re.test(v.trim()))
    throw new UsageError(`--${flag} "${v}" is not valid.`, {code: 'BAD_VALUE', fix: `e.g. --${flag} ${example}`})
  return v.trim()
}

/** `sim client add USER`: a mobile client (checked against the support matrix) or Jabber for desktop (--platform windows|mac). */
export function addDevice(store: Store, clock: Clock, cluster: ClusterRow, input: AddDeviceInput): AddDeviceResult {
  const platform = input.platform ?? 'ios'
  const ssid = checkText('ssid', input.ssid, SSID, 'HospitalWiFi (letters and digits, as LocalPushSSIDList takes them)')
  const number = checkText('number', input.number, NUMBER, '+14085551234')
  const externalNumber = checkText('external-number', input.externalNumber, NUMBER, '+18005550100')
  const name = (flag: string, v: string | undefined) => checkText(flag, v, /^[^\n\r;]{1,64}$/, '"Alice Smith"')
  const displayName = name('display-name', input.displayName)
  const externalName = name('external-name', input.externalName)
  const profile =
    input.serviceProfile === undefined ? undefined : checkServiceProfile(store, cluster, input.serviceProfile)
  const assign = (user: string) => {
    if (profile !== undefined) assignServiceProfile(store, cluster, user, profile)
    return jabberConfigFor(store, cluster, user).profile
  }
  if (platform === 'windows' || platform === 'mac') {
    if ((input.app ?? 'jabber') !== 'jabber')
      throw new UsageError('Jabber for desktop only: --platform windows|mac takes --app jabber.', {
        fix: 'Drop --app, or use --app jabber.',
      })
    if (input.region || ssid || input.os || input.count || input.suspended || input.mra || input.devicePool) {
      throw new UsageError(
        '--region, --ssid, --os, --count, --suspended, --mra and --device-pool are for mobile clients.',
        {fix: `ucadmin sim client add ${input.user} --app jabber --platform ${platform}`},
      )
    }
    const version = input.version ?? CURRENT_VERSION.jabber
    parseVersion('Jabber', version)
    if (desktopsOf(store, cluster.id, input.user).some((d) => d.platform === platform)) {
      throw new FailedError(`${input.user} already has Jabber for ${platform} in ${cluster.name}.`, {
        code: 'CLIENT_EXISTS',
        fix: 'Pick another user id.',
      })
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$/.test(input.user))
      throw new UsageError(`"${input.user}" is not a user id.`, {fix: 'Use letters, digits, ".", "_", "-" or "@".'})
    insertDesktop(store, {
      clusterId: cluster.id,
      user: input.user,
      platform,
      signedIn: true,
      lastActiveAt: clock.now(),
      createdAt: clock.now(),
    })
    const serviceProfile = assign(input.user)
    return {
      users: [input.user],
      count: 1,
      platform,
      app: 'jabber',
      mode: 'foreground',
      node: null,
      devicePool: null,
      mra: false,
      signedIn: true,
      version,
      os: null,
      region: 'global',
      ssid: null,
      serviceProfile,
      localPush: [],
    }
  }
  const app = (input.app ?? 'jabber') as 'jabber' | 'webex'
  const region = checkRegion(input.region)
  const version = input.version ?? CURRENT_VERSION[app === 'webex' ? 'webex' : 'jabber']
  const os = input.os ?? (platform === 'android' ? CURRENT_OS.android : CURRENT_OS.ios)
  if (platform === 'ios' || platform === 'android')
    checkClientSpec({app: app === 'webex' ? 'webex' : 'jabber', platform, version, os, region})
  const r = addClient(store, clock, cluster, input)
  const localPush: string[] = []
  // The users' UC Service Profile first: their devices download its jabber-config.xml before connecting.
  // (r.users is shortened past 20 clients: the users are USER1..USERN, as addClient made them.)
  const all = r.count === r.users.length ? r.users : Array.from({length: r.count}, (_, i) => `${input.user}${i + 1}`)
  if (profile !== undefined) for (const u of all) assign(u)
  const serviceProfile = jabberConfigFor(store, cluster, r.users[0]).profile
  for (const u of r.count > 20 ? [] : r.users) {
    const c = findClient(store, cluster.id, u)!
    setClientExtras(store, c.id, {
      clientVersion: input.version ?? null,
      osVersion: input.os ?? null,
      region,
      ssid,
      number,
      displayName,
      externalName,
      externalNumber,
      lastActiveAt: clock.now(),
      signedInAt: clock.now(),
    })
    if (ssid) {
      const m = connectLpns(store, clock, cluster, c, true)
      if (m) localPush.push(`${u}: ${m}`)
    }
  }
  if (r.count > 20) {
    // Bulk clients (load): the same attributes, in one statement.
    store
      .sql(
        'UPDATE im_clients SET client_version = ?, os_version = ?, region = ?, ssid = ?, last_active_at = ?, signed_in_at = ? WHERE cluster_id = ? AND user LIKE ? AND created_at = ?',
      )
      .run(
        input.version ?? null,
        input.os ?? null,
        region,
        ssid,
        clock.now(),
        clock.now(),
        cluster.id,
        `${input.user}%`,
        clock.now(),
      )
  }
  return {...r, version, os, region, ssid, serviceProfile, localPush}
}

type Device =
  {kind: 'mobile'; client: ClientRow} | {kind: 'desktop'; id: number; platform: 'windows' | 'mac'; user: string}

/** A user's device: --device ios|android|mobile (the mobile client) or windows|mac|desktop (Jabber for desktop); default the mobile client. */
function device(store: Store, cluster: ClusterRow, user: string, name: string | undefined): Device {
  const d = (name ?? 'mobile').trim().toLowerCase()
  const desktops = desktopsOf(store, cluster.id, user)
  if (d === 'windows' || d === 'mac' || d === 'desktop') {
    const hit = d === 'desktop' ? desktops[0] : desktops.find((x) => x.platform === d)
    if (!hit) {
      throw new UsageError(`${user} has no Jabber for ${d === 'desktop' ? 'desktop' : d}.`, {
        code: 'UNKNOWN_DEVICE',
        fix: `Add it: ucadmin sim client add ${user} --app jabber --platform ${d === 'mac' ? 'mac' : 'windows'}${desktops.length ? ` (devices: ${desktops.map((x) => x.platform).join(', ')})` : ''}`,
      })
    }
    return {kind: 'desktop', id: hit.id, platform: hit.platform, user: hit.user}
  }
  if (d !== 'mobile' && d !== 'ios' && d !== 'android')
    throw new UsageError(`Unknown device "${name}".`, {
      code: 'UNKNOWN_DEVICE',
      fix: 'Use --device mobile, ios, android, windows, mac or desktop.',
    })
  if (!findClient(store, cluster.id, user) && desktops.length)
    throw new UsageError(`${user} has no mobile client.`, {
      code: 'UNKNOWN_DEVICE',
      fix: `Devices: ${desktops.map((x) => x.platform).join(', ')}.`,
    })
  const c = requireClient(store, cluster, user)
  if (d !== 'mobile' && c.platform !== d)
    throw new UsageError(`${user}'s mobile client runs ${c.platform}, not ${d}.`, {
      code: 'UNKNOWN_DEVICE',
      fix: `Use --device ${c.platform} or --device mobile.`,
    })
  return {kind: 'mobile', client: c}
}

export interface DeviceResult {
  user: string
  device: string
  action: string
  at: string
  notes: string[]
}

const label = (d: Device) => (d.kind === 'mobile' ? d.client.platform : d.platform)

/** `sim client active USER --device D`: the user interacts with that device now (Multiple Device Messaging's last active client). */
export function markActive(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  user: string,
  dev: string | undefined,
): DeviceResult {
  const d = device(store, cluster, user, dev)
  if (d.kind === 'mobile') setClientExtras(store, d.client.id, {lastActiveAt: clock.now()})
  else updateDesktop(store, d.id, {lastActiveAt: clock.now()})
  return {user, device: label(d), action: 'active', at: iso(clock.now()), notes: []}
}

/** `sim client sign-out USER [--device D]`: the user logs off: no more pushes to that device; its Local Push session closes. */
export function signOut(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  user: string,
  dev: string | undefined,
): DeviceResult {
  const d = device(store, cluster, user, dev)
  const notes: string[] = []
  if (d.kind === 'desktop') updateDesktop(store, d.id, {signedIn: false})
  else {
    setClientExtras(store, d.client.id, {signedOut: true})
    setClientSession(store, d.client.id, null, null)
    const m = closeLpns(store, clock, d.client, 'the user logged off', null)
    if (m) notes.push(m)
    notes.push('pushes to this device stop')
  }
  return {user, device: label(d), action: 'signed-out', at: iso(clock.now()), notes}
}

/** `sim client sign-in USER [--device D]`: signs in again (a new OAuth refresh token); a Jabber client gets its IM session back. */
export function signIn(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  user: string,
  dev: string | undefined,
): DeviceResult {
  const d = device(store, cluster, user, dev)
  const notes: string[] = []
  if (d.kind === 'desktop') updateDesktop(store, d.id, {signedIn: true, lastActiveAt: clock.now()})
  else {
    const c = d.client
    setClientExtras(store, c.id, {signedOut: false, signedInAt: clock.now(), lastActiveAt: clock.now()})
    if (c.app === 'jabber' && c.homeNodeId !== null) {
      const home = nodeById(store, c.homeNodeId)
      if (home && isRunning(store, home, XCP_ROUTER)) setClientSession(store, c.id, home.id, clock.now())
      else notes.push(`no IM session: the Cisco XCP Router on ${home?.host ?? 'its node'} is not running`)
    }
    const m = connectLpns(store, clock, cluster, c, true)
    if (m) notes.push(m)
  }
  return {user, device: label(d), action: 'signed-in', at: iso(clock.now()), notes}
}

/** `sim client delete USER [--device D]`: deletes the device (or, without --device, the user and every device): a Local Push session closes. */
export function deleteDevice(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  user: string,
  dev: string | undefined,
): DeviceResult {
  const notes: string[] = []
  if (dev === undefined) {
    const c = findClient(store, cluster.id, user)
    const desktops = desktopsOf(store, cluster.id, user)
    if (!c && desktops.length === 0) requireClient(store, cluster, user)
    if (c) {
      const m = closeLpns(store, clock, c, 'the signed-in user was deleted', null)
      if (m) notes.push(m)
      deleteClientRow(store, c.id)
    }
    for (const x of desktops) deleteDesktop(store, x.id)
    forgetEndUser(store, cluster, user)
    return {user, device: 'all', action: 'deleted', at: iso(clock.now()), notes}
  }
  const d = device(store, cluster, user, dev)
  if (d.kind === 'desktop') deleteDesktop(store, d.id)
  else {
    const m = closeLpns(store, clock, d.client, 'the device was deleted', null)
    if (m) notes.push(m)
    deleteClientRow(store, d.client.id)
  }
  return {user, device: label(d), action: 'deleted', at: iso(clock.now()), notes}
}

/** `sim client wifi USER SSID|off`: the mobile device joins a Wi-Fi network or leaves Wi-Fi. */
export function setWifi(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  user: string,
  ssidArg: string,
): DeviceResult & {ssid: string | null} {
  const c = requireClient(store, cluster, user)
  const raw = ssidArg.trim()
  const ssid = raw.toLowerCase() === 'off' ? null : checkText('ssid', raw, SSID, 'HospitalWiFi')!
  if (c.platform !== 'ios' && c.platform !== 'android') throw new UsageError('Wi-Fi is for mobile clients.')
  setClientExtras(store, c.id, {ssid})
  const notes = wifiChanged(store, clock, cluster, {...c}, ssid)
  return {
    user: c.user,
    device: c.platform,
    action: ssid ? `wifi ${ssid}` : 'wifi off',
    at: iso(clock.now()),
    ssid,
    notes,
  }
}

/**
 * `service-profile assign USER PROFILE` (End User > Service Settings > UC Service Profile): the user's devices download
 * the profile's jabber-config.xml, so a Local Push session opens or closes by its LocalPushSSIDList.
 */
export function setUserServiceProfile(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  user: string,
  profile: string,
): ReturnType<typeof assignServiceProfile> & {localPushSsids: string[]; notes: string[]} {
  const r = assignServiceProfile(store, cluster, user, profile)
  const c = findClient(store, cluster.id, r.user)
  const notes = c && r.changed ? configChanged(store, clock, cluster, c) : []
  const cfg = jabberConfigFor(store, cluster, r.user)
  return {...r, localPushSsids: (cfg.values['local-push-ssid-list'] ?? '').split(';').filter(Boolean), notes}
}
