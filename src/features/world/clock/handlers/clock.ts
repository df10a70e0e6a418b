import {handler, type Ctx} from '../../../../command/handler.js'
import {UsageError} from '../../../../core/errors.js'
import {formatDuration, iso, parseDuration, parseInstant} from '../../../../core/time.js'
import {type RanEvent, countRan, expandRan} from '../clock.js'

export interface ClockResult {
  now: string
  from?: string
  advancedBy?: string
  /** How many events ran. */
  eventCount?: number
  /** Events that ran, by kind. */
  summary?: Record<string, number>
  /** Every event that ran, in order: with --events, or when at most LISTED_EVENTS ran and --summary is not given. */
  ran?: RanEvent[]
  /** --events listed only the first MAX_LISTED_EVENTS. */
  ranTruncated?: boolean
}

/** Up to this many events, --json lists them all by default. */
export const LISTED_EVENTS = 1000
/** --events lists at most this many. */
export const MAX_LISTED_EVENTS = 200_000
/** Human output lists the events (folded) when they fit in a screenful; more, and it prints the summary. */
const SCREENFUL = 20

/** The simulated clock stays within what a date prints (up to the end of year 9999). */
const LATEST = Date.parse('9999-12-31T23:59:59.999Z')

export const clockShow = handler<ClockResult>({
  write: false,
  run(ctx) {
    return {now: iso(ctx.clock.now())}
  },
  human(ctx, r) {
    ctx.out.line(r.now)
  },
})

/** Consecutive events of the same kind and outcome, as one line each. */
function fold(ran: RanEvent[]): Array<{at: string; kind: string; summary: string; count: number; lastAt: string}> {
  const out: Array<{at: string; kind: string; summary: string; count: number; lastAt: string}> = []
  for (const e of ran) {
    const prev = out.at(-1)
    const n = e.count ?? 1
    const last = e.lastAt ?? e.at
    if (prev && prev.kind === e.kind && prev.summary === e.summary) {
      prev.count += n
      prev.lastAt = last
    } else out.push({at: e.at, kind: e.kind, summary: e.summary, count: n, lastAt: last})
  }
  return out
}

type Shown = ClockResult & {folded: ReturnType<typeof fold>; showSummary: boolean}

function moved(ctx: Ctx, r: ClockResult): void {
  const s = r as Shown
  if (!s.showSummary) {
    // Runs of the same event with the same outcome (e.g. scheduled alarm uploads with nothing queued, every 30
    // minutes over 61 days) print as one line; --json lists every event.
    for (const e of s.folded)
      ctx.out.line(
        `${e.at}  ${e.kind}: ${e.summary}${e.count > 1 ? ` (${e.count} times, the last at ${e.lastAt})` : ''}`,
      )
  } else {
    const kinds = Object.entries(r.summary ?? {})
    const w = Math.max(4, ...kinds.map(([k]) => k.length))
    for (const [k, n] of kinds) ctx.out.line(`${k.padEnd(w)}  ${String(n).padStart(9)}`)
  }
  const n = r.eventCount ?? 0
  ctx.out.line(`Clock: ${r.from} -> ${r.now} (+${r.advancedBy}), ${n} event${n === 1 ? '' : 's'} ran`)
}

async function move(ctx: Ctx, flags: Record<string, unknown>, to: number): Promise<Shown> {
  const from = ctx.clock.now()
  if (to > LATEST) {
    throw new UsageError(
      `The clock cannot go past the end of year 9999 (it would reach ${formatDuration(to - from)} after ${iso(from)}).`,
      {code: 'BAD_TIME', fix: 'Give an earlier time or a shorter duration.'},
    )
  }
  // A progress line on a terminal only (stderr), rewritten at most every 100 ms of real time.
  const tty = ctx.io.stdoutIsTTY && !ctx.json
  let shownAt = performance.now()
  let shown = false
  const progress = tty
    ? (at: number) => {
        const t = performance.now()
        if (t - shownAt < 100) return
        shownAt = t
        shown = true
        ctx.err.write(
          `\rAdvancing the clock: ${iso(at)} (${Math.floor(((at - from) / Math.max(1, to - from)) * 100)}%)`,
        )
      }
    : undefined
  // The move is one transaction; what follows it (alarm deliveries to UCADMIN_CLOUD_URL, which wait for the
  // network) runs after its commit, each step committed on its own, so no lock is held while waiting.
  const {result: ran, after} = await ctx.moveClock(
    (clock) => {
      ctx.store.begin(true)
      try {
        const r = clock.runUntil(to, progress)
        ctx.store.commit()
        return r
      } catch (error) {
        ctx.store.rollback()
        throw error
      } finally {
        if (shown) ctx.err.write('\r\u001b[K')
      }
    },
    {step: (fn) => ctx.store.db.transaction(fn).immediate()},
  )
  ran.push(...after)
  const eventCount = countRan(ran)
  const summary: Record<string, number> = {}
  for (const e of ran) summary[e.kind] = (summary[e.kind] ?? 0) + (e.count ?? 1)
  const r: ClockResult = {
    now: iso(ctx.clock.now()),
    from: iso(from),
    advancedBy: formatDuration(ctx.clock.now() - from),
    eventCount,
    summary,
  }
  if (flags.events === true || (flags.summary !== true && eventCount <= LISTED_EVENTS)) {
    const x = expandRan(ran, MAX_LISTED_EVENTS)
    r.ran = x.events
    if (x.truncated) r.ranTruncated = true
  }
  const folded = fold(ran)
  const showSummary = flags.events === true ? false : flags.summary === true || folded.length > SCREENFUL
  // The text-only fields stay out of the --json document.
  Object.defineProperty(r, 'folded', {value: folded, enumerable: false})
  Object.defineProperty(r, 'showSummary', {value: showSummary, enumerable: false})
  return r as Shown
}

export const clockAdvance = handler<ClockResult>({
  ownTransactions: true,
  async run(ctx, {args, flags}) {
    return move(ctx, flags, ctx.clock.now() + parseDuration(args.duration ?? ''))
  },
  human: moved,
})

export const clockSet = handler<ClockResult>({
  ownTransactions: true,
  async run(ctx, {args, flags}) {
    return move(ctx, flags, parseInstant(args.time ?? ''))
  },
  human: moved,
})
