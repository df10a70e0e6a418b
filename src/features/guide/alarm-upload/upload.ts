import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import type {EventRow} from '../../world/clock/store.js'
import type {Store} from '../../../store/store.js'

import {
  type AlarmRow,
  type UploadKind,
  batchPayload,
  countQueued,
  deliverStagedToOutbox,
  holdBatch,
  insertBatch,
  markDelivered,
  markUploaded,
  queuedAfter,
  skipQueuedBelow,
  stagedBatches,
} from '../../platform/alarms/store.js'
import {clusterById} from '../../world/cluster/store.js'
import {getOnboarding, type OnboardingRow} from '../onboarding/store.js'
import {PiiSealer} from '../../platform/alarms/crypto.js'
import {
  ALARM_UPLOAD_EVENT,
  CMAS,
  alarmSettings,
  cmasTrace,
  followingUpload,
  rank,
  scheduleUpload,
  type Severity,
} from '../../platform/alarms/alarms.js'
import type {Clock, PeriodicHandler, RanEvent} from '../../world/clock/clock.js'
import {storedTime} from '../../world/clock/clock.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import {walkCloudPath} from '../conditions/paths.js'
import {stableUuid} from '../../../core/ids.js'
import {isRunning} from '../../platform/services/services.js'
import {iso, parseDuration} from '../../../core/time.js'
import {publisherOf} from '../../world/cluster/topology.js'
import {traceRun} from '../../platform/traces/traces.js'

/**
 * Uploads of Push Notifications alarms to the Cisco Cloud: `utils managementAgent alarms pushnow` and the upload
 * scheduled every `pushfrequency` minutes.
 *
 * An upload (1) refuses, changing nothing, when the Cisco Management Agent Service is not running on the
 * publisher, the cluster is not onboarded for Push Notifications, or "Send Troubleshooting information to the
 * Cisco Cloud" is off; (2) marks queued alarms below the minimum push level as skipped (counted, never sent);
 * (3) puts the rest, oldest first, into batches of at most BATCH_SIZE alarms (PII encrypted under the Cisco
 * Support Token, or removed) in the outbox, each alarm once; (4) delivers the batches: to the outbox itself
 * (default), or by HTTP POST to UCADMIN_CLOUD_URL, where a batch that fails to arrive is taken back and its alarms
 * are queued again. Memory stays bounded: alarms are read BATCH_SIZE at a time.
 *
 * Scheduled uploads run inside `Clock.runUntil`, which is synchronous, at their simulated time: they stage their
 * batches there, and `deliverAfterClockMove` (called through afterClockMoved when the clock has moved) delivers
 * them, so an HTTP endpoint can be used without real waiting inside the event loop.
 */

export const BATCH_SIZE = 1000
export const BATCH_FORMAT = 'ucadmin-cmas-pn-alarms/1'
export const DEFAULT_CLOUD_TIMEOUT_MS = 10_000

export type Destination =
  | {kind: 'outbox'}
  /** url has no credentials; user:password of UCADMIN_CLOUD_URL becomes a Basic authorization header. */
  | {kind: 'http'; url: string; shown: string; timeoutMs: number; authorization?: string}

type Env = Record<string, string | undefined>

/** Where uploads go: UCADMIN_CLOUD_URL (http or https), else the outbox in the store. */
export function cloudDestination(env: Env): Destination {
  const raw = env.UCADMIN_CLOUD_URL?.trim()
  if (!raw) return {kind: 'outbox'}
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    url = new URL('invalid:')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError('UCADMIN_CLOUD_URL is not an http:// or https:// URL.', {
      code: 'BAD_CLOUD_URL',
      fix: 'Set it to the endpoint that receives alarm batches, e.g. https://cloud.example.com/pn-alarms, or unset it to use the outbox.',
    })
  }
  const shown = new URL(url.href)
  shown.username = ''
  shown.password = ''
  const authorization =
    url.username || url.password
      ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
      : undefined
  let timeoutMs = DEFAULT_CLOUD_TIMEOUT_MS
  const t = env.UCADMIN_CLOUD_TIMEOUT?.trim()
  if (t) {
    timeoutMs = /^\d+$/.test(t) ? Number(t) * 1000 : parseDuration(t)
    if (timeoutMs < 1 || timeoutMs > 120_000) {
      throw new UsageError(`UCADMIN_CLOUD_TIMEOUT must be from 1ms to 120s, not ${t}.`, {
        code: 'BAD_CLOUD_TIMEOUT',
        fix: 'Use e.g. 10s or 500ms.',
      })
    }
  }
  return {kind: 'http', url: shown.href, shown: shown.href, timeoutMs, ...(authorization ? {authorization} : {})}
}

export function destinationText(d: Destination): string {
  return d.kind === 'outbox' ? 'outbox' : d.shown
}

const PHASE_TEXT: Record<OnboardingRow['phase'], string> = {
  disabled: 'Push Notifications is not enabled',
  'awaiting-tomcat': 'onboarding was saved and waits for Cisco Tomcat to restart',
  pending: 'Cisco Cloud Onboarding Pending',
  completed: 'Cloud Onboarding Completed',
}

const kept = (n: number) =>
  n === 0 ? 'nothing was sent' : `nothing was sent and the ${n} queued alarm${n === 1 ? ' is' : 's are'} kept`

/** Why the cluster cannot upload alarms now (each reason its own code), or undefined when it can. */
export function uploadBlocker(store: Store, cluster: ClusterRow): FailedError | undefined {
  const pub = publisherOf(store, cluster.id)
  const queued = countQueued(store, cluster.id)
  if (pub.state !== 'up') {
    return new FailedError(
      `The publisher ${pub.host} is ${pub.state === 'down' ? 'down' : 'shut down'}, so the ${CMAS} is not running; ${kept(queued)}.`,
      {
        code: 'CMAS_NOT_RUNNING',
        fix: `Bring it back with \`ucadmin sim fault node-up ${pub.host}\`.`,
      },
    )
  }
  if (!isRunning(store, pub, CMAS)) {
    return new FailedError(`The ${CMAS} is not running on the publisher ${pub.host}; ${kept(queued)}.`, {
      code: 'CMAS_NOT_RUNNING',
      fix: `Start it: ucadmin utils service start ${CMAS} --node ${pub.host}`,
    })
  }
  const o = getOnboarding(store, cluster.id)
  if (o.phase !== 'completed' || !o.push) {
    const why = o.phase === 'completed' ? 'Push Notifications is not enabled' : PHASE_TEXT[o.phase]
    return new FailedError(
      `Cluster ${cluster.name} is not onboarded for Push Notifications (${why}); ${kept(queued)}.`,
      {
        code: 'NOT_ONBOARDED',
        fix: 'Complete Cisco Cloud Onboarding first (see `ucadmin onboarding status`); the status must be "Cloud Onboarding Completed".',
      },
    )
  }
  const path = uploadPathBlocker(store, cluster, pub, queued)
  if (path) return path
  if (!o.troubleshooting) {
    return new FailedError(
      `"Send Troubleshooting information to the Cisco Cloud" is off for cluster ${cluster.name}; ${kept(queued)}.`,
      {
        code: 'TROUBLESHOOTING_OFF',
        fix: 'Turn it on: ucadmin onboarding save --troubleshooting on',
      },
    )
  }
  if (o.encryptedPii && !o.supportToken) {
    return new FailedError(
      `"Send encrypted PII" is on for cluster ${cluster.name} but it has no Cisco Support Token to encrypt with; ${kept(queued)}.`,
      {
        code: 'NO_SUPPORT_TOKEN',
        fix: 'Save the Cisco Cloud Onboarding page again (`ucadmin onboarding save`), or turn encrypted PII off.',
      },
    )
  }
  return undefined
}

/**
 * The upload is a path to the Cisco cloud (issue 20): the Management Agent on the publisher, DNS, the proxy, port 443
 * to fos-a.wbx2.com, and the 11.5(1)SU2 upgrade rule, walked by the one condition table (src/features/guide/conditions/paths.ts).
 */
function uploadPathBlocker(store: Store, cluster: ClusterRow, pub: NodeRow, queued: number): FailedError | undefined {
  const w = walkCloudPath(store, {now: () => storedTime(store)}, cluster, pub, 'upload')
  const f = w.failure
  if (!f) return undefined
  return new FailedError(
    `The upload to the Cisco Cloud cannot be sent from ${pub.host}: ${f.detail} (${f.status} ${f.reason} at ${f.hop}); ${kept(queued)}.`,
    {
      code: f.id === 'upgrade-11.5(1)SU2' ? 'UPGRADE_11_5_SU2' : 'CLOUD_UNREACHABLE',
      fix: `${f.fix ?? ''} (condition ${f.id})`.trim(),
      details: {condition: f.id, hop: f.hop, status: f.status, hops: w.hops},
    },
  )
}

/**
 * Runs one step of an upload atomically. Inside a command's transaction (the default) a step simply runs; pushnow
 * over HTTP passes a step that commits, so that a batch the endpoint has acknowledged is recorded as sent at once
 * and an interrupted pushnow never sends it again as new (a retried batch keeps its id: receivers drop duplicates
 * by batch id, the Idempotency-Key header).
 */
export type Step = <T>(fn: () => T) => T
const inline: Step = (fn) => fn()

export type Progress = (phase: 'packing' | 'sending', done: number, total: number) => void

export interface StageResult {
  /** Alarms put into batches by this upload. */
  uploaded: number
  skippedBelowLevel: number
  minPushLevel: Severity
  batches: number[]
}

function batchDocument(
  cluster: ClusterRow,
  o: OnboardingRow,
  kind: UploadKind,
  at: number,
  level: Severity,
  alarms: AlarmRow[],
  pkid: string,
): string {
  const sealer = o.encryptedPii && o.supportToken ? new PiiSealer(o.supportToken, pkid) : undefined
  // Back-logs share raise times: format each distinct time once.
  const times = new Map<number, string>()
  const time = (ms: number) => times.get(ms) ?? (times.set(ms, iso(ms)), iso(ms))
  return JSON.stringify({
    format: BATCH_FORMAT,
    batchId: pkid,
    customerClusterId: o.customerClusterId,
    release: cluster.version,
    uploadedAt: iso(at),
    kind,
    minPushLevel: level,
    alarmCount: alarms.length,
    pii: sealer ? sealer.header : {mode: 'removed'},
    alarms: alarms.map((a) => ({
      id: a.id,
      raisedAt: time(a.raisedAt),
      severity: a.severity,
      name: a.name,
      message: a.message,
      nodeRole: a.nodeRole,
      source: a.source,
      ...(sealer
        ? {pii: sealer.seal(a.id, {userName: a.userName, hostName: a.hostName, deviceName: a.deviceName})}
        : {}),
    })),
  })
}

/**
 * Packs the queued alarms into staged batches (the caller has checked uploadBlocker). Alarms below the minimum
 * level become skipped. Synchronous; reads and writes BATCH_SIZE alarms at a time, each batch in its own `step`
 * (pushnow commits each, so a large backlog never holds the state file's lock for long).
 */
export function stageUpload(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  kind: UploadKind,
  progress?: Progress,
  step: Step = inline,
): StageResult {
  const at = clock.now()
  const {minPushLevel} = alarmSettings(store, cluster.id)
  const o = getOnboarding(store, cluster.id)
  const {skippedBelowLevel, total} = step(() => ({
    skippedBelowLevel: skipQueuedBelow(store, cluster.id, rank(minPushLevel), at),
    total: countQueued(store, cluster.id),
  }))
  const r: StageResult = {uploaded: 0, skippedBelowLevel, minPushLevel, batches: []}
  for (let after = 0; ;) {
    const packed = step(() => packBatch(store, cluster, o, kind, at, minPushLevel, after))
    if (packed === undefined) break
    r.batches.push(packed.id)
    r.uploaded += packed.count
    after = packed.last
    progress?.('packing', r.uploaded, total)
  }
  return r
}

/** One batch of the queued alarms after `after` (none left: undefined). */
function packBatch(
  store: Store,
  cluster: ClusterRow,
  o: OnboardingRow,
  kind: UploadKind,
  at: number,
  minPushLevel: Severity,
  after: number,
): {id: number; count: number; last: number} | undefined {
  const chunk = queuedAfter(store, cluster.id, after, BATCH_SIZE)
  if (chunk.length === 0) return undefined
  const first = chunk[0].id
  const last = chunk.at(-1)!.id
  const pkid = stableUuid('pn-alarm-batch', String(cluster.id), kind, String(at), String(first), String(last))
  const payload = batchDocument(cluster, o, kind, at, minPushLevel, chunk, pkid)
  const id = insertBatch(store, {
    pkid,
    clusterId: cluster.id,
    uploadedAt: at,
    kind,
    alarmCount: chunk.length,
    minPushLevel,
    pii: o.encryptedPii ? 'encrypted' : 'removed',
    destination: null,
    deliveredAt: null,
    payload,
  })
  markUploaded(store, cluster.id, first, last, id, at)
  return {id, count: chunk.length, last}
}

export interface DeliveryResult {
  destination: string
  /** Batches (and their alarms) that arrived. */
  deliveredBatches: number
  deliveredAlarms: number
  /** Alarms taken back into the queue because their batch did not arrive. */
  requeued: number
  error?: FailedError
}

/**
 * POSTs one batch, waiting at most `waitMs` for the answer. Only the status is read: the body of the answer is
 * never read (a cloud answering with a huge body costs nothing), the connection is released at once.
 */
async function post(
  dest: Extract<Destination, {kind: 'http'}>,
  pkid: string,
  body: string,
  waitMs: number,
  first: boolean,
): Promise<void> {
  let res: Response
  try {
    res = await fetch(dest.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'idempotency-key': pkid,
        'user-agent': 'ucadmin-cmas',
        ...(dest.authorization ? {authorization: dest.authorization} : {}),
      },
      body,
      redirect: 'error',
      signal: AbortSignal.timeout(Math.max(1, Math.ceil(waitMs))),
    })
  } catch (error) {
    const e = error as Error & {cause?: {code?: string; message?: string}}
    if (e.name === 'TimeoutError' || e.name === 'AbortError') {
      throw new Error(
        !first
          ? `no answer within the ${dest.timeoutMs / 1000}s this upload may wait in all`
          : `no answer within ${dest.timeoutMs / 1000}s`,
      )
    }
    throw new Error(e.cause?.code ?? e.cause?.message ?? e.message)
  }
  await res.body?.cancel().catch(() => undefined)
  if (!res.ok) throw new Error(`HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`)
}

/**
 * Delivers the cluster's staged batches, oldest first. To the outbox: all at once. Over HTTP: one POST per batch
 * (with an Idempotency-Key header, the batch id), each recorded as delivered (in its own step) as soon as the
 * endpoint acknowledges it. The network waits of one delivery are bounded as a whole by the destination's timeout
 * (UCADMIN_CLOUD_TIMEOUT): a slow endpoint cannot make a command wait batches times its delay. At the first
 * failure (or when that time is spent) that batch and every later one stay staged under their batch ids, their
 * alarms queued in them (sent again, as the same batches, by the next upload); the failure is traced, and
 * returned in `error`. Callers run it outside any transaction when `tx` commits, so no lock is held while waiting.
 */
export async function deliverStaged(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  dest: Destination,
  progress?: Progress,
  tx: Step = inline,
  deadline = performance.now() + (dest.kind === 'http' ? dest.timeoutMs : 0),
): Promise<DeliveryResult> {
  const staged = stagedBatches(store, cluster.id)
  const r: DeliveryResult = {destination: destinationText(dest), deliveredBatches: 0, deliveredAlarms: 0, requeued: 0}
  if (staged.length === 0) return r
  if (dest.kind === 'outbox') {
    tx(() => deliverStagedToOutbox(store, cluster.id))
    r.deliveredBatches = staged.length
    r.deliveredAlarms = staged.reduce((n, b) => n + b.alarmCount, 0)
    return r
  }
  const total = staged.reduce((n, b) => n + b.alarmCount, 0)
  for (const [i, b] of staged.entries()) {
    try {
      const left = deadline - performance.now()
      if (left <= 0) throw new Error(`no answer within the ${dest.timeoutMs / 1000}s this upload may wait in all`)
      await post(dest, b.pkid, batchPayload(store, b.id)!, left, i === 0)
    } catch (error) {
      const why = (error as Error).message
      tx(() => {
        for (const rest of staged.slice(i)) r.requeued += holdBatch(store, rest.id)
        cmasTrace(
          store,
          clock,
          cluster.id,
          'ERROR',
          `Upload of batch ${b.pkid} to ${dest.shown} failed: ${why}; ${r.requeued === 1 ? '1 alarm' : `${r.requeued} alarms`} queued again`,
        )
      })
      r.error = new FailedError(
        `The upload to ${dest.shown} failed (${why}); ${r.deliveredBatches ? `${r.deliveredAlarms} alarms arrived, ` : ''}${r.requeued === 1 ? '1 alarm stays' : `${r.requeued} alarms stay`} queued.`,
        {
          code: 'UPLOAD_FAILED',
          fix: 'Check the endpoint and UCADMIN_CLOUD_URL, then run `utils managementAgent alarms pushnow` again: it sends the same batches, under the same batch ids (or unset UCADMIN_CLOUD_URL to use the outbox).',
        },
      )
      return r
    }
    tx(() => markDelivered(store, b.id, dest.shown, clock.now()))
    r.deliveredBatches++
    r.deliveredAlarms += b.alarmCount
    progress?.('sending', r.deliveredAlarms, total)
  }
  return r
}

export interface PushNowResult {
  uploaded: number
  skippedBelowLevel: number
  pending: number
  minPushLevel: Severity
  batches: number
  destination: string
  /** Set when some batches arrived and a later one did not (exit 1; what arrived stays uploaded). */
  error?: {code: string; message: string; fix: string | null; exitCode: 1}
}

/**
 * `utils managementAgent alarms pushnow`: uploads every queued alarm at or above the minimum level, now. Throws
 * (nothing changed) when the cluster cannot upload or when no batch arrives; returns a result with `error` when
 * only some batches arrived.
 */
export async function pushNow(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  dest: Destination,
  progress?: Progress,
  tx: Step = inline,
): Promise<PushNowResult> {
  tx(() => {
    const blocker = uploadBlocker(store, cluster)
    if (blocker) throw blocker
  })
  const s = stageUpload(store, clock, cluster, 'pushnow', progress, tx)
  const d = await deliverStaged(store, clock, cluster, dest, progress, tx)
  if (d.error && d.deliveredBatches === 0) throw d.error
  const r: PushNowResult = {
    uploaded: d.deliveredAlarms,
    skippedBelowLevel: s.skippedBelowLevel,
    pending: countQueued(store, cluster.id),
    minPushLevel: s.minPushLevel,
    batches: d.deliveredBatches,
    destination: d.destination,
  }
  tx(() =>
    cmasTrace(
      store,
      clock,
      cluster.id,
      d.error ? 'ERROR' : 'INFO',
      `pushnow: uploaded ${r.uploaded} alarms in ${r.batches} batch(es) to ${r.destination}; ${r.skippedBelowLevel} below ${s.minPushLevel} skipped; ${r.pending} pending`,
      'CLI',
    ),
  )
  if (d.error) r.error = {code: d.error.code, message: d.error.message, fix: d.error.fix ?? null, exitCode: 1}
  return r
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`
const batches = (n: number) => plural(n, 'batch', 'batches')

/** The scheduled upload (event 'alarm-upload'): runs at its simulated time and schedules the next one. */
function runScheduledUpload(store: Store, clock: Clock, e: EventRow): string {
  const cluster = e.clusterId === null ? undefined : clusterById(store, e.clusterId)
  if (!cluster) return 'no such cluster any more'
  const {pushFrequencyMinutes} = alarmSettings(store, cluster.id)
  const next = followingUpload(e.dueAt, pushFrequencyMinutes)
  scheduleUpload(store, cluster.id, next)
  const queued = countQueued(store, cluster.id)
  if (queued === 0) return `${cluster.name}: no alarms queued`
  const blocker = uploadBlocker(store, cluster)
  if (blocker) {
    cmasTrace(store, clock, cluster.id, 'ERROR', `Scheduled upload not sent: ${blocker.message}`, 'AlarmUploadTimer')
    return `${cluster.name}: not sent (${blocker.code}): ${queued === 1 ? '1 alarm stays' : `${queued} alarms stay`} queued`
  }
  const s = stageUpload(store, clock, cluster, 'scheduled')
  if (s.batches.length === 0 && s.skippedBelowLevel === 0) {
    // Every queued alarm waits in a batch that did not arrive: it is sent again as it is, under its batch id.
    return `${cluster.name}: ${queued === 1 ? '1 alarm waits' : `${queued} alarms wait`} in staged batches, to be sent again under their batch ids`
  }
  cmasTrace(
    store,
    clock,
    cluster.id,
    'INFO',
    `Scheduled upload: ${plural(s.uploaded, 'alarm')} in ${batches(s.batches.length)}; ${s.skippedBelowLevel} below ${s.minPushLevel} skipped; next upload at ${iso(next)}`,
    'AlarmUploadTimer',
  )
  return `${cluster.name}: ${plural(s.uploaded, 'alarm')} uploaded in ${batches(s.batches.length)}, ${s.skippedBelowLevel} below ${s.minPushLevel} skipped`
}

/**
 * The scheduled upload as a periodic event: with nothing queued an upload only schedules the next one, so a run of
 * them is fast-forwarded at once (the schedule counts from due times, so the next one is in closed form).
 */
export const scheduledUpload: PeriodicHandler = {
  run: runScheduledUpload,
  quietUntil(store, _clock, e) {
    const cluster = e.clusterId === null ? undefined : clusterById(store, e.clusterId)
    // Nothing queued, or a queue that cannot be sent (the same reason each time, traced each time): the outcome
    // stays the same until another event changes the queue or the cluster.
    return cluster && (countQueued(store, cluster.id) === 0 || uploadBlocker(store, cluster)) ? Infinity : e.dueAt
  },
  fastForward(store, _clock, e, until) {
    const cluster = clusterById(store, e.clusterId!)!
    const every = followingUpload(0, alarmSettings(store, cluster.id).pushFrequencyMinutes)
    const count = Math.ceil((until - e.dueAt) / every)
    const last = e.dueAt + (count - 1) * every
    const queued = countQueued(store, cluster.id)
    const blocker = queued === 0 ? undefined : uploadBlocker(store, cluster)
    let summary = `${cluster.name}: no alarms queued`
    if (blocker) {
      const pub = publisherOf(store, cluster.id)
      traceRun(store, pub, CMAS, {first: e.dueAt, every, count}, () => ({
        level: 'ERROR',
        message: `Scheduled upload not sent: ${blocker.message}`,
        source: {thread: 'AlarmUploadTimer', at: ''},
      }))
      summary = `${cluster.name}: not sent (${blocker.code}): ${queued === 1 ? '1 alarm stays' : `${queued} alarms stay`} queued`
    }
    return {
      ran: {
        at: iso(e.dueAt),
        kind: ALARM_UPLOAD_EVENT,
        summary,
        ...(count > 1 ? {count, lastAt: iso(last), everyMs: every} : {}),
      },
      lastAt: last,
      next: last + every,
    }
  },
}

/**
 * After the clock moved: delivers the batches scheduled uploads staged, for every cluster. With the outbox as
 * destination this is immediate and silent; with UCADMIN_CLOUD_URL each cluster's delivery is reported as an
 * 'alarm-delivery' entry (a failure queues the alarms again and is traced; the clock move itself succeeds).
 */
export async function deliverAfterClockMove(
  store: Store,
  clock: Clock,
  env: Env,
  step: Step = inline,
): Promise<RanEvent[]> {
  const clusters = [...new Set(stagedBatches(store).map((b) => b.clusterId))]
  if (clusters.length === 0) return []
  const dest = cloudDestination(env)
  // Real time, like the network: one bound for every network wait of the command.
  const deadline = performance.now() + (dest.kind === 'http' ? dest.timeoutMs : 0)
  const ran: RanEvent[] = []
  for (const id of clusters) {
    const cluster = clusterById(store, id)!
    const d = await deliverStaged(store, clock, cluster, dest, undefined, step, deadline)
    if (dest.kind === 'outbox') continue
    const summary = d.error
      ? `${cluster.name}: ${d.error.message}`
      : `${cluster.name}: ${plural(d.deliveredAlarms, 'alarm')} in ${batches(d.deliveredBatches)} delivered to ${d.destination}`
    ran.push({at: iso(clock.now()), kind: 'alarm-delivery', summary})
  }
  return ran
}

export {ALARM_UPLOAD_EVENT}
