import type {Store} from '../store/store.js'
import type {Clock, EventTable, RanEvent} from '../features/world/clock/clock.js'
import type {ServiceAction} from '../features/platform/services/store.js'
import type {ServiceReactions} from '../features/platform/services/control.js'
import type {Env} from '../command/handler.js'

/*
 * The composition root: the one place that wires the features together. It holds the reaction tables (what runs
 * when a clock event falls due, what else happens when a service changes) and hands them to command bodies through
 * their context (src/run/runner.ts builds it): bodies and domain code never import src/compose. Each table is loaded
 * only when a command needs it, so start-up stays light.
 */

let events: EventTable | undefined

/** The clock's event table, for the Clock constructor: loaded by moveClock() before any event can run. */
export function clockEvents(): EventTable {
  if (!events) throw new Error('the clock moved outside moveClock(): use ctx.moveClock()')
  return events
}

/** Loads the clock's event table, once. */
async function loadClockEvents(): Promise<EventTable> {
  events ??= (await import('./clock-events.js')).EVENT_HANDLERS
  return events
}

/**
 * The one way simulated time moves (`sim clock advance|set`, `sim call`, anything else): `move` moves the clock
 * (clock.runUntil, any number of times; every due event runs through the event table), then what follows a move
 * runs: the deliveries of alarm batches staged by scheduled uploads (asynchronous, so not inside the event loop).
 * `step`, when given, runs each step of what follows in a transaction of its own: a body that committed the move
 * passes it, so that no lock is held while a delivery waits for the network (`sim clock advance|set`).
 * Returns move's result and what ran after it.
 */
export async function moveClock<T>(
  store: Store,
  clock: Clock,
  env: Env,
  move: (clock: Clock) => T,
  step?: <S>(fn: () => S) => S,
): Promise<{result: T; after: RanEvent[]}> {
  await loadClockEvents()
  const result = move(clock)
  const {afterClockMoved} = await import('./clock-events.js')
  return {result, after: await afterClockMoved(store, clock, env, step)}
}

/** The reactions to a service change, loaded for SERVICE and ACTION (any change when not given). */
export async function serviceChanges(service?: string, action?: ServiceAction): Promise<ServiceReactions> {
  const {serviceReactions} = await import('./service-change.js')
  return serviceReactions(service, action)
}

/** Loads both reaction tables now (a worker thread of the SSH server warms up before its first commands). */
export async function preloadReactions(): Promise<void> {
  await loadClockEvents()
  await import('./service-change.js')
}
