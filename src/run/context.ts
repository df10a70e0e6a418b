import {Clock} from '../features/world/clock/clock.js'
import type {ClusterRow, NodeRow} from '../features/world/cluster/store.js'
import type {TargetInput} from '../features/world/cluster/target.js'
import type {Style} from '../render/style.js'
import type {Store} from '../store/store.js'
import {clockEvents, moveClock, preloadReactions, serviceChanges} from '../compose/root.js'
import {preloadBodies} from './bodies.js'
import {type Ctx, type Env, type Input, askOnTerminal} from '../command/handler.js'
import {Printer, type IOStreams} from '../command/io.js'
import {UcError, UsageError} from '../core/errors.js'

/** How a context finds the cluster and node a command acts on (src/features/world/cluster/target.ts). */
export interface Targets {
  resolveCluster(store: Store, t: TargetInput): ClusterRow
  resolveNode(store: Store, cluster: ClusterRow, host?: string, opts?: {otherClusters?: boolean}): NodeRow
}

export interface CtxOptions {
  io: IOStreams
  env: Env
  input: Input
  style: Style
  /** The open state file; absent for a stateless body (`version`), whose context has no store or clock. */
  store?: Store
  /** Target resolution; absent for a lean body (`state restore`), which acts on the state file as a whole. */
  targets?: Targets
  /** A session's own way of asking (the admin: shell, SSH); else only a terminal is asked. */
  confirm?: (question: string) => Promise<boolean>
}

const missing = (what: string) => (): never => {
  throw new Error(`this command body has no ${what} in its context (see its policy fields)`)
}

/**
 * The one context factory, for every runner (runHandler, runLean, stateless bodies): streams, style, the store and
 * a clock constructed with its event table, the target, confirmation, and the composition root's moveClock and
 * service-change reactions.
 */
export function makeCtx(o: CtxOptions): Ctx {
  const {io, env, input, store} = o
  const json = input.flags.json === true
  const interactive = !json && io.stdoutIsTTY && io.stdinIsTTY
  const clock = store ? new Clock(store, clockEvents) : undefined
  const target = {
    cluster: (input.flags.cluster as string | undefined) || env.UCADMIN_CLUSTER || undefined,
    // An empty --node= is bad input (exit 2), not the publisher; an empty UCADMIN_NODE counts as unset.
    node: (input.flags.node as string | undefined) ?? (env.UCADMIN_NODE || undefined),
  }
  let cluster: ClusterRow | undefined
  let node: NodeRow | undefined
  const t = o.targets && (env.UCADMIN_TENANT ? tenantTargets(o.targets) : o.targets)
  // An SSH session reads only its own cluster: its errors do not name the cluster that holds another host either.
  const others = {otherClusters: env.UCADMIN_SESSION !== 'ssh'}
  let err: Printer | undefined
  const ctx: Ctx = {
    io,
    out: new Printer(io.out),
    // The error stream is made on first use (see systemStreams).
    get err() {
      return (err ??= new Printer(io.err))
    },
    style: o.style,
    env,
    get store() {
      return store ?? missing('state file')()
    },
    get clock() {
      return clock ?? missing('clock')()
    },
    json,
    yes: input.flags.yes === true,
    interactive,
    canAsk: interactive || (o.confirm !== undefined && !json),
    cluster: t ? () => (cluster ??= t.resolveCluster(ctx.store, target)) : missing('cluster'),
    node: t ? () => (node ??= t.resolveNode(ctx.store, ctx.cluster(), target.node, others)) : missing('node'),
    nodeNamed: t
      ? (host) =>
          t.resolveNode(
            ctx.store,
            target.cluster ? ctx.cluster() : t.resolveCluster(ctx.store, {node: host}),
            host,
            others,
          )
      : missing('node'),
    async confirm(question) {
      if (ctx.yes) return true
      if (o.confirm && !json) return o.confirm(question)
      if (!interactive) return true
      return askOnTerminal(io, question)
    },
    moveClock: (move, after) => moveClock(ctx.store, ctx.clock, env, move, after?.step),
    serviceChanges,
  }
  return ctx
}

/**
 * Loads every command body and the reaction tables now, instead of at each one's first command: a worker thread of
 * `serve ssh --tenants` does it once it has started, so no session's command pays for loading modules.
 */
export async function preloadCommands(): Promise<void> {
  await preloadReactions()
  await preloadBodies()
}

/**
 * A tenant's lab (serve ssh|https --tenants) with no cluster (after `state reset`): the fix is the tenant's own
 * `state restore`, not `cluster create`, which a session may not run and which on the server's shell would act on
 * the server's state file, not the tenant's.
 */
function tenantTargets(t: Targets): Targets {
  return {
    ...t,
    resolveCluster(store, target) {
      try {
        return t.resolveCluster(store, target)
      } catch (error) {
        if (!(error instanceof UcError) || error.code !== 'NO_CLUSTER') throw error
        throw new UsageError('There is no cluster in your lab.', {
          code: 'NO_CLUSTER',
          fix: 'Restore the lab you started with: ucadmin state restore template --yes (or a snapshot of yours: ucadmin state list).',
        })
      }
    },
  }
}
