import type {NodeRow} from '../../world/cluster/store.js'
import type {ServiceAction} from '../services/store.js'
import type {Store} from '../../../store/store.js'

import {getAlarmSettings, insertAlarm, saveAlarmSettings, type NewAlarm} from './store.js'
import {listNodes} from '../../world/cluster/store.js'
import {cancelEvents, pendingEvents, scheduleEvent} from '../../world/clock/store.js'
import type {Clock} from '../../world/clock/clock.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import {trace, type TraceLevel} from '../traces/traces.js'

/**
 * Push Notifications alarms as the Cisco Management Agent Service (CMAS) handles them: severities, the two settings
 * of `utils managementAgent alarms` (push frequency and minimum push level), and the alarm queue's entry point,
 * raiseAlarm. Uploads are in src/features/guide/alarm-upload/upload.ts.
 */

export {CMAS} from '../services/names.js'
export {serviceChangeAlarm} from './service-alarms.js'
import {serviceChangeAlarm} from './service-alarms.js'
import {CMAS} from '../services/names.js'

/** Alarm severities from most to least severe, as the guide lists them for `minpushlevel`. */
export const LEVELS = ['Critical', 'Error', 'Warning', 'Notice', 'Information'] as const
export type Severity = (typeof LEVELS)[number]

export const DEFAULT_PUSH_FREQUENCY = 30
export const MIN_PUSH_FREQUENCY = 5
export const MAX_PUSH_FREQUENCY = 90
export const DEFAULT_MIN_PUSH_LEVEL: Severity = 'Error'

/** The event kind of a cluster's scheduled upload (also written by the trigger in migration 003). */
export const ALARM_UPLOAD_EVENT = 'alarm-upload'

const MINUTE = 60_000

/** 0 for Critical .. 4 for Information: a lower rank is more severe. */
export function rank(s: Severity): number {
  return LEVELS.indexOf(s)
}

/** Whether an alarm of severity `s` is sent when the minimum push level is `min`. */
export function atOrAbove(s: Severity, min: Severity): boolean {
  return rank(s) <= rank(min)
}

/** The severities sent at a minimum level, most severe first. */
export function levelsSent(min: Severity): Severity[] {
  return LEVELS.filter((l) => atOrAbove(l, min))
}

const LEVEL_FIX = `Use one of ${LEVELS.join(', ')} (most to least severe; any letter case).`

/** An alarm level as typed, in any letter case. */
export function parseLevel(text: string | undefined, what = 'alarm level'): Severity {
  const t = (text ?? '').trim()
  if (!t) throw new UsageError(`The ${what} is empty.`, {code: 'BAD_LEVEL', fix: LEVEL_FIX})
  const hit = LEVELS.find((l) => l.toLowerCase() === t.toLowerCase())
  if (!hit) throw new UsageError(`"${text}" is not an alarm level.`, {code: 'BAD_LEVEL', fix: LEVEL_FIX})
  return hit
}

/** The guide's range of the push frequency: a whole number of minutes from 5 to 90. */
export function checkPushFrequency(minutes: number): number {
  if (!Number.isInteger(minutes) || minutes < MIN_PUSH_FREQUENCY || minutes > MAX_PUSH_FREQUENCY) {
    throw new UsageError(
      `The push frequency must be a whole number of minutes from ${MIN_PUSH_FREQUENCY} to ${MAX_PUSH_FREQUENCY}, not ${minutes}.`,
      {
        code: 'BAD_FREQUENCY',
        fix: `E.g. \`utils managementAgent alarms pushfrequency ${DEFAULT_PUSH_FREQUENCY}\`.`,
      },
    )
  }
  return minutes
}

export interface AlarmSettings {
  pushFrequencyMinutes: number
  minPushLevel: Severity
}

export function alarmSettings(store: Store, clusterId: number): AlarmSettings {
  const s = getAlarmSettings(store, clusterId)
  return {
    pushFrequencyMinutes: s?.pushFrequencyMinutes ?? DEFAULT_PUSH_FREQUENCY,
    minPushLevel: (s?.minPushLevel as Severity | undefined) ?? DEFAULT_MIN_PUSH_LEVEL,
  }
}

/** The cluster's next scheduled upload, if one is scheduled. */
export function nextUploadAt(store: Store, clusterId: number): number | undefined {
  return pendingEvents(store, ALARM_UPLOAD_EVENT).find((e) => e.clusterId === clusterId)?.dueAt
}

/** Replaces the cluster's scheduled upload with one at `at`. */
export function scheduleUpload(store: Store, clusterId: number, at: number): void {
  cancelEvents(store, ALARM_UPLOAD_EVENT, {clusterId})
  scheduleEvent(store, {dueAt: at, kind: ALARM_UPLOAD_EVENT, clusterId, nodeId: null, payload: null})
}

/** The time of the upload after one at `at`: the schedule has no drift (it counts from due times, not run times). */
export function followingUpload(at: number, frequencyMinutes: number): number {
  return at + frequencyMinutes * MINUTE
}

/** Every cluster has a scheduled upload; this puts one back if it is missing (due one period from now). */
export function ensureUploadScheduled(store: Store, clock: Clock, clusterId: number): number {
  const at = nextUploadAt(store, clusterId)
  if (at !== undefined) return at
  const next = followingUpload(clock.now(), alarmSettings(store, clusterId).pushFrequencyMinutes)
  scheduleUpload(store, clusterId, next)
  return next
}

/** `pushfrequency` and `minpushlevel` run on the CUCM publisher only, as the guide says. */
export function requirePublisher(store: Store, node: NodeRow, command: string): void {
  if (node.role !== 'publisher') {
    const pub = listNodes(store, node.clusterId).find((n) => n.role === 'publisher')
    const what = {
      subscriber: 'a Unified CM subscriber',
      'imp-publisher': 'an IM and Presence publisher',
      'imp-subscriber': 'an IM and Presence subscriber',
      publisher: '',
    }[node.role]
    throw new FailedError(
      `utils managementAgent alarms ${command} runs on the Unified CM publisher only; ${node.host} is ${what}.`,
      {
        code: 'NOT_PUBLISHER',
        fix: `Log in to the publisher${pub ? ` ${pub.host}: use --node ${pub.host}, or leave --node out` : ''}.`,
      },
    )
  }
  if (node.state !== 'up') {
    throw new FailedError(
      `${node.host} is ${node.state === 'down' ? 'down (not reachable)' : 'shut down'}; you cannot log in to it.`,
      {
        code: 'NODE_DOWN',
        fix: `Bring it back with \`ucadmin sim fault node-up ${node.host}\`.`,
      },
    )
  }
}

export interface FrequencyResult {
  pushFrequencyMinutes: number
  previous: number
  changed: boolean
  default: number
  nextUploadAt: string | null
}

/** `pushfrequency MINUTES`: a change reschedules the next upload to MINUTES from now. */
export function setPushFrequency(
  store: Store,
  clock: Clock,
  node: NodeRow,
  minutes: number,
): {previous: number; next: number} {
  const cur = alarmSettings(store, node.clusterId)
  const changed = cur.pushFrequencyMinutes !== minutes
  if (changed) {
    saveAlarmSettings(store, {
      clusterId: node.clusterId,
      pushFrequencyMinutes: minutes,
      minPushLevel: cur.minPushLevel,
      changedAt: clock.now(),
    })
    scheduleUpload(store, node.clusterId, followingUpload(clock.now(), minutes))
    cmasTrace(
      store,
      clock,
      node.clusterId,
      'INFO',
      `Alarm push frequency changed from ${cur.pushFrequencyMinutes} to ${minutes} minutes; next upload in ${minutes} minutes`,
      'CLI',
    )
  }
  return {previous: cur.pushFrequencyMinutes, next: ensureUploadScheduled(store, clock, node.clusterId)}
}

export function setMinPushLevel(store: Store, clock: Clock, node: NodeRow, level: Severity): {previous: Severity} {
  const cur = alarmSettings(store, node.clusterId)
  if (cur.minPushLevel !== level) {
    saveAlarmSettings(store, {
      clusterId: node.clusterId,
      pushFrequencyMinutes: cur.pushFrequencyMinutes,
      minPushLevel: level,
      changedAt: clock.now(),
    })
    cmasTrace(
      store,
      clock,
      node.clusterId,
      'INFO',
      `Minimum alarm push level changed from ${cur.minPushLevel} to ${level}`,
      'CLI',
    )
  }
  return {previous: cur.minPushLevel}
}

/** A line in the Cisco Management Agent Service trace (cm/trace/cmas/log4j/) of the cluster's CUCM publisher. */
export function cmasTrace(
  store: Store,
  clock: Clock,
  clusterId: number,
  level: TraceLevel,
  message: string,
  thread = 'AlarmUploader',
): void {
  const pub = listNodes(store, clusterId).find((n) => n.role === 'publisher')
  if (pub) trace(store, clock, pub, CMAS, level, message, {thread, at: ''})
}

// ---- the alarm queue ----------------------------------------------------------------------------------------------

/** Personally identifiable information carried by an alarm (encrypted or removed before upload). */
export interface AlarmPii {
  /** User name. */
  user?: string | null
  /** Host name (defaults to the raising node's host name). */
  host?: string | null
  /** Device name. */
  device?: string | null
}

export interface AlarmInput {
  severity: Severity | string
  /** Alarm name, CUCM style: e.g. CriticalServiceDown, PushNotificationTokenFetchFailed. */
  name: string
  /** Alarm text. Keep PII out of it: put user, host and device names in `pii`. */
  message: string
  pii?: AlarmPii
  /** 'system' (default) for alarms the simulated cluster raises, 'sim' for `sim alarm raise`. */
  source?: 'system' | 'sim'
}

export interface RaisedAlarms {
  firstId: number
  lastId: number
  count: number
}

const MAX_TEXT = 2000

function alarmRow(node: NodeRow, clock: Clock, a: AlarmInput): NewAlarm {
  const severity = parseLevel(a.severity, 'alarm severity')
  const message = a.message.trim()
  if (!message)
    throw new UsageError('The alarm text is empty.', {
      code: 'BAD_ALARM',
      fix: 'Give the alarm text with --message TEXT.',
    })
  if (message.length > MAX_TEXT)
    throw new UsageError(`The alarm text is ${message.length} characters long; at most ${MAX_TEXT}.`, {
      code: 'BAD_ALARM',
      fix: 'Shorten it.',
    })
  const name = a.name.trim()
  if (!/^[A-Za-z][A-Za-z0-9_]{0,79}$/.test(name)) {
    throw new UsageError(`"${a.name}" is not an alarm name.`, {
      code: 'BAD_ALARM',
      fix: 'Use letters, digits and _ starting with a letter, CUCM style (e.g. CriticalServiceDown).',
    })
  }
  const clean = (v: string | null | undefined) => (v === undefined || v === null || v.trim() === '' ? null : v.trim())
  return {
    clusterId: node.clusterId,
    nodeId: node.id,
    node: node.host,
    nodeRole: node.role,
    raisedAt: clock.now(),
    severity,
    rank: rank(severity),
    name,
    message,
    source: a.source ?? 'system',
    userName: clean(a.pii?.user),
    hostName: a.pii?.host === undefined ? node.host : clean(a.pii.host),
    deviceName: clean(a.pii?.device),
  }
}

/**
 * Queues a Push Notifications alarm raised on `node` (now, by the simulated clock) for the cluster's next upload,
 * and notes it in the publisher's CMAS trace. Throws UsageError for an unknown severity or an empty text. Returns
 * the alarm's id. Other features call this for their failures (a failed token fetch, a failed push).
 */
export function raiseAlarm(store: Store, clock: Clock, node: NodeRow, a: AlarmInput): number {
  const row = alarmRow(node, clock, a)
  const id = insertAlarm(store, row)
  cmasTrace(
    store,
    clock,
    node.clusterId,
    row.rank <= 1 ? 'WARN' : 'INFO',
    `Queued alarm ${id} ${row.name} (${row.severity}) from ${row.node}: ${row.message}`,
    'AlarmCollector',
  )
  return id
}

/** The same alarm `count` times (harness back-logs): one trace line, not one per alarm. */
export function raiseAlarms(store: Store, clock: Clock, node: NodeRow, a: AlarmInput, count: number): RaisedAlarms {
  const row = alarmRow(node, clock, a)
  let firstId = 0
  let lastId = 0
  for (let i = 0; i < count; i++) {
    lastId = insertAlarm(store, row)
    if (i === 0) firstId = lastId
  }
  const ids = count === 1 ? `alarm ${firstId}` : `${count} alarms (${firstId}-${lastId})`
  cmasTrace(
    store,
    clock,
    node.clusterId,
    row.rank <= 1 ? 'WARN' : 'INFO',
    `Queued ${ids} ${row.name} (${row.severity}) from ${row.node}: ${row.message}`,
    'AlarmCollector',
  )
  return {firstId, lastId, count}
}

export const MAX_RAISE_COUNT = 1_000_000

/** The alarm a service change raises, if any: an operator stop or deactivation (Notice), a crash (Critical). */

/** Called from afterServiceChange: a stopping or crashing service raises an alarm on its node. */
export function alarmOnServiceChange(
  store: Store,
  clock: Clock,
  node: NodeRow,
  service: string,
  action: ServiceAction,
): void {
  const a = serviceChangeAlarm(service, action)
  if (a) raiseAlarm(store, clock, node, a)
}
