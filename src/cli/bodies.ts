import type {Handler} from './handler.js'

/**
 * Every module that holds command bodies, by a key `<feature>/<file>` (src/features/<feature>/handlers/<file>.ts).
 * An explicit, type-checked table: a command names its body with body('<feature>/<file>', 'export'), which tsc
 * checks against the module's exports, and an editor follows from here to the module.
 */
export const BODY_MODULES = {
  'accounts/account': () => import('../features/accounts/handlers/account.js'),
  'alarms/alarms': () => import('../features/alarms/handlers/alarms.js'),
  'calls/calls': () => import('../features/calls/handlers/calls.js'),
  'clock/clock': () => import('../features/clock/handlers/clock.js'),
  'cluster/cluster': () => import('../features/cluster/handlers/cluster.js'),
  'cluster/platform': () => import('../features/cluster/handlers/platform.js'),
  'cluster/show': () => import('../features/cluster/handlers/show.js'),
  'cucmdb/replication': () => import('../features/cucmdb/handlers/replication.js'),
  'cucmdb/sql': () => import('../features/cucmdb/handlers/sql.js'),
  'failover/failover': () => import('../features/failover/handlers/failover.js'),
  'faults/faults': () => import('../features/faults/handlers/faults.js'),
  // issue 15 (labs as files, graph)
  'labs/labs': () => import('../features/labs/handlers/labs.js'),
  'cluster/graph': () => import('../features/cluster/handlers/graph.js'),
  'onboarding/cert': () => import('../features/onboarding/handlers/cert.js'),
  'onboarding/expressway': () => import('../features/onboarding/handlers/expressway.js'),
  'onboarding/license': () => import('../features/onboarding/handlers/license.js'),
  'onboarding/onboarding': () => import('../features/onboarding/handlers/onboarding.js'),
  'onboarding/param': () => import('../features/onboarding/handlers/param.js'),
  'onboarding/wizard': () => import('../features/onboarding/handlers/wizard.js'),
  'labs/state': () => import('../features/labs/handlers/state.js'),
  'push/push': () => import('../features/push/handlers/push.js'),
  'services/control': () => import('../features/services/handlers/control.js'),
  'services/list': () => import('../features/services/handlers/list.js'),
  'tokens/expire': () => import('../features/tokens/handlers/expire.js'),
  'tokens/token': () => import('../features/tokens/handlers/token.js'),
  'traces/file': () => import('../features/traces/handlers/file.js'),
  // issue 21 (the HTTPS door)
  'tomcat/cert': () => import('../features/tomcat/handlers/cert.js'),
} as const

export type BodyModule = keyof typeof BODY_MODULES
type Exports<K extends BodyModule> = Awaited<ReturnType<(typeof BODY_MODULES)[K]>>
/** The exports of module K that are command bodies. */
export type BodyName<K extends BodyModule> = {
  [E in keyof Exports<K>]: Exports<K>[E] extends {run: (...args: never[]) => unknown} ? E : never
}[keyof Exports<K>] &
  string

/** A command's reference to its body, checked by tsc: `body('cluster/cluster', 'create')` is `'cluster/cluster#create'`. */
export function body<K extends BodyModule>(module: K, name: BodyName<K>): `${K}#${string}` {
  return `${module}#${name}`
}

/** Loads a body by its reference (`cluster/cluster#create`). */
export async function loadBody(ref: string): Promise<Handler> {
  const [mod, name = 'default'] = ref.split('#')
  const load = BODY_MODULES[mod as BodyModule]
  const h = load && ((await load()) as unknown as Record<string, Handler>)[name]
  if (!h) throw new Error(`command body ${ref} not found`)
  return h
}
