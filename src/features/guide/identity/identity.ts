import type {Store} from '../../../store/store.js'

import {findToken} from './store.js'
import {stableUuid} from '../../../core/ids.js'

/**
 * The simulated Common Identity service: which refresh tokens it accepts. Below the condition table, onboarding and
 * the token fetch (which all read it), so none of them has to import another in a cycle.
 */

/** Every cluster in a state file belongs to one customer organization (a token of one cluster works on another). */
export function customerOrgId(): string {
  return stableUuid('org', 'ucadmin-simulated-customer')
}

export type TokenCheck = {ok: true} | {ok: false; why: string}

/** Whether the identity service accepts a refresh token (by its hash) now, for this cluster's organization. */
export function acceptedHash(store: Store, clock: {now(): number}, hash: string | null): TokenCheck {
  return acceptedAt(store, hash, clock.now())
}

/** Whether the identity service accepts a refresh token (by its hash) at time `at`. */
export function acceptedAt(store: Store, hash: string | null, at: number): TokenCheck {
  if (!hash) return {ok: false, why: 'invalid_request (no refresh token loaded)'}
  const t = findToken(store, hash)
  if (!t) return {ok: false, why: 'invalid_refresh_token (unknown to the identity service)'}
  if (t.orgId !== customerOrgId()) return {ok: false, why: 'invalid_client (the token belongs to another organization)'}
  if (t.revokedAt !== null && t.revokedAt <= at) return {ok: false, why: 'invalid_refresh_token (revoked)'}
  if (t.expiresAt <= at) return {ok: false, why: 'invalid_refresh_token (expired)'}
  return {ok: true}
}
