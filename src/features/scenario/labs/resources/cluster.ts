import {type NodeRole, clusterHoldingHost, findCluster, findNode, listNodes} from '../../../world/cluster/store.js'
import {compareReleases, parseRelease} from '../../../world/cluster/releases.js'
import {checkClusterName, checkHost, checkLicensing, defaultLicensing} from '../../../world/cluster/topology.js'
import {addNode, createCluster} from '../../../guide/install/install.js'
import {clusterSeed, parseSeed, seedFor} from '../../../world/cluster/seed.js'
import {upgradeCluster} from '../../upgrade/upgrade.js'
import {onboardingAfterUpgrade} from '../../../guide/onboarding/onboarding.js'
import {setLicensingMode} from '../../../guide/onboarding/licensing.js'
import {type ClusterReconciler, step} from './types.js'

const ROLE_ORDER: NodeRole[] = ['publisher', 'subscriber', 'imp-publisher', 'imp-subscriber']
const ROLE_FLAG: Record<NodeRole, string> = {publisher: '--publisher', subscriber: '--subscriber', 'imp-publisher': '--imp-publisher', 'imp-subscriber': '--imp-subscriber'}

/** The cluster itself: `cluster create` (with its seed), or `cluster upgrade`, `license mode`, `cluster add-node`. */
export const cluster: ClusterReconciler = {
  kind: 'cluster',
  commands: ['cluster:create', 'cluster:upgrade', 'license:mode', 'cluster:add-node'],
  check(k, c) {
    const {name, spec, base, existing, release} = c
    k.tryAt(base, () => checkClusterName(name))
    if (release) k.tryAt([...base, 'licensing'], () => checkLicensing(release, spec.licensing ?? defaultLicensing(release)))
    const roles = spec.nodes.map((n) => n.role)
    if (roles.filter((r) => r === 'publisher').length !== 1) k.at([...base, 'nodes'], 'a cluster has exactly one node with role publisher.')
    if (roles.filter((r) => r === 'imp-publisher').length > 1) k.at([...base, 'nodes'], 'a cluster has at most one imp-publisher.')
    if (roles.includes('imp-subscriber') && !roles.includes('imp-publisher')) k.at([...base, 'nodes'], 'IM and Presence subscribers need an imp-publisher.')
    spec.nodes.forEach((n, i) => {
      k.tryAt([...base, 'nodes', i, 'host'], () => checkHost(n.host))
      const lower = n.host.toLowerCase()
      const prev = k.seenHosts.get(lower)
      if (prev !== undefined) k.at([...base, 'nodes', i, 'host'], `host ${n.host} is named twice (also in ${prev}); host names are unique across clusters.`)
      else k.seenHosts.set(lower, `cluster ${name}`)
      const held = clusterHoldingHost(k.store, n.host)
      if (held && held.cluster !== name) k.at([...base, 'nodes', i, 'host'], `host ${n.host} is already a node of cluster ${held.cluster}; host names are unique across clusters.`)
    })
    if (existing) {
      for (const n of listNodes(k.store, existing.id)) {
        const role = c.hosts.get(n.host.toLowerCase())?.role
        if (role === undefined) k.at([...base, 'nodes'], `cluster ${name} has node ${n.host}, which the file does not list; apply does not remove nodes (delete the cluster to start again, or list the node).`)
        else if (role !== n.role) k.at([...base, 'nodes'], `node ${n.host} of cluster ${name} is a ${n.role}, not a ${role}; a node's role cannot change.`)
      }
      if (release && compareReleases(release, parseRelease(existing.version)) < 0) k.at([...base, 'version'], `cluster ${name} runs ${existing.version}; apply upgrades but never downgrades.`)
      const seed = clusterSeed(k.store, existing.id)
      if (spec.seed !== undefined && seed !== String(spec.seed)) {
        k.at([...base, 'seed'], `cluster ${name} was created ${seed === undefined ? 'without a seed' : `with seed ${seed}`}; a seed applies when a cluster is created.`)
      }
    } else if (spec.seed !== undefined) k.tryAt([...base, 'seed'], () => parseSeed(spec.seed))
  },
  units(k, t) {
    const {store, clock} = k
    const {name, spec} = t
    return [
      {
        path: t.base,
        resource: `cluster/${name}`,
        apply(steps) {
          const release = parseRelease(spec.version)
          let row = findCluster(store, name)
          if (!row) {
            const by = (r: NodeRole) => spec.nodes.filter((n) => n.role === r).map((n) => n.host)
            const seed = spec.seed !== undefined ? String(spec.seed) : seedFor(k.seed, k.env)
            row = createCluster(store, clock, {
              name,
              version: release.name,
              publisher: by('publisher')[0],
              subscribers: by('subscriber'),
              impPublisher: by('imp-publisher')[0],
              impSubscribers: by('imp-subscriber'),
              licensing: spec.licensing,
              seed,
            })
            const nodeFlags = ROLE_ORDER.flatMap((r) => by(r).flatMap((h) => [ROLE_FLAG[r], h]))
            const argv = ['cluster', 'create', name, '--version', release.name, ...nodeFlags, ...(spec.licensing ? ['--licensing', spec.licensing] : []), ...(seed !== undefined ? ['--seed', seed] : [])]
            steps.push(step(argv, `create cluster ${name}: ${release.name}, ${spec.nodes.length} node(s), licensing ${row.licensing}`))
            return true
          }
          if (release.name !== row.version) {
            const from = row.version
            const cur = row
            const r = upgradeCluster(store, clock, cur, release.name, (f, to) => onboardingAfterUpgrade(store, cur, f.name, to.name), k.reactions)
            steps.push(step(['cluster', 'upgrade', '--version', release.name, '--cluster', name], `upgrade ${from} -> ${r.to}${r.notes.length ? ` (${r.notes.join(' ')})` : ''}`))
            row = findCluster(store, name)!
          }
          if (spec.licensing && spec.licensing !== row.licensing) {
            setLicensingMode(store, row, spec.licensing)
            steps.push(step(['license', 'mode', spec.licensing, '--cluster', name], `licensing: ${row.licensing} -> ${spec.licensing}`))
          }
          for (const n of [...spec.nodes].sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role))) {
            if (findNode(store, row.id, n.host)) continue
            addNode(store, clock, row, n.host, n.role)
            steps.push(step(['cluster', 'add-node', n.host, '--role', n.role, '--cluster', name], `add node ${n.host} (${n.role})`))
          }
          return false
        },
      },
    ]
  },
  export(store, row, nodes) {
    const seed = clusterSeed(store, row.id)
    return {version: row.version, licensing: row.licensing, ...(seed !== undefined ? {seed: Number(seed)} : {}), nodes: nodes.map((n) => ({host: n.host, role: n.role}))}
  },
}
