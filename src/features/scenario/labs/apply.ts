import type {Store} from '../../../store/store.js'
import type {Clock} from '../../world/clock/clock.js'
import type {Env} from '../../../command/handler.js'
import type {ServiceReactions} from '../../platform/services/control.js'
import {findCluster} from '../../world/cluster/store.js'
import {UcError} from '../../../core/errors.js'
import {parseRelease} from '../../world/cluster/releases.js'
import {seedFor} from '../../world/cluster/seed.js'
import {hashPassword, verifyPassword} from '../../platform/accounts/accounts.js'
import {findAccount} from '../../platform/accounts/store.js'
import {type ClusterSpec, type LabFile, LabProblems, type Problem, pathText} from './labfile.js'
import {CLUSTER_RESOURCES, LAB_RESOURCES, readPassword} from './resources/index.js'
import type {CheckKit, ClusterCheck, LabKit, Step, Unit} from './resources/types.js'

/*
 * `ucadmin apply -f FILE`: the loop over the reconcilers of resources/ (one per kind of resource). Each brings its part
 * of the state to what the file describes through the domain functions the commands call (voucher, saves,
 * restarts, parameters...), so traces, restart history and alarms are those of a by-hand set-up, and records each
 * change as the command a person would type. Only what differs is done: applying the same file again changes
 * nothing. A dry run does the same work inside a savepoint and rolls it back, so the plan is exactly what apply would do.
 */

export type {Step}

export interface ResourceResult {
  resource: string
  status: 'created' | 'configured' | 'unchanged'
  steps: Step[]
}

export interface ApplyResult {
  file: string
  dryRun: boolean
  changed: number
  unchanged: number
  resources: ResourceResult[]
}

interface Deps {
  store: Store
  clock: Clock
  env: Env
  /** The reactions to service changes (applying restarts services, upgrades and reboots nodes). */
  reactions: ServiceReactions
  /** `apply --seed N`: the seed of clusters the file creates without a `seed:` of their own (else UCADMIN_SEED). */
  seed?: string
}

const isMap = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Checks everything that can be checked before changing anything; throws LabProblems listing every problem. */
export function checkLab(d: Deps, lab: LabFile): void {
  const problems: Problem[] = [...lab.problems]
  const schemaPaths = new Set(lab.problems.map((p) => p.path))
  const at: CheckKit['at'] = (path, message) => {
    // One problem per place: a value the schema already refused is not reported twice.
    if (!schemaPaths.has(pathText(path))) problems.push({path: pathText(path), line: lab.lineOf(path), message})
  }
  const tryAt: CheckKit['tryAt'] = (path, f) => {
    try {
      f()
    } catch (error) {
      if (error instanceof UcError) at(path, `${error.message}${error.fix ? ` ${error.fix}` : ''}`)
      else throw error
    }
  }
  const k: CheckKit = {store: d.store, env: d.env, lab, doc: lab.doc, at, tryAt, seenHosts: new Map()}
  // With schema problems, the document may have other shapes than its types say: check what can be checked.
  const robust = (f: () => void) => {
    try {
      f()
    } catch (error) {
      if (!(error instanceof TypeError) || lab.problems.length === 0) throw error
    }
  }
  for (const [name, spec] of Object.entries(isMap(lab.doc.clusters) ? lab.doc.clusters : {})) {
    if (!isMap(spec)) continue
    robust(() => {
      const c = clusterCheck(k, name, spec as ClusterSpec)
      for (const r of CLUSTER_RESOURCES) r.check?.(k, c)
    })
  }
  for (const r of LAB_RESOURCES) robust(() => r.check?.(k))
  if (problems.length) throw new LabProblems(lab.source, problems)
}

/** What the cluster checks share: the release, the cluster in the state, the file's nodes by host. */
function clusterCheck(k: CheckKit, name: string, spec: ClusterSpec): ClusterCheck {
  const base = ['clusters', name]
  let release: ClusterCheck['release']
  if (typeof spec.version === 'string') k.tryAt([...base, 'version'], () => (release = parseRelease(spec.version)))
  spec.nodes = Array.isArray(spec.nodes) ? spec.nodes.filter((n) => isMap(n) && typeof n.host === 'string') : []
  return {name, spec, base, release, existing: findCluster(k.store, name), hosts: new Map(spec.nodes.map((n) => [n.host.toLowerCase(), n]))}
}

/** Applies the lab (checked here first). With dryRun, does the same work and rolls it back. */
export async function applyLab(d: Deps, lab: LabFile, dryRun: boolean): Promise<ApplyResult> {
  seedFor(d.seed, d.env)
  checkLab(d, lab)
  // Hashing is slow: done once, before the work, and only for accounts whose password is not already right.
  const hashes = new Map<string, string>()
  for (const a of lab.doc.accounts ?? []) {
    const pw = readPassword(d.env, lab, a)
    if (pw === undefined) continue
    const existing = findAccount(d.store, a.name)
    if (existing?.passwordHash && (await verifyPassword(pw, existing.passwordHash))) continue
    hashes.set(a.name, await hashPassword(pw))
  }
  const k: LabKit = {...d, lab, hashes}
  const done: Array<ResourceResult & {hidden: boolean}> = []
  const run = () => {
    for (const [name, spec] of Object.entries(lab.doc.clusters)) {
      const t = {name, spec, base: ['clusters', name], cluster: () => findCluster(d.store, name)!}
      for (const r of CLUSTER_RESOURCES) for (const u of r.units(k, t)) done.push(guard(lab, u))
    }
    for (const r of LAB_RESOURCES) for (const u of r.units(k)) done.push(guard(lab, u))
  }
  if (dryRun) {
    d.store.db.exec('SAVEPOINT lab_dry_run')
    try {
      run()
    } finally {
      d.store.db.exec('ROLLBACK TO lab_dry_run')
      d.store.db.exec('RELEASE lab_dry_run')
    }
  } else run()
  const resources = done.filter((r) => !r.hidden).map(({hidden: _, ...r}) => r)
  const changed = resources.filter((r) => r.status !== 'unchanged').length
  return {file: lab.source, dryRun, changed, unchanged: resources.length - changed, resources}
}

/** Runs one resource's steps; an error names the resource's path and line in the file. */
function guard(lab: LabFile, u: Unit): ResourceResult & {hidden: boolean} {
  const steps: Step[] = []
  let created: boolean
  try {
    created = u.apply(steps)
  } catch (error) {
    if (error instanceof UcError) {
      const line = lab.lineOf(u.path)
      const where = `${lab.source}${line === null ? '' : `:${line}`}: ${pathText(u.path)}`
      const E = error.constructor as new (m: string, o: object) => UcError
      throw Object.assign(new E(`${where}: ${error.message}`, {fix: error.fix, code: error.code, details: error.details}), {exitCode: error.exitCode})
    }
    throw error
  }
  const status = steps.length === 0 ? 'unchanged' : created ? 'created' : 'configured'
  return {resource: u.resource, status, steps, hidden: status === 'unchanged' && u.hiddenWhenUnchanged === true}
}
