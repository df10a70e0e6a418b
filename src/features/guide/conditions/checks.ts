import type {ClusterRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'
import type {Clock} from '../../world/clock/clock.js'

import {UsageError} from '../../../core/errors.js'
import {type Platform, PLATFORMS, checkEnv, evaluateAll} from './conditions.js'

export {type Platform, PLATFORMS}

export interface Check {
  id: string
  ok: boolean
  detail: string
  fix: string | null
}

export function checkPlatforms(values: string[]): Platform[] {
  for (const v of values)
    if (!PLATFORMS.includes(v as Platform))
      throw new UsageError(`Unknown platform "${v}".`, {fix: `Use ${PLATFORMS.join(', ')}.`})
  return [...new Set(values)] as Platform[]
}

/**
 * Every prerequisite and step of the guide's Push Notifications Configuration Task Flow, each with what was found and
 * how to fix it: the conditions of src/features/guide/conditions/conditions.ts evaluated over the whole cluster (the same
 * functions every push evaluates over its path). The procedure is done when every check passes.
 */
export function onboardingChecks(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  platforms: Platform[],
  only?: string[],
): Check[] {
  return evaluateAll(checkEnv(store, clock, cluster, platforms), only).map(({id, ok, detail, fix}) => ({
    id,
    ok,
    detail,
    fix,
  }))
}
