import type {Store} from '../../../store/store.js'

import {deleteEvent, dueEvents, nextDueEvent, scheduleEvent, type EventRow} from './store.js'
import {getSetting, setSetting} from '../../../store/settings.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import {iso} from '../../../core/time.js'

/** Where a new state file's clock starts: a fixed instant, so runs are repeatable. */
export const EPOCH = Date.parse('2026-01-05T09:00:00.000Z')

/** The simulated time kept in the state file (EPOCH in a new one). */
export function storedTime(store: Store): number {
  const v = getSetting(store, 'clock')
  return v === undefined ? EPOCH : Number(v)
}

/** Something that ran while the clock advanced. */
export interface RanEvent {
  at: string
  kind: string
  summary: string
  /**
   * A run of `count` identical occurrences, at `at`, `at` + `everyMs`, ... up to `lastAt` (a periodic event
   * computed in closed form). Absent for a single event.
   */
  count?: number
  lastAt?: string
  everyMs?: number
}

/** Runs one event that fell due; may schedule more. Returns a one-line summary. */
export type EventHandler = (store: Store, clock: Clock, event: EventRow) => string

/**
 * A periodic event that can be fast-forwarded: while nothing it does is visible to other events (the same
 * outcome every time, no alarm raised), a whole run of occurrences is applied at once, in closed form, with the
 * same end state (traces, token state, the next occurrence scheduled) as running them one by one.
 */
export interface PeriodicHandler {
  run: EventHandler
  /** The time of the first occurrence that must run on its own (it changes something others see); Infinity if none. */
  quietUntil(store: Store, clock: Clock, event: EventRow): number
  /**
   * Applies every occurrence due before `until` (at least the one at event.dueAt), as running them one by one
   * would; returns what ran and when the next occurrence is due (null: none), which the clock schedules.
   */
  fastForward(
    store: Store,
    clock: Clock,
    event: EventRow,
    until: number,
  ): {ran: RanEvent; lastAt: number; next: number | null}
}

export type AnyHandler = EventHandler | PeriodicHandler

/** What runs when an event falls due, by event kind (the table is src/compose/clock-events.ts). */
export type EventTable = Record<string, AnyHandler>

const periodic = (h: AnyHandler | undefined): h is PeriodicHandler => typeof h === 'object' && h !== null

/** Every single event of a list that may hold runs (at most `limit`; `truncated` when there were more). */
export function expandRan(ran: RanEvent[], limit = Infinity): {events: RanEvent[]; truncated: boolean} {
  const events: RanEvent[] = []
  for (const r of ran) {
    const n = r.count ?? 1
    const first = Date.parse(r.at)
    for (let i = 0; i < n; i++) {
      if (events.length >= limit) return {events, truncated: true}
      events.push({at: i === 0 ? r.at : iso(first + i * r.everyMs!), kind: r.kind, summary: r.summary})
    }
  }
  return {events, truncated: false}
}

/** How many events a list with runs stands for. */
export const countRan = (ran: RanEvent[]) => ran.reduce((n, r) => n + (r.count ?? 1), 0)

/**
 * Steps one clock move may take (events run one by one, or runs of periodic events fast-forwarded at once), before
 * it is refused as too much work, so no move holds the state file's write lock for long.
 */
export const MAX_EVENTS_PER_MOVE = 50_000

/**
 * The simulated clock. Nothing sleeps: time moves only through the context's moveClock() (`sim clock advance|set`,
 * `sim call`), and moving it runs every event that falls due, in time order, with the clock set to each event's
 * time while it runs. The clock is constructed with its event table, given as a function so that the composition
 * root loads the table only for commands that move time (src/compose/root.ts).
 */
export class Clock {
  private cached?: number

  constructor(
    private readonly store: Store,
    private readonly events: () => EventTable,
  ) {}

  now(): number {
    return (this.cached ??= storedTime(this.store))
  }

  private write(ms: number): void {
    this.cached = ms
    setSetting(this.store, 'clock', String(ms))
  }

  /**
   * Moves the clock to `target`, running due events in order through the clock's event table. Refuses to go back
   * in time. Called inside the context's moveClock(), which also runs what follows a move.
   */
  runUntil(target: number, progress?: (at: number) => void): RanEvent[] {
    const start = this.now()
    if (target < start) {
      throw new UsageError(`The clock is at ${iso(start)}; it cannot go back to ${iso(target)}.`, {
        fix: 'Simulated time only moves forward: give a later time, or start a new state file (UCADMIN_DB).',
      })
    }
    const handlers = this.events()
    const ran: RanEvent[] = []
    let work = 0
    const tooMuch = () =>
      new FailedError(
        `More than ${MAX_EVENTS_PER_MOVE.toLocaleString('en-US')} events would have to run one by one before ${iso(target)}; nothing was changed.`,
        {
          code: 'TOO_MANY_EVENTS',
          fix: 'Advance the clock in smaller steps.',
        },
      )
    for (let e = nextDueEvent(this.store, target); e; e = nextDueEvent(this.store, target)) {
      if (++work > MAX_EVENTS_PER_MOVE) throw tooMuch()
      progress?.(e.dueAt)
      const handler = handlers[e.kind]
      // Periodic events that are quiet up to a horizon (the first event that must run on its own, or the target)
      // are all fast-forwarded to it at once.
      if (periodic(handler)) {
        const due = dueEvents(this.store, target)
        let horizon = target + 1
        for (const d of due) {
          const h = handlers[d.kind]
          horizon = Math.min(horizon, periodic(h) ? Math.max(d.dueAt, h.quietUntil(this.store, this, d)) : d.dueAt)
        }
        const quiet = due.filter((d) => d.dueAt < horizon)
        if (quiet.length > 0) {
          const done = quiet.map((d) => ({
            d,
            ...(handlers[d.kind] as PeriodicHandler).fastForward(this.store, this, d, horizon),
          }))
          // Rescheduled in the order their last occurrences ran, as one-by-one runs would have (ties keep queue order).
          for (const x of [...done].sort((a, b) => a.lastAt - b.lastAt)) {
            deleteEvent(this.store, x.d.id)
            if (x.next !== null)
              scheduleEvent(this.store, {
                dueAt: x.next,
                kind: x.d.kind,
                clusterId: x.d.clusterId,
                nodeId: x.d.nodeId,
                payload: x.d.payload,
              })
          }
          for (const x of done) ran.push(x.ran)
          continue
        }
      }
      deleteEvent(this.store, e.id)
      if (e.dueAt > this.now()) this.write(e.dueAt)
      if (!handler) throw new Error(`no handler for the clock event ${e.kind} (add it to src/compose/clock-events.ts)`)
      const run = periodic(handler) ? handler.run : handler
      ran.push({at: iso(this.now()), kind: e.kind, summary: run(this.store, this, e)})
    }
    this.write(target)
    return ran
  }
}
