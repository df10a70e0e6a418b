import {FailedError, UcError} from '../core/errors.js'
import {resolveCluster, resolveNode} from '../features/world/cluster/topology.js'
import type {Store} from '../store/store.js'

/** Where an SSH session lands: its node and cluster (none when the lab has no cluster yet). */
export interface Target {
  node?: string
  cluster?: string
  role?: string
  version?: string
}

/** What a session's target depends on: the account's own node and cluster, else the server's --node/--cluster. */
export interface TargetAccount {
  name: string
  nodeHost?: string | null
  clusterName?: string | null
}

/**
 * Where a session of this account lands: its node, else the server's --node, else the publisher of the current
 * cluster (or of the only one). With several clusters and none current, the session cannot pick one: it is told
 * how to choose instead of opening a session whose every command fails. Read inside a transaction of the caller.
 */
export function sessionTarget(
  account: TargetAccount,
  store: Store,
  defaults: {node?: string; cluster?: string},
): Target {
  const node = account.nodeHost ?? defaults.node
  const cluster = account.clusterName ?? defaults.cluster
  try {
    const c = resolveCluster(store, {cluster, node})
    const n = resolveNode(store, c, node)
    return {node: n.host, cluster: c.name, role: n.role, version: c.version}
  } catch (error) {
    if (node || cluster) throw error
    if (error instanceof UcError && error.code === 'AMBIGUOUS_CLUSTER') {
      throw new FailedError(`${error.message.replace(/\.$/, '')}, so this session does not know which one it is on.`, {
        code: 'AMBIGUOUS_CLUSTER',
        fix: `On the server: give the account a node (ucadmin account delete ${account.name}, then account add ${account.name} --node HOST), start serve ssh with --cluster NAME, or run ucadmin cluster use NAME.`,
      })
    }
    return {}
  }
}
