import {suggest} from '../../../../core/ids.js'
import type {Env} from '../../../../command/handler.js'
import type {Store} from '../../../../store/store.js'
import type {ServiceReactions} from '../../../platform/services/control.js'
import type {Clock} from '../../../world/clock/clock.js'
import type {ClusterRow, NodeRow} from '../../../world/cluster/store.js'
import type {Release} from '../../../world/cluster/releases.js'
import type {AccountSpec, ClusterSpec, LabDoc, LabFile, NodeSpec} from '../labfile.js'

/*
 * A lab file is reconciled by a table of small reconcilers (resources/index.ts), one per kind of resource: each
 * checks its part of the file against the rules, brings the state to it (only what differs) through the domain
 * functions the commands call, records each change as the command a person would type, and writes its part back
 * for `cluster export`. apply.ts is the loop over the table.
 */

export type Path = Array<string | number>

/** One change, as the command a person would type: argv after `ucadmin`, and the text printed with its stdin. */
export interface Step {
  command: string
  /** The words after `ucadmin` (src/run/parse.ts parses them to the command the step stands for). */
  argv: string[]
  detail: string
}

/** A word as a POSIX shell reads it back: bare when safe, else in single quotes. */
export const q = (s: string): string => (/^[A-Za-z0-9_.:/@,=+-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`)

/**
 * A step from its argv. `stdin` is how the command reads a password: `env:NAME` (printf %s "$NAME" | ...) or
 * `file:PATH` (... < PATH).
 */
export function step(argv: string[], detail: string, stdin?: `env:${string}` | `file:${string}`): Step {
  const text = `ucadmin ${argv.map(q).join(' ')}`
  const command = stdin === undefined ? text : stdin.startsWith('env:') ? `printf %s "$${stdin.slice(4)}" | ${text}` : `${text} < ${q(stdin.slice(5))}`
  return {command, argv, detail}
}

/** What every reconciler is given: the state, the clock, the environment (password variables) and the file. */
export interface LabKit {
  store: Store
  clock: Clock
  env: Env
  lab: LabFile
  /** The reactions to service changes (restarts, upgrades), from the composition root (ctx.serviceChanges()). */
  reactions: ServiceReactions
  /** `apply --seed N`: the seed of clusters the file creates without a `seed:` of their own (else UCADMIN_SEED). */
  seed?: string
  /** Password hashes computed before the work, by account name (only for passwords that are not already right). */
  hashes: Map<string, string>
}

/** Checking: where to report problems (path and message; the line is found from the path). */
export interface CheckKit {
  store: Store
  env: Env
  lab: LabFile
  doc: LabDoc
  at(path: Path, message: string): void
  /** Runs f; a UcError it throws is a problem at path. */
  tryAt(path: Path, f: () => void): void
  /** Host names seen so far in the file (lower case), with where. */
  seenHosts: Map<string, string>
}

/** A cluster of the file as the checks see it. */
export interface ClusterCheck {
  name: string
  spec: ClusterSpec
  base: Path
  release?: Release
  existing?: ClusterRow
  /** The file's nodes of this cluster by lower-case host. */
  hosts: Map<string, NodeSpec>
}

/** A cluster of the file as the apply sees it; cluster() is its row once the cluster reconciler has run. */
export interface ClusterTarget {
  name: string
  spec: ClusterSpec
  base: Path
  cluster(): ClusterRow
}

/** One resource of the file: reported as created, configured or unchanged. */
export interface Unit {
  path: Path
  resource: string
  /** Brings the state to the file; pushes the steps it took; returns whether it created the resource. */
  apply(steps: Step[]): boolean
  /** Not listed when nothing was done (restarts only exist as a consequence of other resources). */
  hiddenWhenUnchanged?: boolean
}

export interface ClusterReconciler {
  kind: string
  /** The command ids (as in oclif.manifest.json) of the steps it prints. */
  commands: readonly string[]
  check?(k: CheckKit, c: ClusterCheck): void
  units(k: LabKit, t: ClusterTarget): Unit[]
  /** Its part of the cluster's lab file (`cluster export`); nothing for runtime state. */
  export?(store: Store, cluster: ClusterRow, nodes: NodeRow[]): Partial<ClusterSpec>
}

/** A reconciler of the file's top level (accounts, the current cluster). */
export interface LabReconciler {
  kind: string
  commands: readonly string[]
  check?(k: CheckKit): void
  units(k: LabKit): Unit[]
}

export type {AccountSpec}

/** ` Did you mean "X"?` for a name the file mistyped (the nearest of the names it could be), or nothing. */
export function didYouMean(name: string, candidates: string[]): string {
  const near = suggest(name, [...new Set(candidates)], 1)
  return near.length ? ` Did you mean "${near[0]}"?` : ''
}
