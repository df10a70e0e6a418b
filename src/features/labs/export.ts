import type {Store} from '../../store/store.js'
import type {Clock} from '../clock/clock.js'
import {type ClusterRow, listNodes} from '../cluster/store.js'
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
export function exportClusterSpec(store: Store, cluster: ClusterRow): ClusterSpec {
  const nodes = listNodes(store, cluster.id)
  return Object.assign({}, ...CLUSTER_RESOURCES.map((r) => r.export?.(store, cluster, nodes) ?? {})) as ClusterSpec
}

export function exportCluster(store: Store, _clock: Clock, cluster: ClusterRow): LabDoc {
  return {clusters: {[cluster.name]: exportClusterSpec(store, cluster)}}
}

export const LAB_HEADER = '# ucadmin lab file: `ucadmin apply -f FILE` makes it so (schema: data/lab.schema.json in ucadmin).\n'

export async function labYaml(doc: LabDoc): Promise<string> {
  const YAML = await loadYaml()
  return LAB_HEADER + YAML.stringify(doc, {lineWidth: 0})
}
