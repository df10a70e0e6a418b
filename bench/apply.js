#!/usr/bin/env node
// Labs as files: one onboarded 4-node cluster set up by `ucadmin apply -f` (one process) against the same set-up
// as separate commands (one process each, as a script types them). Issue 15's target: apply at most 10% of the
// separate commands' time. Writes its table into bench/RESULTS.md.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {writeSection} from './results.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'bin', 'run.js')
const runs = Number(process.env.BENCH_RUNS || 7)
const dir = mkdtempSync(join(tmpdir(), 'ucadmin-bench-apply-'))
const NODES = `    nodes:
      - {host: cucm-pub, role: publisher}
      - {host: cucm-sub1, role: subscriber}
      - {host: imp-pub, role: imp-publisher}
      - {host: imp-sub, role: imp-subscriber}
`
const CREATE = [
  'cluster',
  'create',
  'lab',
  '--version',
  '14SU3',
  '--publisher',
  'cucm-pub',
  '--subscriber',
  'cucm-sub1',
  '--imp-publisher',
  'imp-pub',
  '--imp-subscriber',
  'imp-sub',
]
const ONBOARD = [
  ['onboarding', 'voucher'],
  ['onboarding', 'save', '--push', 'on', '--manage-certs', 'on'],
  ['utils', 'service', 'restart', 'Cisco', 'Tomcat', '--all-nodes'],
  ['onboarding', 'save'],
  ['utils', 'service', 'restart', 'Cisco', 'Push', 'Notification', 'Service', '--all-nodes'],
  ...['imp-pub', 'imp-sub'].flatMap((n) => [
    ['utils', 'service', 'restart', 'Cisco', 'XCP', 'Config', 'Manager', '--node', n],
    ['utils', 'service', 'restart', 'Cisco', 'XCP', 'Router', '--node', n],
  ]),
]
// Two set-ups of the same 4-node cluster, each as the commands a person types (the demo's order) and as a lab file:
// the onboarding alone, and the demo's whole set-up of its cluster (the "18 commands per cluster").
const setups = [
  {
    name: 'onboarded (the task flow only)',
    lab: `clusters:\n  lab:\n    version: 14SU3\n${NODES}    onboarding: {onboarded: true}\n`,
    commands: [CREATE, ...ONBOARD],
  },
  {
    name: "onboarded with the demo's messaging, HA, OAuth and Expressway steps",
    lab: `clusters:\n  lab:\n    version: 14SU3\n${NODES}    parameters: {multiple-device-messaging: Enabled, stream-management: Enabled, push-ha: Enabled, oauth-refresh-login-flow: Enabled}\n    onboarding: {onboarded: true}\n    expressway: {deployed: true}\n`,
    commands: [
      CREATE,
      ...ONBOARD,
      ['param', 'messaging', 'set', 'multiple-device-messaging', 'Enabled'],
      ['param', 'messaging', 'set', 'stream-management', 'Enabled'],
      ['param', 'service', 'set', 'Cisco XCP Router', 'Push Notifications High Availability', 'Enabled'],
      ...['imp-pub', 'imp-sub'].map((n) => ['utils', 'service', 'restart', 'Cisco', 'XCP', 'Router', '--node', n]),
      ['param', 'enterprise', 'set', 'OAuth with Refresh Login Flow', 'Enabled'],
      ['expressway', 'refresh-servers'],
      ['expressway', 'restart', 'c'],
      ['expressway', 'restart', 'e'],
    ],
  },
]

function run(db, args, expect = 0) {
  const r = spawnSync('node', [bin, ...args], {
    env: {...process.env, UCADMIN_DB: db, NO_COLOR: '1'},
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
  })
  if (r.status !== expect) throw new Error(`ucadmin ${args.join(' ')}: exit ${r.status}\n${r.stderr}`)
}

/** CPU time (user + system, ms) of the children that ended so far; Linux only (/proc), else null. */
function childCpu() {
  try {
    const f = readFileSync('/proc/self/stat', 'utf8').split(') ')[1].split(' ')
    return ((Number(f[13]) + Number(f[14])) * 1000) / 100
  } catch {
    return null
  }
}

/** Wall time of f, and the CPU time its child processes used (less sensitive to a busy machine). */
function time(f, cpuOut) {
  const c = childCpu()
  const t = process.hrtime.bigint()
  f()
  const wall = Number(process.hrtime.bigint() - t) / 1e6
  if (c !== null) cpuOut.push(childCpu() - c)
  return wall
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
const pct = (a, b) => `${((a / b) * 100).toFixed(1)}%`
const rows = []
const verdicts = []
for (const [k, setup] of setups.entries()) {
  const lab = join(dir, `lab${k}.yaml`)
  writeFileSync(lab, setup.lab)
  const w = {sep: [], one: [], again: []}
  const cpu = {sep: [], one: [], again: []}
  for (let i = 0; i < runs; i++) {
    const a = join(dir, `sep${k}-${i}.db`)
    w.sep.push(time(() => setup.commands.forEach((c) => run(a, c)), cpu.sep))
    const b = join(dir, `apply${k}-${i}.db`)
    w.one.push(time(() => run(b, ['apply', '-f', lab]), cpu.one))
    w.again.push(time(() => run(b, ['apply', '-f', lab]), cpu.again))
    // Both ways end in the same place: onboarded, no restart pending, the same checks passing.
    const view = (db) => {
      const st = JSON.parse(
        spawnSync('node', [bin, 'onboarding', 'status', '--json'], {
          env: {...process.env, UCADMIN_DB: db},
          encoding: 'utf8',
        }).stdout,
      )
      const ch = JSON.parse(
        spawnSync('node', [bin, 'onboarding', 'check', '--json'], {
          env: {...process.env, UCADMIN_DB: db},
          encoding: 'utf8',
        }).stdout,
      )
      return JSON.stringify([st.status, st.pendingRestarts, ch.checks.map((c) => [c.id, c.ok])])
    }
    if (view(a) !== view(b) || !view(a).includes('Cloud Onboarding Completed'))
      throw new Error(`the set-ups differ: ${view(a)} / ${view(b)}`)
  }
  const m = Object.fromEntries(Object.entries(w).map(([key, v]) => [key, median(v)]))
  const c = Object.fromEntries(Object.entries(cpu).map(([key, v]) => [key, v.length ? median(v) : NaN]))
  rows.push(
    `| ${setup.name} | ${setup.commands.length} separate commands | ${m.sep.toFixed(0)} | 100% | ${c.sep.toFixed(0)} | 100% |`,
  )
  rows.push(
    `| | \`apply -f\`, fresh state | ${m.one.toFixed(0)} | ${pct(m.one, m.sep)} | ${c.one.toFixed(0)} | ${pct(c.one, c.sep)} |`,
  )
  rows.push(
    `| | \`apply -f\` again (0 changed) | ${m.again.toFixed(0)} | ${pct(m.again, m.sep)} | ${c.again.toFixed(0)} | ${pct(c.again, c.sep)} |`,
  )
  verdicts.push(`${setup.name}: wall ${pct(m.one, m.sep)}, CPU ${pct(c.one, c.sep)}`)
}
rmSync(dir, {recursive: true, force: true})
let load = ''
try {
  load = ` Load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(', ')} (on ${(await import('node:os')).availableParallelism()} cores).`
} catch {}
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${process.platform} ${process.arch}, Node ${process.version}; \`npm run build && node bench/apply.js\`, ${runs} interleaved runs, medians.${load}`,
  'The lab: one 14SU3 cluster of 4 nodes (CUCM publisher and subscriber, IM and Presence publisher and subscriber). Each way ends in the same state (same status, no restart pending, the same checks passing; the bench checks it).',
  'CPU is user + system time of the processes (from /proc), which a busy machine inflates much less than wall time.',
  '',
  '| set-up | how | wall ms | share (wall) | CPU ms | share (CPU) |',
  '|---|---|---|---|---|---|',
  ...rows,
  '',
  `Target (issue 15): apply at most 10% of the same set-up as separate commands. ${verdicts.join('; ')}.`,
].join('\n')
console.log(table)
writeSection('apply', 'Labs as files: `apply -f` against separate commands (`node bench/apply.js`)', table)
