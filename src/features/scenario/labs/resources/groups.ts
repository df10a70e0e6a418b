import {findNode, listNodes, nodeById} from '../../../world/cluster/store.js'
import {isCucm} from '../../../world/cluster/topology.js'
import {findGroup, findPool, listGroups, listPools} from '../../../paths/failover/store.js'
import {setDevicePool, setGroup} from '../../../paths/calls/cucm-groups.js'
import {type ClusterReconciler, step} from './types.js'

/** Unified CM groups, primary first: `cluster group set NAME --nodes A,B,C`. */
export const groups: ClusterReconciler = {
  kind: 'groups',
  commands: ['cluster:group:set'],
  check(k, c) {
    ;(c.spec.groups ?? []).forEach((g, i) =>
      g.nodes.forEach((h, j) => {
        const n = c.hosts.get(h.toLowerCase())
        if (!n) k.at([...c.base, 'groups', i, 'nodes', j], `cluster ${c.name} has no node ${h}.`)
        else if (!isCucm(n)) k.at([...c.base, 'groups', i, 'nodes', j], `${h} is an IM and Presence node; a Unified CM group lists Unified CM nodes.`)
      }),
    )
  },
  units(k, t) {
    return (t.spec.groups ?? []).map((g, i) => ({
      path: [...t.base, 'groups', i],
      resource: `cluster/${t.name}/group/${g.name}`,
      apply(steps) {
        const cluster = t.cluster()
        const existing = findGroup(k.store, cluster.id, g.name)
        const want = g.nodes.map((h) => findNode(k.store, cluster.id, h)?.id)
        if (existing && existing.nodeIds.join(',') === want.join(',')) return false
        setGroup(k.store, cluster, g.name, g.nodes.join(','))
        steps.push(step(['cluster', 'group', 'set', g.name, '--nodes', g.nodes.join(','), '--cluster', t.name], `Unified CM group ${g.name}: ${g.nodes.join(', ')}`))
        return !existing
      },
    }))
  },
  export(store, cluster) {
    const hosts = new Map(listNodes(store, cluster.id).map((n) => [n.id, n.host]))
    const gs = listGroups(store, cluster.id)
    return gs.length ? {groups: gs.map((g) => ({name: g.name, nodes: g.nodeIds.map((id) => hosts.get(id) ?? nodeById(store, id)!.host)}))} : {}
  },
}

/** Device pools and their Unified CM group: `cluster device-pool set NAME --group G`. */
export const devicePools: ClusterReconciler = {
  kind: 'devicePools',
  commands: ['cluster:device-pool:set'],
  check(k, c) {
    const groupNames = new Set((c.spec.groups ?? []).map((g) => g.name.toLowerCase()))
    ;(c.spec.devicePools ?? []).forEach((p, i) => {
      if (!groupNames.has(p.group.toLowerCase()) && !(c.existing && findGroup(k.store, c.existing.id, p.group))) k.at([...c.base, 'devicePools', i, 'group'], `no Unified CM group ${p.group} in cluster ${c.name}.`)
    })
  },
  units(k, t) {
    return (t.spec.devicePools ?? []).map((p, i) => ({
      path: [...t.base, 'devicePools', i],
      resource: `cluster/${t.name}/device-pool/${p.name}`,
      apply(steps) {
        const cluster = t.cluster()
        const existing = findPool(k.store, cluster.id, p.name)
        const group = findGroup(k.store, cluster.id, p.group)
        if (existing && group && existing.groupId === group.id) return false
        setDevicePool(k.store, cluster, p.name, p.group)
        steps.push(step(['cluster', 'device-pool', 'set', p.name, '--group', p.group, '--cluster', t.name], `device pool ${p.name}: group ${p.group}`))
        return !existing
      },
    }))
  },
  export(store, cluster) {
    const pools = listPools(store, cluster.id)
    const groupName = new Map(listGroups(store, cluster.id).map((g) => [g.id, g.name]))
    return pools.length ? {devicePools: pools.map((p) => ({name: p.name, group: groupName.get(p.groupId)!}))} : {}
  },
}
