import type {EventHandler} from './clock.js'

/**
 * What runs when a scheduled event falls due on the simulated clock, by event kind. One explicit table: each
 * feature that schedules events adds its handler here.
 */
export const EVENT_HANDLERS: Record<string, EventHandler> = {}
