import {handler} from '../../../cli/handler.js'
import {type NodeReplication, type ReplicationFaultResult, clusterReplication, setReplicationFault} from '../cucmdb.js'
import {buildNumber, parseRelease} from '../../cluster/releases.js'
import {listNodes} from '../../cluster/store.js'
import {nodeIp} from '../../cluster/handlers/show.js'

export interface RuntimeStateResult {
  cluster: string
  node: string
  at: string
  dbVersion: string
  nodes: Array<NodeReplication & {ip: string; groupId: string}>
}

export const runtimestate = handler<RuntimeStateResult>({
  write: false,
  run(ctx) {
    const c = ctx.cluster()
    const node = ctx.node()
    const nodes = listNodes(ctx.store, c.id)
    const build = buildNumber(parseRelease(c.version))
    return {
      cluster: c.name,
      node: node.host,
      at: new Date(ctx.clock.now()).toISOString(),
      dbVersion: `ccm${build.replaceAll('.', '_').replace('-', '_')}`,
      nodes: clusterReplication(ctx.store, c).map((r, i) => ({...r, ip: nodeIp(nodes[i]), groupId: `g_${nodes[i].position + 2}`})),
    }
  },
  human(ctx, r) {
    const o = ctx.out
    const stamp = r.at.slice(0, 16).replace('T', '-').replaceAll(':', '-')
    const bad = r.nodes.filter((n) => n.rtmtState !== 2)
    const down = r.nodes.filter((n) => !n.dbRunning || !n.replicatorRunning)
    o.line('')
    o.line(`DB and Replication Services: ${down.length ? `NOT RUNNING on ${down.map((n) => n.host).join(', ')}` : 'ALL RUNNING'}`)
    o.line('')
    o.line(`Cluster Replication State: Replication status command started at: ${stamp}`)
    o.line(`     Replication status command COMPLETED ${r.nodes.length} servers checked`)
    o.line(bad.length ? `     Errors or Mismatches found on: ${bad.map((n) => `${n.host} (${n.status})`).join(', ')}` : '     No Errors or Mismatches found.')
    o.line('')
    o.line(`DB Version: ${r.dbVersion}`)
    o.line('Repltimeout set to: 300s')
    o.line('PROCESS option set to: 1')
    o.line('')
    o.line(`Cluster Detailed View from ${r.node} (${r.nodes.length} Servers):`)
    o.line('')
    const cols: Array<[string, string, number]> = [
      ['', 'SERVER-NAME', 20],
      ['', 'IP ADDRESS', 16],
      ['PING', '(msec)', 10],
      ['DB/RPC/', 'DbMon?', 10],
      ['REPL.', 'QUEUE', 9],
      ['Replication', 'Group ID', 15],
      ['REPLICATION SETUP', '(RTMT) & Details', 0],
    ]
    const row = (cells: string[]) => cells.map((c, i) => (cols[i][2] ? c.padEnd(cols[i][2]) : c)).join('').trimEnd()
    o.line(row(cols.map((c) => c[0])))
    o.line(row(cols.map((c) => c[1])))
    o.line(row(cols.map((c) => '-'.repeat(c[1].length))))
    for (const [i, n] of r.nodes.entries()) {
      const yn = (b: boolean) => (b ? 'Y' : 'N')
      o.line(
        row([
          n.host,
          n.ip,
          n.nodeState === 'up' ? (0.021 + i * 0.117).toFixed(3) : '-',
          `${yn(n.dbRunning)}/${yn(n.nodeState === 'up')}/${yn(n.dbMonRunning)}`,
          String(n.queue),
          `(${n.groupId})`,
          `(${n.rtmtState ?? '?'}) ${n.status}`,
        ]),
      )
    }
  },
})

function replicationFault(fault: 'replication-break' | 'replication-fix') {
  return handler<ReplicationFaultResult>({
    run(ctx, {args}) {
      return setReplicationFault(ctx.store, ctx.clock, ctx.nodeNamed(args.host!), fault)
    },
    human(ctx, r) {
      if (r.replication === 'broken') ctx.out.line(`${r.node}: replication from the publisher is broken; its replica keeps its current rows.`)
      else if (r.queue > 0) ctx.out.line(`${r.node}: replication restored; ${r.queue} change${r.queue === 1 ? '' : 's'} will arrive when its database is reachable.`)
      else ctx.out.line(`${r.node}: replication restored; caught up with ${r.caughtUp} change${r.caughtUp === 1 ? '' : 's'}.`)
    },
  })
}

export const replicationBreak = replicationFault('replication-break')
export const replicationFix = replicationFault('replication-fix')
