import type {ClusterRow, NodeRow} from '../features/world/cluster/store.js'
import type {Store} from '../store/store.js'
import type {Clock, RanEvent} from '../features/world/clock/clock.js'
import type {ServiceAction} from '../features/platform/services/store.js'
import type {ServiceReactions} from '../features/platform/services/control.js'
import type {Style} from '../render/style.js'
import type {IOStreams, Printer} from './io.js'

export type Env = Record<string, string | undefined>

/** A command's parsed input, the same whether oclif, the fast path or the shell parsed it. */
export interface Input {
  args: Record<string, string | undefined>
  /** All positional words, in order (for commands that take words, like service names or SQL). */
  argv: string[]
  flags: Record<string, unknown>
}

/** Everything a command body needs, handed in: streams, store, clock, target, style. */
export interface Ctx {
  io: IOStreams
  out: Printer
  err: Printer
  style: Style
  env: Env
  store: Store
  clock: Clock
  json: boolean
  /** --yes: skip confirmations. */
  yes: boolean
  /** Prompts allowed: stdin and stdout are terminals and --json is off. */
  interactive: boolean
  /** Questions can be asked: on a terminal (interactive) or on a session's own prompt (the admin: shell, an SSH shell). */
  canAsk: boolean
  /** The cluster the command acts on (--cluster, UCADMIN_CLUSTER, current, only). */
  cluster(): ClusterRow
  /** The node the command runs on ("logged in to"): --node, UCADMIN_NODE, else the CUCM publisher. */
  node(): NodeRow
  /** A node named by an argument (e.g. `sim fault node-down HOST`), in --cluster or the one cluster holding it. */
  nodeNamed(host: string): NodeRow
  /** Asks "Continue (y/n)?" on a terminal; true without one or with --yes. */
  confirm(question: string): Promise<boolean>
  /**
   * The one way simulated time moves: `move` moves the clock (clock.runUntil, any number of times), then what
   * follows a move runs (alarm deliveries). Returns move's result and what ran after it.
   */
  moveClock<T>(
    move: (clock: Clock) => T,
    after?: {step: <S>(fn: () => S) => S},
  ): Promise<{result: T; after: RanEvent[]}>
  /**
   * The reactions to a service change (alarms, database catch-up, tokens, IM HA), loaded for SERVICE and ACTION (for
   * any change when not given): controlService requires them.
   */
  serviceChanges(service?: string, action?: ServiceAction): Promise<ServiceReactions>
}

/**
 * The body of a command: run() calls the domain and returns a typed result, which becomes the --json document;
 * human() prints it for people. exitCode() marks results that are a failed check (exit 1) while still printing.
 */
export interface Handler<R = unknown> {
  /** Needs a write transaction (default true). Read-only commands take a consistent snapshot. */
  write?: boolean
  /** Reads no state: runs without opening the state file, with only io, out, err, env and json in its Ctx. */
  stateless?: boolean
  run(ctx: Ctx, input: Input): R | Promise<R>
  human?(ctx: Ctx, result: R): void | Promise<void>
  /** Prints the --json document itself (e.g. streaming a large result); default: JSON.stringify(result). */
  json?(ctx: Ctx, result: R): void | Promise<void>
  exitCode?(result: R): 0 | 1
  /** Keep the writes of a run whose result exits 1 (the command's purpose is to record the failure). */
  commitOnFailure?: boolean
  /**
   * The body commits its own steps with ctx.store.atomic() instead of running in one transaction: for interactive
   * walk-throughs, which must not hold the write lock while a person reads a prompt. Each step stays atomic.
   */
  ownTransactions?: boolean
}

export function handler<R>(h: Handler<R>): Handler<R> {
  return h
}

/** Asks `QUESTION Continue? (y/N)` on the terminal of the streams handed in (callers check it is one). */
export async function askOnTerminal(io: IOStreams, question: string): Promise<boolean> {
  // inquirer adds the (y/N) itself.
  const {confirm} = await import('@inquirer/prompts')
  return confirm({message: `${question} Continue?`, default: false}, {input: io.in, output: io.out})
}

/**
 * Runs a body in its context: all its writes in one transaction (rolled back when it throws or its result exits 1,
 * unless it records the failure), then prints the result as JSON or for people. Returns the exit code; errors
 * propagate to the caller, which reports them. The one place both runners (runner.ts, lean.ts) run a body.
 */
export async function executeBody(h: Handler, ctx: Ctx, input: Input): Promise<0 | 1> {
  let result: unknown
  let code: 0 | 1
  if (h.ownTransactions || h.stateless) {
    result = await h.run(ctx, input)
    code = h.exitCode?.(result) ?? 0
  } else {
    ctx.store.begin(h.write !== false)
    try {
      result = await h.run(ctx, input)
      code = h.exitCode?.(result) ?? 0
      if (code === 0 || h.commitOnFailure) ctx.store.commit()
      else ctx.store.rollback()
    } catch (error) {
      ctx.store.rollback()
      throw error
    }
  }
  if (ctx.json) await (h.json ? h.json(ctx, result) : ctx.out.line(JSON.stringify(result, null, 2)))
  else await h.human?.(ctx, result)
  return code
}
