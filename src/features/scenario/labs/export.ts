import type {Store} from '../../../store/store.js'
import type {Clock} from '../../world/clock/clock.js'
import {type ClusterRow, listNodes, nodeById} from '../../world/cluster/store.js'
import {clusterSeed} from '../../world/cluster/seed.js'
import {paramCatalogue} from '../../guide/onboarding/parameters.js'
import {certificates, getExpressway, paramValues} from '../../guide/onboarding/config-store.js'
import {getOnboarding} from '../../guide/onboarding/store.js'
import {effectivePhase} from '../../guide/onboarding/onboarding.js'
import {listClients, listGroups, listPools, poolById} from '../../paths/failover/store.js'
import {loadYaml} from './yaml.js'
import type {ClusterSpec, LabDoc} from './labfile.js'

/*
 * `cluster export NAME`: the lab file that `apply -f` turns back into the same cluster (release, licensing, seed,
 * nodes, certificates on every node, parameters that differ from their default, onboarding, Expressway, Unified CM
 * groups, device pools and clients). Not exported: faults and other runtime state (node and service states,
 * tokens, alarms, traces), and SSH accounts (their passwords cannot be written back; add them under `accounts:`).
 */
export function exportCluster(store: Store, _clock: Clock, cluster: ClusterRow): LabDoc {
  const nodes = listNodes(store, cluster.id)
  const spec: ClusterSpec = {version: cluster.version, licensing: cluster.licensing, nodes: nodes.map((n) => ({host: n.host, role: n.role}))}
  const seed = clusterSeed(store, cluster.id)
  if (seed !== undefined) spec.seed = Number(seed)
  // Certificates present on every node (apply uploads to every node).
  const perNode = nodes.map((n) => new Set(certificates(store, n.id).map((c) => `${c.store}\u0000${c.name}`)))
  const common = [...(perNode[0] ?? [])].filter((k) => perNode.every((s) => s.has(k)))
  if (common.length) spec.certificates = common.map((k) => ({store: k.split('\u0000')[0] as 'tomcat-trust', name: k.split('\u0000')[1]}))
  const defaults = new Map(paramCatalogue().map((p) => [p.id, p]))
  const params = paramValues(store, cluster.id)
    .filter((v) => defaults.has(v.paramId) && defaults.get(v.paramId)!.default !== v.value)
    .sort((a, b) => [...defaults.keys()].indexOf(a.paramId) - [...defaults.keys()].indexOf(b.paramId))
  if (params.length) spec.parameters = Object.fromEntries(params.map((v) => [v.paramId, defaults.get(v.paramId)!.type === 'int' ? Number(v.value) : v.value]))
  const ob = getOnboarding(store, cluster.id)
  const onboarded = effectivePhase(store, cluster, ob) === 'completed' && ob.push
  spec.onboarding = onboarded
    ? {
        onboarded: true,
        manageCerts: ob.manageCerts,
        troubleshooting: ob.troubleshooting,
        encryptedPii: ob.encryptedPii,
        proxy: ob.proxyUrl ? {url: ob.proxyUrl, ...(ob.proxyAuth ? {auth: ob.proxyAuth} : {})} : null,
      }
    : {onboarded: false}
  const xw = getExpressway(store, cluster.id)
  if (xw.changedAt !== null || xw.refreshedAt !== null || xw.cRestartedAt !== null || xw.eRestartedAt !== null) {
    spec.expressway = {deployed: xw.deployed, oauthRefresh: xw.oauthRefresh, mra: xw.mra}
  }
  const hosts = new Map(nodes.map((n) => [n.id, n.host]))
  const groups = listGroups(store, cluster.id)
  if (groups.length) spec.groups = groups.map((g) => ({name: g.name, nodes: g.nodeIds.map((id) => hosts.get(id) ?? nodeById(store, id)!.host)}))
  const pools = listPools(store, cluster.id)
  const groupName = new Map(groups.map((g) => [g.id, g.name]))
  if (pools.length) spec.devicePools = pools.map((p) => ({name: p.name, group: groupName.get(p.groupId)!}))
  const clients = listClients(store, cluster.id)
  if (clients.length) {
    spec.clients = clients.map((c) => ({
      user: c.user,
      platform: c.platform,
      app: c.app,
      ...(c.homeNodeId !== null ? {node: hosts.get(c.homeNodeId)!} : {}),
      ...(c.devicePoolId !== null ? {devicePool: poolById(store, c.devicePoolId)!.name} : {}),
      mra: c.mra,
      suspended: c.mode === 'suspended',
    }))
  }
  return {clusters: {[cluster.name]: spec}}
}

export const LAB_HEADER = '# ucadmin lab file: `ucadmin apply -f FILE` makes it so (schema: data/lab.schema.json in ucadmin).\n'

export async function labYaml(doc: LabDoc): Promise<string> {
  const YAML = await loadYaml()
  return LAB_HEADER + YAML.stringify(doc, {lineWidth: 0})
}
