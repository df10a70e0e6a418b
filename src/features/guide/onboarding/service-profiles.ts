import type {ClusterRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'
import type {Clock} from '../../world/clock/clock.js'

import {UsageError} from '../../../core/errors.js'
import {suggest} from '../../../core/ids.js'
import {type ParamDef, checkValue, findParam, getParam, paramCatalogue, setParam} from './parameters.js'
import {
  type ServiceProfileRow,
  type UcServiceRow,
  endUserCount,
  insertUcService,
  isEndUser,
  listProfiles,
  listUcServices,
  profileByName,
  setUcServiceParam,
  setUserProfile,
  ucServiceByName,
  ucServiceParams,
  upsertProfile,
  userAssignments,
  userProfile,
} from './profile-store.js'

/**
 * Per-user Jabber client configuration (issue 20, item 24; the guide's "Configure Wi-Fi SSID" and "Associate Jabber
 * Service Profile to the End User"): a UC service of type Jabber Client Configuration (jabber-config.xml) carries the
 * jabber parameters (LocalPushSSIDList, EnableVoipSocket); a service profile names one in its Mobile slot; an end
 * user has a UC Service Profile, and the devices of the user download that jabber-config.xml.
 *
 * The system default service profile "Default" (as CUCM's "Make this the default service profile for the system")
 * has the UC service "Default" in its Mobile slot, whose parameters are the cluster's Jabber parameters (`param
 * jabber set`): a user with no profile of its own gets them, so a cluster without profiles behaves as before.
 * Every reader of a user's jabber-config goes through `jabberConfigFor` (the lpns-ssid and voip-socket conditions,
 * the client's Local Push session).
 */

export const DEFAULT_PROFILE = 'Default'
export const DEFAULT_UC_SERVICE = 'Default'
export const UC_SERVICE_TYPE = 'Jabber Client Configuration (jabber-config.xml)'

const NAME = /^[A-Za-z0-9][A-Za-z0-9 ._-]{0,49}$/

function checkName(what: string, name: string): string {
  const n = name.trim()
  if (!NAME.test(n))
    throw new UsageError(`"${name}" is not a valid ${what} name.`, {
      code: 'BAD_VALUE',
      fix: 'Use letters, digits, spaces, ".", "_" or "-" (at most 50).',
    })
  return n
}

const isDefault = (name: string) => name.toLowerCase() === 'default'
const jabberParams = (): ParamDef[] => paramCatalogue().filter((p) => p.scope === 'jabber')

/** The jabber-config.xml a user's devices download: from which profile and UC service, and its values. */
export interface JabberConfig {
  profile: string
  /** The profile is the system default (the user has no UC Service Profile of its own). */
  profileIsDefault: boolean
  /** The UC service in the profile's Mobile slot (null: none, so no jabber-config for mobile devices). */
  service: string | null
  /** Every jabber parameter's value, by id (catalogue defaults where the UC service does not set it). */
  values: Record<string, string>
}

function serviceValues(store: Store, cluster: ClusterRow, service: string | null): Record<string, string> {
  const out: Record<string, string> = {}
  if (service !== null && isDefault(service)) {
    for (const p of jabberParams()) out[p.id] = getParam(store, cluster, p.id)
    return out
  }
  const row = service === null ? undefined : ucServiceByName(store, cluster.id, service)
  const set = row ? ucServiceParams(store, row.id) : new Map<string, string>()
  for (const p of jabberParams()) out[p.id] = set.get(p.id) ?? p.default
  return out
}

function configOf(store: Store, cluster: ClusterRow, profile: ServiceProfileRow | undefined): JabberConfig {
  const service = profile ? profile.mobileService : DEFAULT_UC_SERVICE
  return {
    profile: profile?.name ?? DEFAULT_PROFILE,
    profileIsDefault: !profile,
    service: service === null ? null : (ucServiceByName(store, cluster.id, service)?.name ?? DEFAULT_UC_SERVICE),
    values: serviceValues(store, cluster, service),
  }
}

/** The jabber-config.xml of a user (undefined: no particular user, e.g. a test push or the check: the system default). */
export function jabberConfigFor(store: Store, cluster: ClusterRow, user?: string): JabberConfig {
  return configOf(store, cluster, user === undefined ? undefined : userProfile(store, cluster.id, user))
}

/** The system default and every service profile some end user has: what the check evaluates. */
export function configsInUse(store: Store, cluster: ClusterRow): JabberConfig[] {
  const ids = new Set(userAssignments(store, cluster.id).map((a) => a.profileId))
  return [
    configOf(store, cluster, undefined),
    ...listProfiles(store, cluster.id)
      .filter((p) => ids.has(p.id))
      .map((p) => configOf(store, cluster, p)),
  ]
}

/** The Wi-Fi SSIDs of a jabber-config's LocalPushSSIDList (`;`-separated). */
export function ssidsOf(cfg: JabberConfig): string[] {
  return (cfg.values['local-push-ssid-list'] ?? '').split(';').filter(Boolean)
}

/** The effective LocalPushSSIDList of a user: the one list every Local Push reader takes (issue 20, item 24). */
export function localPushSsidsFor(
  store: Store,
  cluster: ClusterRow,
  user?: string,
): {ssids: string[]; config: JabberConfig} {
  const config = jabberConfigFor(store, cluster, user)
  return {ssids: ssidsOf(config), config}
}

/** Where a user's jabber-config comes from, for a reason: empty for the system default (today's wording). */
export function configSource(cfg: JabberConfig): string {
  if (cfg.profileIsDefault) return ''
  return cfg.service === null
    ? `service profile "${cfg.profile}" has no Jabber Client Configuration (Mobile) UC service`
    : `UC service "${cfg.service}" of service profile "${cfg.profile}"`
}

const q = (x: string) => (/^[A-Za-z0-9._-]+$/.test(x) ? x : `"${x}"`)

/** The command that sets a jabber parameter where the user's configuration comes from. */
export function jabberSetCommand(cfg: JabberConfig, param: string, value: string): string {
  if (cfg.service === null) return `ucadmin service-profile set ${q(cfg.profile)} --mobile UCSERVICE`
  if (cfg.profileIsDefault || isDefault(cfg.service)) return `ucadmin param jabber set ${param} ${q(value)}`
  return `ucadmin uc-service set ${q(cfg.service)} ${param} ${q(value)}`
}

/** A user's LocalPushSSIDList and where it comes from, for a reason (the system default's: today's wording). */
export function ssidListText(cfg: JabberConfig): string {
  const ssids = ssidsOf(cfg)
  if (cfg.service === null)
    return `LocalPushSSIDList: service profile "${cfg.profile}" has no Jabber Client Configuration (Mobile) UC service`
  const src = configSource(cfg)
  return `LocalPushSSIDList (${ssids.length ? ssids.join(';') : 'empty'})${src ? ` of the ${src}` : ''}`
}

/** How to provision an SSID for a user (`ssid`: the one to add; undefined: any), as a sentence with the command. */
export function ssidFix(cfg: JabberConfig, user: string | undefined, ssid: string | undefined): string {
  const ssids = ssidsOf(cfg)
  const value = ssid === undefined ? (ssids.length ? ssids.join(';') : 'HospitalWiFi') : [...ssids, ssid].join(';')
  const cmd = jabberSetCommand(cfg, 'LocalPushSSIDList', value)
  const first =
    cfg.service === null
      ? `Select a UC service with LocalPushSSIDList in its Mobile slot: \`${cmd}\``
      : `${ssid === undefined ? 'Provision one' : 'Add it'}: \`${cmd}\``
  const other =
    cfg.profileIsDefault || user === undefined
      ? ''
      : `, or give ${user} a service profile whose UC service has it (\`ucadmin service-profile assign ${user} PROFILE\`)`
  return `${first}${other}.`
}

// --- The commands' views and changes -------------------------------------------------------------------------

export interface UcServiceParamView {
  id: string
  name: string
  value: string
  default: string
}

export interface UcServiceView {
  name: string
  description: string
  type: string
  /** The system default service profile's UC service (its parameters: `param jabber`). */
  default: boolean
  parameters: UcServiceParamView[]
  /** The service profiles whose Mobile slot names it. */
  serviceProfiles: string[]
}

function ucServiceView(store: Store, cluster: ClusterRow, row: UcServiceRow | undefined): UcServiceView {
  const name = row?.name ?? DEFAULT_UC_SERVICE
  const values = serviceValues(store, cluster, name)
  const profiles = listProfiles(store, cluster.id)
    .filter((p) => p.mobileService !== null && p.mobileService.toLowerCase() === name.toLowerCase())
    .map((p) => p.name)
  return {
    name,
    description: row?.description ?? 'The system default service profile\u2019s Jabber configuration (param jabber).',
    type: UC_SERVICE_TYPE,
    default: !row,
    parameters: jabberParams().map((p) => ({id: p.id, name: p.name, value: values[p.id], default: p.default})),
    serviceProfiles: row ? profiles : [DEFAULT_PROFILE, ...profiles],
  }
}

function knownServices(store: Store, cluster: ClusterRow): string[] {
  return [DEFAULT_UC_SERVICE, ...listUcServices(store, cluster.id).map((s) => s.name)]
}

function requireUcService(store: Store, cluster: ClusterRow, name: string): UcServiceRow | undefined {
  if (isDefault(name.trim())) return undefined
  const row = ucServiceByName(store, cluster.id, name.trim())
  if (row) return row
  const near = suggest(name, knownServices(store, cluster))
  throw new UsageError(`No UC service "${name}" in ${cluster.name}.`, {
    code: 'UNKNOWN_UC_SERVICE',
    fix: near.length
      ? `Did you mean "${near[0]}"? (ucadmin uc-service list)`
      : `Add it: ucadmin uc-service add "${name}" --param LocalPushSSIDList=HospitalWiFi`,
  })
}

export function listUcServiceViews(store: Store, cluster: ClusterRow): UcServiceView[] {
  return [undefined, ...listUcServices(store, cluster.id)].map((r) => ucServiceView(store, cluster, r))
}

export function showUcService(store: Store, cluster: ClusterRow, name: string): UcServiceView {
  return ucServiceView(store, cluster, requireUcService(store, cluster, name))
}

/** `NAME=VALUE` of a jabber parameter, checked. */
function parseAssignment(raw: string): {p: ParamDef; value: string} {
  const i = raw.indexOf('=')
  if (i <= 0)
    throw new UsageError(`--param "${raw}" is not NAME=VALUE.`, {
      code: 'BAD_VALUE',
      fix: 'e.g. --param "LocalPushSSIDList=HospitalWiFi;Ward2"',
    })
  const p = findParam('jabber', raw.slice(0, i).trim())
  return {p, value: checkValue(p, raw.slice(i + 1))}
}

/** `uc-service add NAME`: a UC service of type Jabber Client Configuration (jabber-config.xml) with parameters. */
export function addUcService(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  input: {name: string; description?: string; params?: string[]},
): UcServiceView {
  const name = checkName('UC service', input.name)
  const sets = (input.params ?? []).map(parseAssignment)
  if (isDefault(name) || ucServiceByName(store, cluster.id, name)) {
    // The fix sets what this command asked for (one `uc-service set` per parameter), else an example.
    const wanted = sets.length ? sets : [{p: findParam('jabber', 'LocalPushSSIDList'), value: 'HospitalWiFi;Ward2'}]
    throw new UsageError(`The UC service "${name}" exists already.`, {
      code: 'EXISTS',
      fix: `Change its parameters: ${wanted.map((s) => `ucadmin uc-service set "${name}" ${s.p.name} "${s.value}"`).join('; ')}`,
    })
  }
  const row = insertUcService(store, cluster.id, name, (input.description ?? '').trim(), clock.now())
  for (const s of sets) setUcServiceParam(store, row.id, s.p.id, s.value, clock.now())
  return ucServiceView(store, cluster, row)
}

export interface SetUcServiceParamResult {
  ucService: string
  param: UcServiceParamView
  previous: string
  changed: boolean
  /** The service profiles whose users' devices download the change. */
  serviceProfiles: string[]
}

/** `uc-service set NAME PARAM VALUE` (the UC service "Default": as `param jabber set`). */
export function setUcServiceParameter(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  name: string,
  param: string,
  raw: string,
): SetUcServiceParamResult {
  const row = requireUcService(store, cluster, name)
  const p = findParam('jabber', param)
  const before = ucServiceView(store, cluster, row)
  const previous = before.parameters.find((x) => x.id === p.id)!.value
  if (!row) setParam(store, clock, cluster, p, raw)
  else {
    const value = checkValue(p, raw)
    if (value !== previous) setUcServiceParam(store, row.id, p.id, value, clock.now())
  }
  const after = ucServiceView(store, cluster, row)
  const view = after.parameters.find((x) => x.id === p.id)!
  return {
    ucService: after.name,
    param: view,
    previous,
    changed: view.value !== previous,
    serviceProfiles: after.serviceProfiles,
  }
}

export interface ServiceProfileView {
  name: string
  description: string
  /** The system default service profile. */
  default: boolean
  /** The Jabber Client Configuration (jabber-config.xml) Mobile UC service (null: none). */
  mobile: string | null
  /** Its Mobile UC service's LocalPushSSIDList. */
  localPushSsids: string[]
  /** The end users given this profile (the system default's: every other end user, counted in userCount). */
  users: string[]
  userCount: number
}

function profileViews(store: Store, cluster: ClusterRow): ServiceProfileView[] {
  const assigned = userAssignments(store, cluster.id)
  const total = endUserCount(store, cluster.id)
  const def = configOf(store, cluster, undefined)
  return [
    {
      name: DEFAULT_PROFILE,
      description: 'The system default service profile.',
      default: true,
      mobile: def.service,
      localPushSsids: ssidsOf(def),
      users: [],
      userCount: Math.max(0, total - assigned.length),
    },
    ...listProfiles(store, cluster.id).map((p) => {
      const users = assigned.filter((a) => a.profileId === p.id).map((a) => a.user)
      return {
        name: p.name,
        description: p.description,
        default: false,
        mobile: p.mobileService === null ? null : configOf(store, cluster, p).service,
        localPushSsids: ssidsOf(configOf(store, cluster, p)),
        users,
        userCount: users.length,
      }
    }),
  ]
}

export function listServiceProfiles(store: Store, cluster: ClusterRow): ServiceProfileView[] {
  return profileViews(store, cluster)
}

function requireProfile(store: Store, cluster: ClusterRow, name: string): ServiceProfileRow | undefined {
  if (isDefault(name.trim())) return undefined
  const row = profileByName(store, cluster.id, name.trim())
  if (row) return row
  const near = suggest(name, [DEFAULT_PROFILE, ...listProfiles(store, cluster.id).map((p) => p.name)])
  throw new UsageError(`No service profile "${name}" in ${cluster.name}.`, {
    code: 'UNKNOWN_SERVICE_PROFILE',
    fix: near.length
      ? `Did you mean "${near[0]}"? (ucadmin service-profile list)`
      : `Add it: ucadmin service-profile set "${name}" --mobile UCSERVICE`,
  })
}

/** `service-profile set NAME --mobile UCSERVICE|none`: creates or changes a service profile. */
export function setServiceProfile(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  input: {name: string; mobile?: string; description?: string},
): {serviceProfile: ServiceProfileView; created: boolean} {
  const name = checkName('service profile', input.name)
  if (isDefault(name))
    throw new UsageError('The system default service profile "Default" keeps the UC service "Default".', {
      code: 'DEFAULT_PROFILE',
      fix: 'Change its parameters with `ucadmin param jabber set`, or give users a profile of their own: ucadmin service-profile set NAME --mobile UCSERVICE',
    })
  const existing = profileByName(store, cluster.id, name)
  if (!existing && input.mobile === undefined)
    throw new UsageError(`Give the new service profile "${name}" its Mobile UC service.`, {
      fix: `ucadmin service-profile set "${name}" --mobile UCSERVICE (ucadmin uc-service list), or --mobile none`,
    })
  let mobile = existing?.mobileService ?? null
  if (input.mobile !== undefined)
    mobile =
      input.mobile.trim().toLowerCase() === 'none'
        ? null
        : (requireUcService(store, cluster, input.mobile)?.name ?? DEFAULT_UC_SERVICE)
  upsertProfile(
    store,
    cluster.id,
    {
      name: existing?.name ?? name,
      description: input.description?.trim() ?? existing?.description ?? '',
      mobileService: mobile,
    },
    clock.now(),
  )
  const view = profileViews(store, cluster).find((p) => p.name.toLowerCase() === name.toLowerCase())!
  return {serviceProfile: view, created: !existing}
}

/** The end user's UC Service Profile (End User > Service Settings): the profile, and the one before. */
export function assignServiceProfile(
  store: Store,
  cluster: ClusterRow,
  user: string,
  profile: string,
): {user: string; serviceProfile: string; previous: string; changed: boolean} {
  // The profile first: the fix for a missing user names it, so it must exist for the fix to work when pasted.
  const row = requireProfile(store, cluster, profile)
  const who = isEndUser(store, cluster.id, user.trim())
  if (!who)
    throw new UsageError(`No end user ${user} in ${cluster.name}.`, {
      code: 'UNKNOWN_USER',
      fix: `Add the user's client: ucadmin sim client add ${user} --service-profile "${row?.name ?? DEFAULT_PROFILE}" (ucadmin sim client list)`,
    })
  const previous = userProfile(store, cluster.id, who)?.name ?? DEFAULT_PROFILE
  setUserProfile(store, cluster.id, who, row?.id ?? null)
  const now = row?.name ?? DEFAULT_PROFILE
  return {user: who, serviceProfile: now, previous, changed: now !== previous}
}

/** Every end user's UC Service Profile other than the system default, by lower-case user id (one read for a list). */
export function userProfileNames(store: Store, cluster: ClusterRow): Map<string, string> {
  const names = new Map(listProfiles(store, cluster.id).map((p) => [p.id, p.name]))
  return new Map(userAssignments(store, cluster.id).map((a) => [a.user.toLowerCase(), names.get(a.profileId)!]))
}

/** An end user's UC Service Profile (Default: the system default). */
export function userProfileName(store: Store, cluster: ClusterRow, user: string): string {
  return userProfile(store, cluster.id, user)?.name ?? DEFAULT_PROFILE
}

/** The end user is gone (every device deleted): their UC Service Profile goes with them. */
export function forgetEndUser(store: Store, cluster: ClusterRow, user: string): void {
  if (!isEndUser(store, cluster.id, user)) setUserProfile(store, cluster.id, user, null)
}

/** Checks a profile name for `sim client add --service-profile` before the client exists. */
export function checkServiceProfile(store: Store, cluster: ClusterRow, profile: string): string {
  return requireProfile(store, cluster, profile)?.name ?? DEFAULT_PROFILE
}
