import {handler} from '../../../../command/handler.js'
import {type NodeReplication, type ReplicationFaultResult, clusterReplication, setReplicationFault} from '../cucmdb.js'
import {buildNumber, parseRelease} from '../../../world/cluster/releases.js'
import {listNodes} from '../../../world/cluster/store.js'
import {nodeIp} from '../../../world/cluster/platform.js'
import {getReplication} from '../store.js'
import {unixDate} from '../../../../core/time.js'
import {writeActivelogFile} from '../../../platform/traces/traces.js'

export interface RuntimeStateResult {
  cluster: string
  node: string
  at: string
  dbVersion: string
  /** The last broadcast sync (the latest catch-up of any node, else the cluster's creation). */
  syncEndedAt: string
  tables: number
  nodes: Array<NodeReplication & {ip: string; groupId: string; pingMs: number | null}>
}

/** Tables the CUCM database replicates, by major release (the capture's 15 has 753). */
const TABLES: Record<number, number> = {10: 640, 11: 688, 12: 721, 14: 742, 15: 753}

export const runtimestate = handler<RuntimeStateResult>({
  write: false,
  run(ctx) {
    const c = ctx.cluster()
    const node = ctx.node()
    const nodes = listNodes(ctx.store, c.id)
    const release = parseRelease(c.version)
    const build = buildNumber(release)
    const synced = nodes.map((n) => getReplication(ctx.store, n.id).syncedAt ?? 0)
    return {
      cluster: c.name,
      node: node.host,
      at: new Date(ctx.clock.now()).toISOString(),
      dbVersion: `ccm${build.replaceAll('.', '_').replace('-', '_')}`,
      syncEndedAt: new Date(Math.max(c.createdAt, ...synced)).toISOString(),
      tables: TABLES[release.major] ?? 753,
      nodes: clusterReplication(ctx.store, c).map((r, i) => ({
        ...r,
        ip: nodeIp(nodes[i]),
        groupId: `g_${nodes[i].position + 2}`,
        pingMs:
          r.nodeState !== 'up' ? null : nodes[i].id === node.id ? 0.016 : 0.1 + ((nodes[i].position * 37) % 90) / 1000,
      })),
    }
  },
  human(ctx, r) {
    ctx.out.lines(runtimestateLines(r))
  },
})

/** The table's columns: [header line 1, header line 2, underline, the capture's width]; widths grow to fit. */
const COLUMNS: Array<[string, string, string, number]> = [
  ['', 'SERVER-NAME', '-----------', 25],
  ['', 'IP ADDRESS', '----------', 18],
  ['PING', '(msec)', '------', 10],
  ['DB/RPC/', 'DbMon?', '-------', 10],
  ['REPL.', 'QUEUE', '-----', 9],
  ['Replication', 'Group ID', '-----------', 15],
  ['REPLICATION SETUP', '(RTMT) & Details', '------------------', 0],
]

/** `utils dbreplication runtimestate` in the layout of the CUCM 15 capture (test/fixtures/cucm/). */
export function runtimestateLines(r: RuntimeStateResult): string[] {
  const stamp = (iso: string) => iso.slice(0, 16).replace('T', '-').replaceAll(':', '-')
  const bad = r.nodes.filter((n) => n.rtmtState !== 2)
  const yn = (b: boolean) => (b ? 'Y' : 'N')
  const rows = r.nodes.map((n) => [
    n.host,
    n.ip,
    n.pingMs === null ? '-' : n.pingMs.toFixed(3),
    `${yn(n.dbRunning)}/${yn(n.nodeState === 'up')}/${yn(n.dbMonRunning)}`,
    String(n.queue),
    `(${n.groupId})`,
    `(${n.rtmtState ?? '?'}) ${n.status}`,
  ])
  // Each column is as wide as the capture's, or wider when a value needs it (two blanks between columns).
  const widths = COLUMNS.map((c, i) => (c[3] ? Math.max(c[3], ...rows.map((row) => row[i].length + 2)) : 0))
  const line = (cells: string[]) =>
    cells
      .map((v, i) => (widths[i] ? v.padEnd(widths[i]) : v))
      .join('')
      .trimEnd()
  const syncStamp = stamp(r.syncEndedAt)
  const logName = `${r.syncEndedAt.slice(0, 10).replaceAll('-', '')}_${r.syncEndedAt.slice(11, 19).replaceAll(':', '')}_dbl_repl_output_Broadcast.log`
  return [
    `Server Time: ${unixDate(Date.parse(r.at))}`,
    '',
    `Cluster Replication State: BROADCAST SYNC ended at: ${syncStamp}`,
    `     Sync Result: SYNC COMPLETED on ${r.tables} tables out of ${r.tables}`,
    bad.length
      ? `     Sync Status: Errors or Mismatches found on: ${bad.map((n) => n.host).join(', ')}`
      : '     Sync Status: All Tables are in sync',
    `     Use CLI to see detail: 'file view activelog cm/trace/dbl/${logName}'`,
    '',
    `DB Version: ${r.dbVersion}`,
    '',
    'Repltimeout set to: 300s',
    'PROCESS option set to: 1',
    '',
    `Cluster Detailed View from ${r.node} (${r.nodes.length} Servers):`,
    '',
    line(COLUMNS.map((c) => c[0])),
    line(COLUMNS.map((c) => c[1])),
    line(COLUMNS.map((c) => c[2])),
    ...rows.map(line),
  ]
}

export interface StatusResult {
  node: string
  /** The activelog file holding the result (`file view activelog FILE`). */
  file: string
  servers: Array<{
    host: string
    server: string
    id: number
    state: string
    status: string
    queue: number
    changed: string | null
  }>
}

/** The folder `utils dbreplication status` writes its result to. */
const STATUS_DIR = 'cm/trace/dbl/sdi'

/**
 * `utils dbreplication status`, in CUCM's documented form: it starts the check "in background" and names the file
 * of the result, which `file view activelog` shows: each server as Informix's `cdr list serv` lists it (ID, state,
 * status Local, Connected, Dropped or Failed, queue). On the simulated clock the check completes at once.
 */
export const status = handler<StatusResult>({
  run(ctx) {
    const c = ctx.cluster()
    const node = ctx.node()
    const nodes = listNodes(ctx.store, c.id)
    const now = ctx.clock.now()
    const d = new Date(now).toISOString()
    const stamp = `${d.slice(0, 10).replaceAll('-', '_')}_${d.slice(11, 19).replaceAll(':', '_')}`
    const file = `ReplicationStatus.${stamp}.out`
    const version = `ccm${buildNumber(parseRelease(c.version)).replaceAll('.', '_').replace('-', '_')}`
    const servers = clusterReplication(ctx.store, c).map((r, i) => ({
      host: r.host,
      server: `g_${nodes[i].position + 2}_${version}`,
      id: nodes[i].position + 2,
      state: 'Active',
      status:
        nodes[i].id === node.id
          ? 'Local'
          : r.nodeState !== 'up' || !r.dbRunning
            ? 'Dropped'
            : r.broken || !r.replicatorRunning
              ? 'Failed'
              : 'Connected',
      queue: r.queue,
      changed: nodes[i].id === node.id ? null : cdrTime(getReplication(ctx.store, nodes[i].id).syncedAt ?? c.createdAt),
    }))
    const w = Math.max(22, ...servers.map((x) => x.server.length + 1))
    const lines = [
      `Replication status check started on ${node.host} at ${unixDate(now)}`,
      '',
      `Cluster Detailed View from ${node.host} (${servers.length} Servers):`,
      '',
      `${'SERVER'.padEnd(w)} ID STATE    STATUS     QUEUE  CONNECTION CHANGED`,
      '-'.repeat(w + 49),
      ...servers.map((x) =>
        `${x.server.padEnd(w)}${String(x.id).padStart(3)} ${x.state.padEnd(8)} ${x.status.padEnd(10)} ${String(x.queue).padStart(5)}  ${x.changed ?? ''}`.trimEnd(),
      ),
      '',
      servers.some((x) => x.status !== 'Local' && x.status !== 'Connected')
        ? 'Replication is not good on every server: see utils dbreplication runtimestate.'
        : 'Replication is good on every server.',
    ]
    writeActivelogFile(ctx.store, node, STATUS_DIR, file, now, lines)
    return {node: node.host, file: `${STATUS_DIR}/${file}`, servers}
  },
  human(ctx, r) {
    ctx.out.lines([
      '',
      'Replication status check is now running in background.',
      "Use command 'utils dbreplication runtimestate' to check its progress",
      '',
      `The final output will be in file ${r.file}`,
      '',
      `Please use "file view activelog ${r.file} " command to see the output`,
    ])
  },
})

/** `cdr list serv`'s CONNECTION CHANGED: `Jul 17 16:46:42`. */
function cdrTime(ms: number): string {
  const d = new Date(ms)
  const mon = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]
  return `${mon} ${String(d.getUTCDate()).padStart(2)} ${d.toISOString().slice(11, 19)}`
}

function replicationFault(fault: 'replication-break' | 'replication-fix') {
  return handler<ReplicationFaultResult>({
    run(ctx, {args}) {
      return setReplicationFault(ctx.store, ctx.clock, ctx.nodeNamed(args.host!), fault)
    },
    human(ctx, r) {
      if (r.replication === 'broken')
        ctx.out.line(`${r.node}: replication from the publisher is broken; its replica keeps its current rows.`)
      else if (r.queue > 0)
        ctx.out.line(
          `${r.node}: replication restored; ${r.queue} change${r.queue === 1 ? '' : 's'} will arrive when its database is reachable.`,
        )
      else
        ctx.out.line(
          `${r.node}: replication restored; caught up with ${r.caughtUp} change${r.caughtUp === 1 ? '' : 's'}.`,
        )
    },
  })
}

export const replicationBreak = replicationFault('replication-break')
export const replicationFix = replicationFault('replication-fix')
