import type {ClusterRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {paramValue, paramValues, setParamValue} from './config-store.js'
import {serviceMark} from '../../platform/services/store.js'
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
  /** The parameter's programmatic name (AXL, the pages), e.g. oAuthWithRefreshLoginFlow. */
  programmaticName?: string
  /** The value stored for each choice of an enum (AXL reads and writes these), e.g. {Enabled: 'T', Disabled: 'F'}. */
  stored?: Record<string, string>
  /** The release's label where it differs from name, newest release first. */
  labels?: Array<{from: string; label: string}>
}

export interface ParamView {
  id: string
  scope: ParamScope
  service: string | null
  name: string
  value: string
  default: string
  allowed: string
  changedAt: string | null
  /** The programmatic name (AXL's name, the page input's id), when the parameter has one. */
  programmaticName: string | null
  /** The label the cluster's release shows on its pages. */
  label: string
}

/** The label a release shows for the parameter (e.g. "Jabber OAuth Refresh Token Expiry Timer (days)" on 14). */
export function paramLabel(p: ParamDef, version: string): string {
  const release = parseRelease(version)
  return p.labels?.find((l) => atLeast(release, l.from))?.label ?? p.name
}

export function paramCatalogue(): ParamDef[] {
  return loadCatalog<{parameters: ParamDef[]}>('parameters').parameters
}

function allowedText(p: ParamDef): string {
  if (p.type === 'enum') return p.values!.join(' | ')
  if (p.type === 'int') return `${p.min}..${p.max}${p.unit ? ` ${p.unit}` : ''}`
  return `up to ${p.max} alphanumeric SSIDs separated by ;`
}

const norm = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()

/** Finds a parameter of a scope by its name (any case and punctuation) or id, with a did-you-mean. */
export function findParam(scope: ParamScope, name: string, service?: string): ParamDef {
  const pool = paramCatalogue().filter((p) => p.scope === scope && (!service || norm(p.service ?? '') === norm(service)))
  const n = norm(name)
  const hit = pool.find((p) => norm(p.name) === n || p.id === name.toLowerCase() || p.programmaticName === name || p.labels?.some((l) => norm(l.label) === n) || norm(p.name.replace(/\s*\(.*\)$/, '')) === n)
  if (hit) return hit
  if (scope === 'service' && service && pool.length === 0) {
    const services = [...new Set(paramCatalogue().filter((p) => p.scope === 'service').map((p) => p.service!))]
    throw new UsageError(`No service parameters of "${service}" are known.`, {fix: `Services with parameters: ${services.join(', ')}.`})
  }
  const near = suggest(name, pool.map((p) => p.name))
  throw new UsageError(`Unknown ${scope} parameter "${name}".`, {
    code: 'UNKNOWN_PARAMETER',
    fix: near.length ? `Did you mean "${near[0]}"?` : `Known: ${pool.map((p) => `"${p.name}"`).join(', ')}.`,
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
      throw new UsageError(`${p.name} must be a whole number from ${p.min} to ${p.max}, not "${raw}".`, {code: 'BAD_VALUE', fix: `Default: ${p.default}.`})
    }
    return String(Number(v))
  }
  const ssids = v === '' ? [] : v.split(';')
  if (ssids.length > p.max!) throw new UsageError(`${p.name} takes at most ${p.max} SSIDs; "${raw}" has ${ssids.length}.`, {code: 'BAD_VALUE'})
  const bad = ssids.find((s) => !/^[A-Za-z0-9]+$/.test(s))
  if (bad !== undefined) {
    throw new UsageError(`${p.name}: "${bad}" is not a valid SSID: use letters and digits only, separated by semicolons.`, {code: 'BAD_VALUE', fix: 'e.g. HospitalWiFi;Ward2'})
  }
  return ssids.join(';')
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
      scope: p.scope,
      service: p.service ?? null,
      name: p.name,
      value: set.get(p.id)?.value ?? p.default,
      default: p.default,
      allowed: allowedText(p),
      changedAt: set.has(p.id) ? new Date(set.get(p.id)!.changedAt).toISOString() : null,
      programmaticName: p.programmaticName ?? null,
      label: paramLabel(p, cluster.version),
    }))
}

export interface SetParamResult {
  param: ParamView
  previous: string
  changed: boolean
  /** Restarts the change calls for, e.g. Cisco XCP Router on every IM and Presence node. */
  restartRequired: string | null
}

export function setParam(store: Store, clock: Clock, cluster: ClusterRow, p: ParamDef, raw: string): SetParamResult {
  const value = checkValue(p, raw)
  const previous = getParam(store, cluster, p.id)
  const changed = previous !== value
  if (changed) setParamValue(store, cluster.id, p.id, value, clock.now(), serviceMark(store))
  const view = listParams(store, cluster, p.scope, p.service).find((x) => x.id === p.id)!
  const where = p.restart?.nodes === 'imp' ? 'every IM and Presence node' : p.restart?.nodes === 'cucm' ? 'every Unified CM node' : 'every node'
  return {param: view, previous, changed, restartRequired: changed && p.restart ? `Restart ${p.restart.service} on ${where}.` : null}
}
