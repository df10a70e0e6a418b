import type {Store} from '../store/store.js'
import type {Clock, EventTable, RanEvent} from '../features/world/clock/clock.js'

import {ALARM_UPLOAD_EVENT} from '../features/platform/alarms/alarms.js'
import {deliverAfterClockMove, scheduledUpload} from '../features/guide/alarm-upload/upload.js'
import {IMHA_READY_EVENT, sessionsReadyEvent} from '../features/paths/failover/imha.js'
import {TOKEN_FETCH_EVENT, tokenFetchEvent} from '../features/guide/tokens/tokens.js'
import {LPNS_CLOSE_EVENT, lpnsCloseEvent} from '../features/paths/calls/lpns.js'

/**
 * What runs when a scheduled event falls due on the simulated clock, by event kind. One explicit table: each
 * feature that schedules events adds its handler here. Periodic handlers (uploads, token fetches) are also
 * fast-forwarded over runs where they change nothing others see (see PeriodicHandler in src/features/world/clock/clock.ts).
 */
export const EVENT_HANDLERS: EventTable = {
  // Management Agent: the upload of Push Notifications alarms every `pushfrequency` minutes (per cluster).
  [ALARM_UPLOAD_EVENT]: scheduledUpload,
  // Machine account tokens: every 10 minutes each running push service fetches an access token.
  [TOKEN_FETCH_EVENT]: tokenFetchEvent,
  // IM and Presence HA: background users' JSM sessions recreated on a node after failover/fallback; deferred pushes sent.
  [IMHA_READY_EVENT]: sessionsReadyEvent,
  // Local Push: no keepalive within 120 s (Wi-Fi left, OAuth refresh token expired): the LPNS closes the session with a 401.
  [LPNS_CLOSE_EVENT]: lpnsCloseEvent,
}

/**
 * What runs after the simulated clock moved, once every due event has run: asynchronous follow-up work that cannot
 * run inside the synchronous event loop. One explicit list; each entry returns what it did, reported with the events
 * that ran.
 */
export async function afterClockMoved(
  store: Store,
  clock: Clock,
  env: Record<string, string | undefined>,
  step?: <T>(fn: () => T) => T,
): Promise<RanEvent[]> {
  // Management Agent alarms: deliver the batches scheduled uploads made (to UCADMIN_CLOUD_URL or the outbox).
  return deliverAfterClockMove(store, clock, env, step)
}
