import type {Store} from '../../../store/store.js'
import type {Clock} from '../../world/clock/clock.js'
import {type ClusterRow, listClusters, listNodes} from '../../world/cluster/store.js'
import {currentClusterId} from '../../world/cluster/target.js'
import {FailedError} from '../../../core/errors.js'
import {loadYaml} from './yaml.js'
import type {ClusterSpec, LabDoc} from './labfile.js'
import {CLUSTER_RESOURCES} from './resources/index.js'

/*
 * `cluster export NAME`: the lab file that `apply -f` turns back into the same cluster, each reconciler of
 * resources/ writing its part (release, licensing, seed, nodes, certificates on every node, parameters that differ
 * from their default, onboarding, Expressway, alarm settings, Unified CM groups, device pools and clients). Not
 * exported: faults and other runtime state (node and service states, tokens, alarms, traces), and SSH accounts
 * (their passwords cannot be written back; add them under `accounts:`).
 */
/** What an export may leave out: the seed reproduces the cluster's secrets (refresh tokens, the Cisco Support Token). */
export interface ExportOptions {
  seed?: boolean
}

export function exportClusterSpec(store: Store, cluster: ClusterRow, opts: ExportOptions = {}): ClusterSpec {
  const nodes = listNodes(store, cluster.id)
  const spec = Object.assign({}, ...CLUSTER_RESOURCES.map((r) => r.export?.(store, cluster, nodes) ?? {})) as ClusterSpec
  if (opts.seed === false) delete spec.seed
  return spec
}

export function exportCluster(store: Store, _clock: Clock, cluster: ClusterRow, opts: ExportOptions = {}): LabDoc {
  return {clusters: {[cluster.name]: exportClusterSpec(store, cluster, opts)}}
}

/** Every cluster of the state, and the current one (`cluster export --all`). */
export function exportAll(store: Store, _clock: Clock, opts: ExportOptions = {}): LabDoc {
  const all = listClusters(store)
  if (all.length === 0) throw new FailedError('There are no clusters to export.', {code: 'NO_CLUSTER', fix: 'Create one: ucadmin cluster create NAME --version 14SU3 --publisher HOST (or ucadmin apply -f labs/example.yaml).'})
  const id = currentClusterId(store)
  const current = all.find((c) => c.id === id)
  return {clusters: Object.fromEntries(all.map((c) => [c.name, exportClusterSpec(store, c, opts)])), ...(current ? {current: current.name} : {})}
}

export const LAB_HEADER = '# ucadmin lab file: `ucadmin apply -f FILE` makes it so (schema: data/lab.schema.json in ucadmin).\n'

export async function labYaml(doc: LabDoc): Promise<string> {
  const YAML = await loadYaml()
  return LAB_HEADER + YAML.stringify(doc, {lineWidth: 0})
}
