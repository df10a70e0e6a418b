import type {Store} from '../../store/store.js'

import {deleteEvent, nextDueEvent, type EventRow} from './store.js'
import {getSetting, setSetting} from '../../store/settings.js'
import {FailedError, UsageError} from '../../core/errors.js'
import {iso} from '../../core/time.js'

/** Where a new state file's clock starts: a fixed instant, so runs are repeatable. */
export const EPOCH = Date.parse('2026-01-05T09:00:00.000Z')

/** Something that ran while the clock advanced. */
export interface RanEvent {
  at: string
  kind: string
  summary: string
}

/** Runs one event that fell due; may schedule more. Returns a one-line summary. */
export type EventHandler = (store: Store, clock: Clock, event: EventRow) => string

/**
 * The simulated clock. Nothing sleeps: time moves only with `sim clock advance|set`, and advancing runs every
 * event that falls due, in time order, with the clock set to each event's time while it runs.
 */
export class Clock {
  private cached?: number

  constructor(private readonly store: Store, private readonly handlers: Record<string, EventHandler> = {}) {}

  now(): number {
    if (this.cached === undefined) {
      const v = getSetting(this.store, 'clock')
      this.cached = v === undefined ? EPOCH : Number(v)
    }
    return this.cached
  }

  private write(ms: number): void {
    this.cached = ms
    setSetting(this.store, 'clock', String(ms))
  }

  /**
   * Moves the clock to `target`, running due events in order through `handlers` (by event kind; see
   * domain/events.ts, loaded only by the commands that move the clock). Refuses to go back in time.
   */
  runUntil(target: number, handlers: Record<string, EventHandler> = this.handlers): RanEvent[] {
    const start = this.now()
    if (target < start) {
      throw new UsageError(`The clock is at ${iso(start)}; it cannot go back to ${iso(target)}.`, {
        fix: 'Simulated time only moves forward: give a later time, or start a new state file (UCADMIN_DB).',
      })
    }
    const ran: RanEvent[] = []
    let guard = 0
    for (let e = nextDueEvent(this.store, target); e; e = nextDueEvent(this.store, target)) {
      if (++guard > 1_000_000) throw new FailedError('More than a million events fell due; stopping.', {fix: 'Advance the clock in smaller steps.'})
      deleteEvent(this.store, e.id)
      if (e.dueAt > this.now()) this.write(e.dueAt)
      const handler = handlers[e.kind]
      if (!handler) continue
      ran.push({at: iso(this.now()), kind: e.kind, summary: handler(this.store, this, e)})
    }
    this.write(target)
    return ran
  }
}
