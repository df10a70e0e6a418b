import type {Handler} from '../command/handler.js'

/**
 * Every module that holds command bodies, by a key `<feature>/<file>` (src/features/<feature>/handlers/<file>.ts).
 * An explicit, type-checked table: a command names its body with body('<feature>/<file>', 'export'), which tsc
 * checks against the module's exports, and an editor follows from here to the module.
 */
export const BODY_MODULES = {
  'accounts/account': () => import('../features/platform/accounts/handlers/account.js'),
  'alarms/alarms': () => import('../features/guide/alarm-upload/handlers/alarms.js'),
  'calls/calls': () => import('../features/paths/calls/handlers/calls.js'),
  'calls/profiles': () => import('../features/paths/calls/handlers/profiles.js'),
  'clock/clock': () => import('../features/world/clock/handlers/clock.js'),
  'cluster/cluster': () => import('../features/scenario/views/handlers/cluster.js'),
  'cluster/platform': () => import('../features/scenario/views/handlers/platform.js'),
  'cluster/show': () => import('../features/scenario/views/handlers/show.js'),
  'cucmdb/replication': () => import('../features/guide/cucmdb/handlers/replication.js'),
  'cucmdb/sql': () => import('../features/guide/cucmdb/handlers/sql.js'),
  'failover/failover': () => import('../features/paths/failover/handlers/failover.js'),
  'faults/faults': () => import('../features/scenario/faults/handlers/faults.js'),
  // issue 15 (labs as files, graph)
  'labs/labs': () => import('../features/scenario/labs/handlers/labs.js'),
  'cluster/graph': () => import('../features/scenario/views/handlers/graph.js'),
  'onboarding/cert': () => import('../features/guide/onboarding/handlers/cert.js'),
  'onboarding/expressway': () => import('../features/guide/onboarding/handlers/expressway.js'),
  'onboarding/license': () => import('../features/guide/onboarding/handlers/license.js'),
  'onboarding/onboarding': () => import('../features/guide/onboarding/handlers/onboarding.js'),
  'onboarding/param': () => import('../features/guide/onboarding/handlers/param.js'),
  'onboarding/profiles': () => import('../features/guide/onboarding/handlers/profiles.js'),
  'onboarding/wizard': () => import('../features/guide/onboarding/handlers/wizard.js'),
  'labs/state': () => import('../features/scenario/labs/handlers/state.js'),
  'push/push': () => import('../features/paths/push/handlers/push.js'),
  'services/control': () => import('../features/platform/services/handlers/control.js'),
  'services/list': () => import('../features/platform/services/handlers/list.js'),
  'tenants/tenants': () => import('../features/scenario/tenants/handlers/tenants.js'),
  'tokens/expire': () => import('../features/guide/tokens/handlers/expire.js'),
  'tokens/token': () => import('../features/guide/tokens/handlers/token.js'),
  'traces/file': () => import('../features/platform/traces/handlers/file.js'),
  'traces/trace-level': () => import('../features/platform/traces/handlers/trace-level.js'),
  'network/network': () => import('../features/scenario/network/handlers/network.js'),
  // issue 21 (the HTTPS door)
  'tomcat/cert': () => import('../features/platform/tomcat/handlers/cert.js'),
} as const

export type BodyModule = keyof typeof BODY_MODULES
type Exports<K extends BodyModule> = Awaited<ReturnType<(typeof BODY_MODULES)[K]>>
/** The exports of module K that are command bodies. */
export type BodyName<K extends BodyModule> = {
  [E in keyof Exports<K>]: Exports<K>[E] extends {run: (...args: never[]) => unknown} ? E : never
}[keyof Exports<K>] &
  string

/** Loads a body by its reference (`cluster/cluster#create`). */
export async function loadBody(ref: string): Promise<Handler> {
  const [mod, name = 'default'] = ref.split('#')
  const load = BODY_MODULES[mod as BodyModule]
  const h = load && ((await load()) as unknown as Record<string, Handler>)[name]
  if (!h) throw new Error(`command body ${ref} not found`)
  return h
}
