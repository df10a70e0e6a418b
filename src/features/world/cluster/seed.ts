import type {Store} from '../../../store/store.js'

import {deleteSetting, getSetting, setSetting} from '../../../store/settings.js'
import {UsageError} from '../../../core/errors.js'
import {stableUuid} from '../../../core/ids.js'
import {createRequire} from 'node:module'

/*
 * Determinism for harnesses: a cluster created with a seed (`cluster create --seed N`, `seed:` in a lab file, or
 * UCADMIN_SEED at creation) derives everything that would otherwise be random or depend only on names from it:
 * machine account refresh tokens, vouchers, the Customer Cluster ID, the Cisco Support Token and pkids. The same
 * seed and the same commands give the same values; another seed gives other values. The seed is kept with the
 * cluster, so later commands need no environment.
 */

const MAX_SEED = Number.MAX_SAFE_INTEGER

/** A seed is a whole number from 0 to 2^53-1; anything else is bad input (exit 2). */
export function parseSeed(text: unknown, source = '--seed'): string {
  const s = String(text ?? '').trim()
  if (!/^\d{1,16}$/.test(s) || Number(s) > MAX_SEED) {
    throw new UsageError(`${source} must be a whole number from 0 to ${MAX_SEED}, not "${String(text ?? '')}".`, {
      code: 'BAD_SEED',
      fix: `e.g. ${source === 'UCADMIN_SEED' ? 'UCADMIN_SEED=42' : `${source} 42`}`,
    })
  }
  return String(Number(s))
}

/** The seed a new cluster gets: the flag, else UCADMIN_SEED, else none (random tokens). */
export function seedFor(flag: unknown, env: Record<string, string | undefined>): string | undefined {
  if (flag !== undefined && flag !== null) return parseSeed(flag, '--seed')
  if (env.UCADMIN_SEED !== undefined && env.UCADMIN_SEED !== '') return parseSeed(env.UCADMIN_SEED, 'UCADMIN_SEED')
  return undefined
}

const key = (clusterId: number) => `seed:cluster:${clusterId}`

export function clusterSeed(store: Store, clusterId: number): string | undefined {
  return getSetting(store, key(clusterId))
}

export function setClusterSeed(store: Store, clusterId: number, seed: string | undefined): void {
  if (seed === undefined) deleteSetting(store, key(clusterId))
  else setSetting(store, key(clusterId), seed)
}

/** A stable UUID of the parts, in the seed's namespace when there is one. */
export function seededUuid(seed: string | undefined, ...parts: string[]): string {
  return seed === undefined ? stableUuid(...parts) : stableUuid('ucadmin-seed', seed, ...parts)
}

/** n bytes derived from the seed and the parts (SHA-256 in counter mode). */
export function seededBytes(seed: string, n: number, ...parts: string[]): Buffer {
  const {createHash} = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')
  const out: Buffer[] = []
  for (let i = 0, len = 0; len < n; i++) {
    const b = createHash('sha256')
      .update(['ucadmin-seed', seed, ...parts, String(i)].join('\u0000'))
      .digest()
    out.push(b)
    len += b.length
  }
  return Buffer.concat(out).subarray(0, n)
}
