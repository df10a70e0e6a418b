import {handler} from '../../../cli/handler.js'
import {formatDuration, iso, parseDuration, parseInstant} from '../../../core/time.js'
import {afterClockMoved} from '../../reactions/service-change.js'
import type {RanEvent} from '../clock.js'

export interface ClockResult {
  now: string
  from?: string
  advancedBy?: string
  ran?: RanEvent[]
}

export const clockShow = handler<ClockResult>({
  write: false,
  run(ctx) {
    return {now: iso(ctx.clock.now())}
  },
  human(ctx, r) {
    ctx.out.line(r.now)
  },
})

function moved(ctx: {out: {line(s: string): void}}, r: ClockResult): void {
  // Runs of the same event with the same outcome (e.g. scheduled alarm uploads with nothing queued, every 30
  // minutes over 61 days) print as one line; --json lists every event.
  const ran = r.ran ?? []
  for (let i = 0; i < ran.length; ) {
    const e = ran[i]
    let j = i + 1
    while (j < ran.length && ran[j].kind === e.kind && ran[j].summary === e.summary) j++
    ctx.out.line(`${e.at}  ${e.kind}: ${e.summary}${j - i > 1 ? ` (${j - i} times, the last at ${ran[j - 1].at})` : ''}`)
    i = j
  }
  ctx.out.line(`Clock: ${r.from} -> ${r.now} (+${r.advancedBy}), ${r.ran?.length ?? 0} event${r.ran?.length === 1 ? '' : 's'} ran`)
}

export const clockAdvance = handler<ClockResult>({
  async run(ctx, {args}) {
    const by = parseDuration(args.duration ?? '')
    const from = ctx.clock.now()
    const {EVENT_HANDLERS} = await import('../../reactions/clock-events.js')
    const ran = ctx.clock.runUntil(from + by, EVENT_HANDLERS)
    ran.push(...(await afterClockMoved(ctx.store, ctx.clock, ctx.env)))
    return {now: iso(ctx.clock.now()), from: iso(from), advancedBy: formatDuration(by), ran}
  },
  human: moved,
})

export const clockSet = handler<ClockResult>({
  async run(ctx, {args}) {
    const to = parseInstant(args.time ?? '')
    const from = ctx.clock.now()
    const {EVENT_HANDLERS} = await import('../../reactions/clock-events.js')
    const ran = ctx.clock.runUntil(to, EVENT_HANDLERS)
    ran.push(...(await afterClockMoved(ctx.store, ctx.clock, ctx.env)))
    return {now: iso(ctx.clock.now()), from: iso(from), advancedBy: formatDuration(to - from), ran}
  },
  human: moved,
})

