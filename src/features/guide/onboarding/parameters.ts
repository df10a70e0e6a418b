import type {ClusterRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {paramValue, paramValues, setParamValue} from './config-store.js'
import {getService, serviceMark, startedSince} from '../../platform/services/store.js'
import {listNodes} from '../../world/cluster/store.js'
import {getSetting, setSetting} from '../../../store/settings.js'
import {loadCatalog} from '../../../core/catalog.js'
import type {Clock} from '../../world/clock/clock.js'
import {UsageError} from '../../../core/errors.js'
import {suggest} from '../../../core/ids.js'
import {atLeast, parseRelease} from '../../world/cluster/releases.js'

export type ParamScope = 'enterprise' | 'service' | 'messaging' | 'jabber'

export interface ParamDef {
  id: string
  scope: ParamScope
  service?: string
  name: string
  type: 'enum' | 'int' | 'ssidlist'
  values?: string[]
  min?: number
  max?: number
  default: string
  unit?: string
  help?: string
  restart?: {service: string; nodes: 'imp' | 'cucm' | 'all'}
  /** The real programmatic id on Unified CM's pages and in AXL (the HTTPS door reads it). */
  programmaticId?: string
  /** The value stored for each choice of an enum (AXL reads and writes these), e.g. {Enabled: 'T', Disabled: 'F'}. */
  stored?: Record<string, string>
  /** What the guide asks after a change (e.g. reset every Jabber and Webex client). */
  afterChange?: string
  /** The label a release shows, from that release on; `name` (the guide's) is an alias on every release. */
  names?: Array<{from: string; name: string}>
}

/** The label the cluster's release shows for a parameter (issue 20, item 17). */
export function paramName(p: ParamDef, version: string): string {
  const r = parseRelease(version)
  let name = p.name
  for (const n of p.names ?? []) if (atLeast(r, n.from)) name = n.name
  return name
}

/** Every name a parameter answers to: the guide's, each release's label, the programmatic id, ucadmin's id. */
function paramAliases(p: ParamDef): string[] {
  return [p.name, ...(p.names ?? []).map((n) => n.name)]
}

export interface ParamView {
  id: string
  /** The real programmatic id (null when ucadmin does not know it). */
  programmaticId: string | null
  scope: ParamScope
  service: string | null
  name: string
  value: string
  default: string
  allowed: string
  changedAt: string | null
}

export function paramCatalogue(): ParamDef[] {
  return loadCatalog<{parameters: ParamDef[]}>('parameters').parameters
}

function allowedText(p: ParamDef): string {
  if (p.type === 'enum') return p.values!.join(' | ')
  if (p.type === 'int') return `${p.min}..${p.max}${p.unit ? ` ${p.unit}` : ''}`
  return `up to ${p.max} alphanumeric SSIDs separated by ;`
}

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()

/**
 * Finds a parameter of a scope by its name (any case and punctuation) or id, with a did-you-mean that names the
 * parameters as the cluster's release labels them (`version`; the guide's names without it).
 */
export function findParam(scope: ParamScope, name: string, service?: string, version?: string): ParamDef {
  const pool = paramCatalogue().filter(
    (p) => p.scope === scope && (!service || norm(p.service ?? '') === norm(service)),
  )
  const n = norm(name)
  const hit = pool.find(
    (p) =>
      p.id === name.toLowerCase() ||
      p.programmaticId?.toLowerCase() === name.trim().toLowerCase() ||
      paramAliases(p).some((a) => norm(a) === n || norm(a.replace(/\s*\(.*\)$/, '')) === n),
  )
  if (hit) return hit
  if (scope === 'service' && service && pool.length === 0) {
    const services = [
      ...new Set(
        paramCatalogue()
          .filter((p) => p.scope === 'service')
          .map((p) => p.service!),
      ),
    ]
    throw new UsageError(`No service parameters of "${service}" are known.`, {
      fix: `Services with parameters: ${services.join(', ')}.`,
    })
  }
  const shown = pool.map((p) => (version ? paramName(p, version) : p.name))
  const near = suggest(name, shown)
  throw new UsageError(`Unknown ${scope} parameter "${name}".`, {
    code: 'UNKNOWN_PARAMETER',
    fix: near.length ? `Did you mean "${near[0]}"?` : `Known: ${shown.map((n) => `"${n}"`).join(', ')}.`,
  })
}

/** Checks a value against the parameter's type and range; returns it normalised. */
export function checkValue(p: ParamDef, raw: string): string {
  const v = raw.trim()
  if (p.type === 'enum') {
    const hit = p.values!.find((x) => x.toLowerCase() === v.toLowerCase())
    if (!hit) throw new UsageError(`${p.name} is ${p.values!.join(' or ')}, not "${raw}".`, {code: 'BAD_VALUE'})
    return hit
  }
  if (p.type === 'int') {
    if (!/^\d+$/.test(v) || Number(v) < p.min! || Number(v) > p.max!) {
      throw new UsageError(`${p.name} must be a whole number from ${p.min} to ${p.max}, not "${raw}".`, {
        code: 'BAD_VALUE',
        fix: `Default: ${p.default}.`,
      })
    }
    return String(Number(v))
  }
  const ssids = v === '' ? [] : v.split(';')
  if (ssids.length > p.max!)
    throw new UsageError(`${p.name} takes at most ${p.max} SSIDs; "${raw}" has ${ssids.length}.`, {code: 'BAD_VALUE'})
  const bad = ssids.find((s) => !/^[A-Za-z0-9]+$/.test(s))
  if (bad !== undefined) {
    throw new UsageError(
      `${p.name}: "${bad}" is not a valid SSID: use letters and digits only, separated by semicolons.`,
      {code: 'BAD_VALUE', fix: 'e.g. HospitalWiFi;Ward2'},
    )
  }
  return ssids.join(';')
}

/** Whether a device's Wi-Fi is one of them (SSIDs are compared exactly, as 802.11 does). */
export function ssidProvisioned(ssids: string[], ssid: string): boolean {
  return ssids.includes(ssid)
}

export function getParam(store: Store, cluster: ClusterRow, id: string): string {
  const def = paramCatalogue().find((p) => p.id === id)!
  return paramValue(store, cluster.id, id)?.value ?? def.default
}

/** When the parameter was last changed (time and service-event watermark), if ever. */
export function paramChange(store: Store, cluster: ClusterRow, id: string): {at: number; mark: number} | undefined {
  const v = paramValue(store, cluster.id, id)
  return v ? {at: v.changedAt, mark: v.changedMark} : undefined
}

export function listParams(store: Store, cluster: ClusterRow, scope: ParamScope, service?: string): ParamView[] {
  const set = new Map(paramValues(store, cluster.id).map((v) => [v.paramId, v]))
  return paramCatalogue()
    .filter((p) => p.scope === scope && (!service || norm(p.service ?? '') === norm(service)))
    .map((p) => ({
      id: p.id,
      programmaticId: p.programmaticId ?? null,
      scope: p.scope,
      service: p.service ?? null,
      name: paramName(p, cluster.version),
      value: set.get(p.id)?.value ?? p.default,
      default: p.default,
      allowed: allowedText(p),
      changedAt: set.has(p.id) ? new Date(set.get(p.id)!.changedAt).toISOString() : null,
    }))
}

export interface SetParamResult {
  param: ParamView
  previous: string
  changed: boolean
  /** Restarts the change calls for, e.g. Cisco XCP Router on every IM and Presence node. */
  restartRequired: string | null
  /** What else the guide asks after the change (issue 20, item 24), or null. */
  afterChange: string | null
}

const loadedKey = (clusterId: number, id: string) => `param-loaded:${clusterId}:${id}`

/**
 * The value of a parameter that needs a restart as a node's service still runs it: the current value once the
 * service restarted since the change, else the value before the changes it has not loaded (issue 20, item 10).
 */
export function paramRunningValue(store: Store, cluster: ClusterRow, id: string, nodeId: number): string {
  const p = paramCatalogue().find((x) => x.id === id)!
  const change = paramChange(store, cluster, id)
  if (!change || !p.restart || startedSince(store, nodeId, p.restart.service, change.mark))
    return getParam(store, cluster, id)
  return getSetting(store, loadedKey(cluster.id, id)) ?? p.default
}

export function setParam(store: Store, clock: Clock, cluster: ClusterRow, p: ParamDef, raw: string): SetParamResult {
  const value = checkValue(p, raw)
  const previous = getParam(store, cluster, p.id)
  const changed = previous !== value
  if (changed && p.restart) {
    // Remember what the services run until they restart: the value before this change, unless an earlier change is
    // still not loaded everywhere (then what they run is older still, and already remembered).
    const before = paramChange(store, cluster, p.id)
    const loaded =
      !before ||
      listNodes(store, cluster.id).every(
        (n) =>
          !getService(store, n.id, p.restart!.service) || startedSince(store, n.id, p.restart!.service, before.mark),
      )
    if (loaded) setSetting(store, loadedKey(cluster.id, p.id), previous)
  }
  if (changed) setParamValue(store, cluster.id, p.id, value, clock.now(), serviceMark(store))
  const view = listParams(store, cluster, p.scope, p.service).find((x) => x.id === p.id)!
  const where =
    p.restart?.nodes === 'imp'
      ? 'every IM and Presence node'
      : p.restart?.nodes === 'cucm'
        ? 'every Unified CM node'
        : 'every node'
  return {
    param: view,
    previous,
    changed,
    restartRequired: changed && p.restart ? `Restart ${p.restart.service} on ${where}.` : null,
    afterChange: changed ? (p.afterChange ?? null) : null,
  }
}
