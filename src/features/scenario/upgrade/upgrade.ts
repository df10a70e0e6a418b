import type {ClusterRow, Licensing} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {listNodes, updateClusterLicensing, updateClusterVersion} from '../../world/cluster/store.js'
import {listServices} from '../../platform/services/store.js'
import type {Clock} from '../../world/clock/clock.js'
import {UsageError} from '../../../core/errors.js'
import type {ServiceReactions} from '../../platform/services/control.js'
import {setNodeFault} from '../faults/faults.js'
import {atLeast, compareReleases, parseRelease, type Release} from '../../world/cluster/releases.js'
import {installServiceDefs, servicesFor} from '../../platform/services/services.js'
import {recordInactiveVersion} from '../../world/cluster/platform.js'

export interface UpgradeResult {
  cluster: string
  from: string
  to: string
  addedServices: string[]
  licensing: Licensing
  notes: string[]
}

/**
 * Upgrades every node to a later release: new services are installed, every node reboots (its activated services
 * start again), and an upgrade across 12.0 moves licensing from Prime License Manager to Smart Licensing (the PLM
 * voucher is removed, as the guide says).
 */
export function upgradeCluster(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  version: string,
  onUpgrade: (from: Release, to: Release) => string[],
  reactions: ServiceReactions,
): UpgradeResult {
  const from = parseRelease(cluster.version)
  const to = parseRelease(version)
  if (compareReleases(to, from) <= 0) {
    throw new UsageError(
      `${cluster.name} runs ${from.name}; an upgrade must go to a later release than that, not ${to.name}.`,
      {fix: 'Give a later --version.'},
    )
  }
  const added = new Set<string>()
  for (const n of listNodes(store, cluster.id)) {
    const have = new Set(listServices(store, n.id).map((s) => s.name))
    const missing = servicesFor(n, to).filter((s) => !have.has(s.name))
    for (const s of missing) added.add(s.name)
    installServiceDefs(store, clock, n, missing)
  }
  updateClusterVersion(store, cluster.id, to.name)
  recordInactiveVersion(store, cluster, from.name)
  let licensing = cluster.licensing
  if (!atLeast(from, '12.0(1)') && atLeast(to, '12.0(1)') && licensing === 'plm') {
    licensing = 'smart'
    updateClusterLicensing(store, cluster.id, licensing)
  }
  const notes = onUpgrade(from, to)
  for (const n of listNodes(store, cluster.id))
    if (n.state === 'up') setNodeFault(store, clock, {...n, state: 'shutdown'}, 'node-up', reactions)
  return {cluster: cluster.name, from: from.name, to: to.name, addedServices: [...added], licensing, notes}
}
