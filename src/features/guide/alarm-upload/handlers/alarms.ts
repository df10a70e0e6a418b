import {handler, type Ctx} from '../../../../command/handler.js'
import {escapeControls} from '../../../../core/text.js'
import {decryptBatch, parseBatchDocument, type BatchDocument, type PiiFields} from '../../../platform/alarms/crypto.js'
import {cloudDestination, pushNow, uploadBlocker, type Progress, type PushNowResult} from '../upload.js'
import {
  DEFAULT_MIN_PUSH_LEVEL,
  DEFAULT_PUSH_FREQUENCY,
  alarmSettings,
  ensureUploadScheduled,
  levelsSent,
  nextUploadAt,
  parseLevel,
  checkPushFrequency,
  raiseAlarm,
  raiseAlarms,
  requirePublisher,
  setMinPushLevel,
  setPushFrequency,
  type Severity,
} from '../../../platform/alarms/alarms.js'
import {FailedError, UsageError} from '../../../../core/errors.js'
import {KiB, MiB, readFileLimited, readStreamLimited} from '../../../../core/read.js'
import {iso} from '../../../../core/time.js'
import {cucmCell, cucmTable} from '../../../../render/table.js'
import {
  type AlarmCounts,
  type AlarmState,
  countAlarms,
  countBatches,
  findBatch,
  lastAlarms,
  lastBatches,
  lastUploadAt,
} from '../../../platform/alarms/store.js'

// ---- utils managementAgent alarms pushfrequency | minpushlevel (pushlevel) | pushnow --------------------------------

export interface FrequencyResult {
  pushFrequencyMinutes: number
  /** The value before this command; null when the command only showed it. */
  previous: number | null
  changed: boolean
  default: number
  nextUploadAt: string
}

export const pushfrequency = handler<FrequencyResult>({
  run(ctx, {args}) {
    const minutes = args.minutes === undefined ? undefined : checkPushFrequency(Number(args.minutes))
    const node = ctx.node()
    requirePublisher(ctx.store, node, 'pushfrequency')
    if (minutes === undefined) {
      const cur = alarmSettings(ctx.store, node.clusterId).pushFrequencyMinutes
      const next = ensureUploadScheduled(ctx.store, ctx.clock, node.clusterId)
      return {
        pushFrequencyMinutes: cur,
        previous: null,
        changed: false,
        default: DEFAULT_PUSH_FREQUENCY,
        nextUploadAt: iso(next),
      }
    }
    const {previous, next} = setPushFrequency(ctx.store, ctx.clock, node, minutes)
    return {
      pushFrequencyMinutes: minutes,
      previous,
      changed: previous !== minutes,
      default: DEFAULT_PUSH_FREQUENCY,
      nextUploadAt: iso(next),
    }
  },
  human(ctx, r) {
    if (r.previous !== null) ctx.out.line(`Alarm push frequency set to ${r.pushFrequencyMinutes} minutes.`)
    else
      ctx.out.line(
        `Alarm push frequency is ${r.pushFrequencyMinutes} minutes${r.pushFrequencyMinutes === r.default ? ' (default)' : ''}.`,
      )
    ctx.out.line(`Next scheduled upload: ${r.nextUploadAt}`)
  },
})

export interface LevelResult {
  minPushLevel: Severity
  /** The level before this command; null when the command only showed it. */
  previous: Severity | null
  changed: boolean
  default: Severity
  /** The severities that are sent at this level, most severe first. */
  levelsSent: Severity[]
}

export const minpushlevel = handler<LevelResult>({
  run(ctx, {args}) {
    const level = args.level === undefined ? undefined : parseLevel(args.level)
    const node = ctx.node()
    requirePublisher(ctx.store, node, 'minpushlevel')
    if (level === undefined) {
      const cur = alarmSettings(ctx.store, node.clusterId).minPushLevel
      return {
        minPushLevel: cur,
        previous: null,
        changed: false,
        default: DEFAULT_MIN_PUSH_LEVEL,
        levelsSent: levelsSent(cur),
      }
    }
    const {previous} = setMinPushLevel(ctx.store, ctx.clock, node, level)
    return {
      minPushLevel: level,
      previous,
      changed: previous !== level,
      default: DEFAULT_MIN_PUSH_LEVEL,
      levelsSent: levelsSent(level),
    }
  },
  human(ctx, r) {
    const shown =
      r.levelsSent.length === 1 ? r.levelsSent[0] : `${r.levelsSent.slice(0, -1).join(', ')} and ${r.levelsSent.at(-1)}`
    if (r.previous !== null) ctx.out.line(`Minimum alarm push level set to ${r.minPushLevel}.`)
    else
      ctx.out.line(`Minimum alarm push level is ${r.minPushLevel}${r.minPushLevel === r.default ? ' (default)' : ''}.`)
    ctx.out.line(`Alarms of severity ${shown} are sent to the Cisco Cloud.`)
  },
})

/** A progress line on stderr, for people at a terminal only (never in scripts or with --json). */
function progressFor(ctx: Ctx): Progress | undefined {
  if (!ctx.interactive) return undefined
  let shown = -1
  return (phase, done, total) => {
    const pct = total ? Math.floor((done * 100) / total) : 100
    if (pct === shown) return
    shown = pct
    ctx.io.err.write(`\r${phase === 'packing' ? 'Packing' : 'Sending'} alarms: ${done}/${total} (${pct}%)\u001B[K`)
  }
}

/**
 * pushnow commits its own steps (the check, each batch as it is packed, then each batch as the endpoint acknowledges
 * it), so a large backlog never holds the write lock for long, an interrupted upload keeps what arrived, and no
 * lock is held while waiting for the network (bounded as a whole by UCADMIN_CLOUD_TIMEOUT). A batch that did not
 * arrive stays staged under its batch id and is sent again, as the same batch, by the next upload.
 */
export const pushnow = handler<PushNowResult>({
  ownTransactions: true,
  async run(ctx) {
    const tx = <T>(fn: () => T): T => ctx.store.db.transaction(fn).immediate()
    const node = ctx.node()
    requirePublisher(ctx.store, node, 'pushnow')
    const dest = cloudDestination(ctx.env)
    const progress = progressFor(ctx)
    try {
      return await pushNow(ctx.store, ctx.clock, ctx.cluster(), dest, progress, tx)
    } finally {
      if (progress) ctx.io.err.write('\r\u001B[K')
    }
  },
  human(ctx, r) {
    if (r.uploaded === 0 && r.skippedBelowLevel === 0 && !r.error) {
      ctx.out.line('No Push Notifications alarms are queued; nothing to upload.')
      return
    }
    ctx.out.line(
      `Uploaded ${r.uploaded} alarm${r.uploaded === 1 ? '' : 's'} to the Cisco Cloud (${r.destination}) in ${r.batches} batch${r.batches === 1 ? '' : 'es'}.`,
    )
    ctx.out.line(
      `Skipped ${r.skippedBelowLevel} alarm${r.skippedBelowLevel === 1 ? '' : 's'} below the minimum push level (${r.minPushLevel}).`,
    )
    ctx.out.line(`Pending alarms: ${r.pending}`)
    if (r.error) ctx.err.line(`Error: ${r.error.message}${r.error.fix ? ` ${r.error.fix}` : ''}`)
  },
  exitCode: (r) => (r.error ? 1 : 0),
})

// ---- sim alarm raise ----------------------------------------------------------------------------------------------

export interface RaiseResult {
  raised: number
  firstId: number
  lastId: number
  node: string
  severity: Severity
  name: string
  message: string
  /** Alarms of the cluster waiting for an upload, this one included. */
  queued: number
}

export const simRaise = handler<RaiseResult>({
  run(ctx, {flags}) {
    const count = (flags.count as number | undefined) ?? 1
    if (flags.severity === undefined)
      throw new UsageError('Give the alarm severity with --severity LEVEL.', {
        code: 'BAD_LEVEL',
        fix: 'LEVEL is Critical, Error, Warning, Notice or Information.',
      })
    const severity = parseLevel(flags.severity as string, 'alarm severity')
    const node = ctx.node()
    if (node.state !== 'up') {
      throw new FailedError(
        `${node.host} is ${node.state === 'down' ? 'down' : 'shut down'}; it cannot raise alarms.`,
        {code: 'NODE_DOWN', fix: `Bring it back with \`ucadmin sim fault node-up ${node.host}\`.`},
      )
    }
    const input = {
      severity,
      name: (flags.name as string | undefined) ?? 'SimulatedAlarm',
      message: (flags.message as string | undefined) ?? '',
      source: 'sim' as const,
      pii: {user: flags.user as string | undefined, device: flags.device as string | undefined},
    }
    const one = count === 1 ? raiseAlarm(ctx.store, ctx.clock, node, input) : 0
    const r = count === 1 ? {firstId: one, lastId: one, count} : raiseAlarms(ctx.store, ctx.clock, node, input, count)
    const counts = countAlarms(ctx.store, node.clusterId)
    return {
      raised: r.count,
      firstId: r.firstId,
      lastId: r.lastId,
      node: node.host,
      severity,
      name: input.name.trim(),
      message: input.message.trim(),
      queued: counts.queued,
    }
  },
  human(ctx, r) {
    const which = r.raised === 1 ? `alarm ${r.firstId}` : `${r.raised} alarms (${r.firstId}-${r.lastId})`
    ctx.out.line(`Raised ${which} on ${r.node}: ${r.severity} ${escapeControls(r.name)}: ${escapeControls(r.message)}`)
    ctx.out.line(`Queued alarms: ${r.queued}`)
  },
})

// ---- ucadmin alarms status | list | outbox | batch | decrypt --------------------------------------------------------

export interface StatusResult extends AlarmCounts {
  cluster: string
  pushFrequencyMinutes: number
  minPushLevel: Severity
  nextUploadAt: string | null
  lastUploadAt: string | null
  batches: number
  destination: string
  canSend: boolean
  blockedBy: {code: string; message: string; fix: string | null} | null
}

export const status = handler<StatusResult>({
  write: false,
  run(ctx) {
    const c = ctx.cluster()
    const s = alarmSettings(ctx.store, c.id)
    const b = uploadBlocker(ctx.store, c)
    const next = nextUploadAt(ctx.store, c.id)
    const last = lastUploadAt(ctx.store, c.id)
    const dest = cloudDestination(ctx.env)
    return {
      cluster: c.name,
      ...s,
      nextUploadAt: next === undefined ? null : iso(next),
      lastUploadAt: last === undefined ? null : iso(last),
      ...countAlarms(ctx.store, c.id),
      batches: countBatches(ctx.store, c.id),
      destination: dest.kind === 'outbox' ? 'outbox' : dest.shown,
      canSend: !b,
      blockedBy: b ? {code: b.code, message: b.message, fix: b.fix ?? null} : null,
    }
  },
  human(ctx, r) {
    const o = ctx.out
    o.line(`Cluster                : ${r.cluster}`)
    o.line(`Push frequency         : ${r.pushFrequencyMinutes} minutes`)
    o.line(`Minimum push level     : ${r.minPushLevel}`)
    o.line(`Next scheduled upload  : ${r.nextUploadAt ?? 'none'}`)
    o.line(`Last upload            : ${r.lastUploadAt ?? 'never'}`)
    o.line(`Destination            : ${r.destination}`)
    o.line(`Queued alarms          : ${r.queued}`)
    o.line(`Uploaded alarms        : ${r.uploaded} (in ${r.batches} batch${r.batches === 1 ? '' : 'es'})`)
    o.line(`Skipped (below level)  : ${r.skipped}`)
    o.line(`Can upload now         : ${r.canSend ? 'yes' : `no: ${r.blockedBy!.message}`}`)
  },
})

export interface AlarmView {
  id: number
  node: string
  raisedAt: string
  severity: string
  name: string
  message: string
  source: string
  state: AlarmState
  /** Batch number (outbox id) it was uploaded in. */
  batch: number | null
  /** When it was uploaded or skipped. */
  settledAt: string | null
  pii: PiiFields
}

export const list = handler<
  {cluster: string; state: AlarmState | null; total: number; shown: number; alarms: AlarmView[]} & AlarmCounts
>({
  write: false,
  run(ctx, {flags}) {
    const c = ctx.cluster()
    const limit = (flags.limit as number | undefined) ?? 50
    const state = flags.state as AlarmState | undefined
    const counts = countAlarms(ctx.store, c.id)
    const alarms = lastAlarms(ctx.store, c.id, limit, state).map((a) => ({
      id: a.id,
      node: a.node,
      raisedAt: iso(a.raisedAt),
      severity: a.severity,
      name: a.name,
      message: a.message,
      source: a.source,
      state: a.state,
      batch: a.batchId,
      settledAt: a.settledAt === null ? null : iso(a.settledAt),
      pii: {userName: a.userName, hostName: a.hostName, deviceName: a.deviceName},
    }))
    const total = state ? counts[state] : counts.queued + counts.uploaded + counts.skipped
    return {cluster: c.name, state: state ?? null, total, shown: alarms.length, ...counts, alarms}
  },
  async human(ctx, r) {
    if (r.total === 0) {
      ctx.out.line(`No ${r.state ? `${r.state} ` : ''}alarms in cluster ${r.cluster}.`)
      return
    }
    const rows = r.alarms.map((a) => [
      String(a.id),
      a.raisedAt,
      a.node,
      a.severity,
      a.name,
      a.state,
      cucmCell(a.batch),
      a.message,
    ])
    ctx.out.lines(await cucmTable(['id', 'raised', 'node', 'severity', 'name', 'state', 'batch', 'message'], rows))
    if (r.shown < r.total) ctx.out.line(`(the last ${r.shown} of ${r.total}; use --limit N for more)`)
    ctx.out.line(`Queued: ${r.queued}  Uploaded: ${r.uploaded}  Skipped: ${r.skipped}`)
  },
})

export interface BatchView {
  number: number
  batchId: string
  uploadedAt: string
  kind: string
  alarmCount: number
  minPushLevel: string
  pii: string
  destination: string | null
  deliveredAt: string | null
}

export const outbox = handler<{cluster: string; total: number; batches: BatchView[]}>({
  write: false,
  run(ctx, {flags}) {
    const c = ctx.cluster()
    const limit = (flags.limit as number | undefined) ?? 50
    const batches = lastBatches(ctx.store, c.id, limit).map((b) => ({
      number: b.id,
      batchId: b.pkid,
      uploadedAt: iso(b.uploadedAt),
      kind: b.kind,
      alarmCount: b.alarmCount,
      minPushLevel: b.minPushLevel,
      pii: b.pii,
      destination: b.destination,
      deliveredAt: b.deliveredAt === null ? null : iso(b.deliveredAt),
    }))
    return {cluster: c.name, total: countBatches(ctx.store, c.id), batches}
  },
  async human(ctx, r) {
    if (r.total === 0) {
      ctx.out.line(`No alarm batches have been uploaded from cluster ${r.cluster}.`)
      return
    }
    const rows = r.batches.map((b) => [
      String(b.number),
      b.batchId,
      b.uploadedAt,
      b.kind,
      String(b.alarmCount),
      b.minPushLevel,
      b.pii,
      b.destination ?? 'staged',
      cucmCell(b.deliveredAt),
    ])
    ctx.out.lines(
      await cucmTable(
        ['batch', 'batchid', 'uploaded', 'kind', 'alarms', 'minpushlevel', 'pii', 'destination', 'delivered'],
        rows,
      ),
    )
    if (r.batches.length < r.total) ctx.out.line(`(the last ${r.batches.length} of ${r.total}; use --limit N for more)`)
  },
})

function batchByRef(ctx: Ctx, ref: string | undefined): {text: string; where: string} {
  const r = (ref ?? '').trim()
  if (!r)
    throw new UsageError('Name the batch: its number or batch id from `ucadmin alarms outbox`.', {code: 'BAD_BATCH'})
  // Batch numbers count across the clusters of the state file: a command reads only its own cluster's batches.
  const cluster = ctx.cluster()
  const b = findBatch(ctx.store, r, cluster.id)
  if (!b)
    throw new UsageError(`There is no alarm batch ${r} in the outbox of cluster ${cluster.name}.`, {
      code: 'UNKNOWN_BATCH',
      fix: 'See the batches with `ucadmin alarms outbox`.',
    })
  return {text: b.payload, where: `Batch ${r}`}
}

/** `alarms batch ID`: the document exactly as uploaded (PII encrypted or removed). */
export const batch = handler<BatchDocument>({
  write: false,
  run(ctx, {args}) {
    const {text, where} = batchByRef(ctx, args.batch)
    return parseBatchDocument(text, where)
  },
  human(ctx, doc) {
    ctx.out.line(JSON.stringify(doc, null, 2))
  },
})

/** A Cisco Support Token is a short line; an uploaded batch document is far below this. */
const MAX_TOKEN_INPUT = 64 * KiB
const MAX_BATCH_FILE = 64 * MiB

/** `alarms decrypt`: a batch with its PII decrypted by the Cisco Support Token, as TAC reads it. */
export const decrypt = handler<BatchDocument>({
  write: false,
  async run(ctx, {flags}) {
    const file = flags.file as string | undefined
    const ref = flags.batch as string | undefined
    const tokenStdin = flags['token-stdin'] === true
    if (file !== undefined && ref !== undefined)
      throw new UsageError('Give either --batch or --file, not both.', {code: 'BAD_BATCH'})
    if (file === undefined && ref === undefined)
      throw new UsageError('Name the batch to decrypt: --batch ID (from the outbox) or --file PATH (- for stdin).', {
        code: 'BAD_BATCH',
      })
    if (file === '-' && tokenStdin)
      throw new UsageError('stdin cannot carry both the batch and the token.', {
        code: 'BAD_TOKEN',
        fix: 'Use --file PATH with --token-stdin, or --token / UCADMIN_SUPPORT_TOKEN with --file -.',
      })
    if (flags.token !== undefined && tokenStdin)
      throw new UsageError('Give the token once: --token or --token-stdin.', {code: 'BAD_TOKEN'})
    let token = tokenStdin
      ? (
          await readStreamLimited(
            ctx.io.in,
            MAX_TOKEN_INPUT,
            'The token on stdin',
            'Pipe the Cisco Support Token alone, on one line.',
          )
        ).split(/\r?\n/)[0]
      : ((flags.token as string | undefined) ?? ctx.env.UCADMIN_SUPPORT_TOKEN)
    token = token?.trim()
    if (!token) {
      throw new UsageError('Give the Cisco Support Token: --token-stdin, --token TOKEN or UCADMIN_SUPPORT_TOKEN.', {
        code: 'BAD_TOKEN',
        fix: 'The customer finds it on the Cisco Cloud Onboarding page (`ucadmin onboarding status`).',
      })
    }
    let src: {text: string; where: string}
    if (ref !== undefined) src = batchByRef(ctx, ref)
    else if (file === '-')
      src = {text: await readStreamLimited(ctx.io.in, MAX_BATCH_FILE, 'The batch on stdin'), where: 'stdin'}
    else {
      try {
        src = {text: readFileLimited(file!, MAX_BATCH_FILE, `The batch file ${file}`), where: file!}
      } catch (error) {
        if (error instanceof UsageError) throw error
        throw new UsageError(
          `Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
          {code: 'BAD_FILE'},
        )
      }
    }
    return decryptBatch(parseBatchDocument(src.text, src.where), token)
  },
  async human(ctx, doc) {
    const mode = (doc.pii as {mode: string}).mode
    ctx.out.line(
      `Batch ${doc.batchId}, uploaded ${String(doc.uploadedAt)}, ${doc.alarms.length} alarm${doc.alarms.length === 1 ? '' : 's'}, customer cluster id ${String(doc.customerClusterId ?? 'none')}`,
    )
    if (mode === 'removed')
      ctx.out.line('This batch carries no PII: it was removed before upload ("Send encrypted PII" was off).')
    const rows = doc.alarms.map((a) => {
      const p = (a.pii ?? {}) as Partial<PiiFields>
      return [
        String(a.id),
        String(a.raisedAt),
        String(a.severity),
        String(a.name),
        cucmCell(p.userName),
        cucmCell(p.hostName),
        cucmCell(p.deviceName),
        String(a.message),
      ]
    })
    ctx.out.lines(await cucmTable(['id', 'raised', 'severity', 'name', 'user', 'host', 'device', 'message'], rows))
  },
})
