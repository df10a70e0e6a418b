import {readFileSync} from 'node:fs'

import {type Ctx, type Input, handler} from '../cli/handler.js'
import {
  type NodeReplication,
  type ReplicationFaultResult,
  type SelectCursor,
  clusterReplication,
  inSnapshot,
  runSql as runSqlOnNode,
  setReplicationFault,
} from '../domain/cucmdb.js'
import {UsageError} from '../domain/errors.js'
import {buildNumber, parseRelease} from '../domain/releases.js'
import {jsonKeys, printCucmTable, printJsonResult} from '../render/sqltable.js'
import {listNodes} from '../store/clusters.js'
import {nodeIp} from './show.js'

/** The --json document of `run sql`. */
export interface SqlResult {
  columns: string[]
  rows: Array<Record<string, unknown>>
  rowCount: number
}

/** run() of a SELECT reads nothing yet: printing reads the replica (twice, in one snapshot) through the cursor. */
type RunSqlResult = SqlResult & {cursor?: SelectCursor}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

/** The statement: the words as typed (joined by one space), `-` for stdin, or --file PATH. */
async function statementText(ctx: Ctx, input: Input): Promise<string> {
  const file = input.flags.file as string | undefined
  const words = input.argv
  if (file !== undefined) {
    if (words.length > 0) throw new UsageError('Give the statement either as words or with --file, not both.', {code: 'SQL_TWO_SOURCES', fix: 'Drop the words or the --file flag.'})
    try {
      return readFileSync(file, 'utf8')
    } catch (error) {
      throw new UsageError(`Cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, {code: 'SQL_FILE', fix: 'Give the path of a readable file holding one statement.'})
    }
  }
  if (words.length === 1 && words[0] === '-') return readAll(ctx.io.in)
  if (words.length === 0) {
    throw new UsageError('No statement given.', {
      code: 'SQL_EMPTY',
      fix: 'Give one, e.g. ucadmin run sql "select * from machineaccountdetails" (or --file PATH, or - to read stdin).',
    })
  }
  return words.join(' ')
}

export const runSql = handler<RunSqlResult>({
  async run(ctx, input) {
    const text = await statementText(ctx, input)
    const outcome = runSqlOnNode(ctx.store, ctx.clock, ctx.cluster(), ctx.node(), text)
    if (outcome.kind === 'write') return {columns: [], rows: [], rowCount: outcome.rowCount}
    return {columns: jsonKeys(outcome.cursor.columns), rows: [], rowCount: 0, cursor: outcome.cursor}
  },
  async human(ctx, r) {
    const cursor = r.cursor
    if (!cursor) {
      ctx.out.line(`Rows: ${r.rowCount}`)
      return
    }
    await inSnapshot(ctx.store, () => printCucmTable(cursor.columns, () => cursor.rows(), (chunk) => ctx.out.write(chunk)))
  },
  async json(ctx, r) {
    const cursor = r.cursor
    if (!cursor) {
      ctx.out.line(JSON.stringify({columns: r.columns, rows: r.rows, rowCount: r.rowCount}, null, 2))
      return
    }
    await inSnapshot(ctx.store, async () => {
      // A first pass surfaces any error before the document starts, so stdout is always one whole JSON document.
      for (const _ of cursor.rows());
      printJsonResult(cursor.columns, cursor.rows(), (chunk) => ctx.out.write(chunk))
    })
  },
})

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
