import {hardware} from '../features/world/cluster/platform.js'
import {resolveCluster, resolveNode} from '../features/world/cluster/target.js'
import type {Store} from '../store/store.js'
import {loginBanner} from './terminal.js'

/**
 * The login banner of a session on a node: the real CLI's lines with the node's `VMware Installation:` block (from
 * its platform facts). Without a cluster or node yet, the fixed lines only.
 */
export function sessionBanner(store: Store, target: {node?: string; cluster?: string}): string[] {
  try {
    const cluster = resolveCluster(store, target)
    return loginBanner(hardware(resolveNode(store, cluster, target.node)))
  } catch {
    return loginBanner()
  }
}
