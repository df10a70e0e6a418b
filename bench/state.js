#!/usr/bin/env node
// Snapshots and long simulated runs (issue 15): `state restore` of an onboarded 4-node lab as a whole process
// against the start-up floor (plain node opening the state file and reading one row), interleaved runs, medians;
// then `sim clock advance 61d` and `365d` on that lab (wall time of the whole process, state file size after a
// checkpoint). Writes its section into bench/RESULTS.md.
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {writeSection} from './results.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'bin', 'run.js')
const runs = Number(process.env.BENCH_RUNS || 30)
const dir = mkdtempSync(join(tmpdir(), 'ucadmin-bench-state-'))
const db = join(dir, 'state.db')
const env = {...process.env, UCADMIN_DB: db, NO_COLOR: '1'}
const ucadmin = (...args) => execFileSync('node', [bin, ...args], {env, stdio: ['ignore', 'pipe', 'pipe']}).toString()

// The lab: a CUCM publisher and subscriber, an IM and Presence publisher and subscriber, onboarded, push services restarted.
ucadmin(
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
  'imp-sub1',
)
ucadmin('onboarding', 'voucher')
ucadmin('onboarding', 'save', '--push', 'on', '--manage-certs', 'on')
ucadmin('utils', 'service', 'restart', 'Cisco', 'Tomcat', '--all-nodes')
ucadmin('onboarding', 'save')
for (const s of ['Cisco Push Notification Service', 'Cisco XCP Config Manager', 'Cisco XCP Router'])
  ucadmin('utils', 'service', 'restart', ...s.split(' '), '--all-nodes')
ucadmin('state', 'save', 'onboarded')

const floorScript = `import Database from 'better-sqlite3'; const d = new Database(${JSON.stringify(db)}); d.pragma('busy_timeout = 15000'); d.prepare('SELECT * FROM clusters LIMIT 1').get(); d.close()`
const cases = [
  {name: 'floor: node + better-sqlite3 open + one SELECT', cmd: ['--input-type=module', '-e', floorScript]},
  {name: '`ucadmin state restore onboarded`', cmd: [bin, 'state', 'restore', 'onboarded']},
  {name: '`ucadmin state save snap`', cmd: [bin, 'state', 'save', 'snap']},
]
function once(cmd) {
  const t = process.hrtime.bigint()
  const r = spawnSync('node', cmd, {env, cwd: root, stdio: ['ignore', 'ignore', 'pipe']})
  if (r.status !== 0) throw new Error(`${cmd.join(' ')} failed: ${r.stderr}`)
  return Number(process.hrtime.bigint() - t) / 1e6
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}
for (const c of cases) once(c.cmd)
const samples = cases.map(() => [])
for (let i = 0; i < runs; i++) cases.forEach((c, j) => samples[j].push(once(c.cmd)))
const floor = median(samples[0])

const checkpointed = () => {
  execFileSync(
    'node',
    [
      '--input-type=module',
      '-e',
      `import Database from 'better-sqlite3'; const d = new Database(${JSON.stringify(db)}); d.pragma('wal_checkpoint(TRUNCATE)'); d.close()`,
    ],
    {cwd: root},
  )
  return statSync(db).size
}
const long = []
for (const d of ['61d', '365d', '36500d']) {
  const times = []
  let size = 0
  let events = 0
  for (let i = 0; i < 3; i++) {
    ucadmin('state', 'restore', 'onboarded')
    const before = checkpointed()
    const t = process.hrtime.bigint()
    events = JSON.parse(ucadmin('sim', 'clock', 'advance', d, '--json', '--summary')).eventCount
    times.push(Number(process.hrtime.bigint() - t) / 1e6)
    size = checkpointed()
    if (i === 0) long.push({d, before})
  }
  Object.assign(long.at(-1), {ms: median(times), size, events})
}

const mb = (b) => (b / 1e6).toFixed(2)
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${process.platform} ${process.arch}, Node ${process.version}; the lab is one onboarded cluster of 4 nodes (CUCM publisher and subscriber, IM and Presence publisher and subscriber).`,
  '',
  `Snapshots: ${runs} interleaved runs each, median wall time of the whole process.`,
  '',
  '| case | median ms | ratio to floor |',
  '|---|---|---|',
  ...cases.map(
    (c, j) => `| ${c.name} | ${median(samples[j]).toFixed(1)} | ${(median(samples[j]) / floor).toFixed(2)} |`,
  ),
  '',
  'Long runs: `sim clock advance D --json --summary` from the restored lab, median of 3 whole processes; file size after a WAL checkpoint.',
  '',
  '| advance | events | median ms | state file before (MB) | after (MB) |',
  '|---|---|---|---|---|',
  ...long.map(
    (l) => `| ${l.d} | ${l.events.toLocaleString('en-US')} | ${l.ms.toFixed(0)} | ${mb(l.before)} | ${mb(l.size)} |`,
  ),
  '',
  'Targets (issue 15): `state restore` at most 1.3 times the floor; `sim clock advance 365d` under 1 s, the file under 5 MB.',
  'The restore ratio moves with machine load (1.2 to 1.5 in runs on this shared 2-core machine, the target is not met reliably): most of the gap is',
  'module loading and the WAL checkpoint on close, not the restore itself (about 2 ms of SQL in one transaction).',
  'Before this work (issue 15): 61d took 2.6 s and grew the file from 0.3 MB to 10 MB; 365d took 14 s and 75 MB.',
  'Token fetches (every 10 minutes) and scheduled uploads are fast-forwarded over runs with the same outcome, and',
  'traces keep 10 files of 32 KiB per service and node; the size after a long run is mostly those traces.',
].join('\n')
console.log(table)
writeSection('state', 'Snapshots and long simulated runs (`node bench/state.js`)', table)
rmSync(dir, {recursive: true, force: true})
