#!/usr/bin/env node
// Tenants benchmark (issue 23): one `serve ssh --tenants DIR` process, BENCH_TENANTS tenants (default 500), each an
// onboarded lab made from labs/example.yaml (a 4-node cluster and a second 1-node one). Measures, on this machine:
//   - the first command of a cold tenant after login (its lab is made from the template and opened then),
//   - BENCH_SESSIONS (default 50) interactive sessions on as many tenants running a mixed script at once
//     (latency of each command: from the line sent to the next admin: prompt),
//   - the same sessions again with a think time before each command (BENCH_THINK_MS, default 1000, exponentially
//     distributed, as people and harnesses that read what they get; 0 skips the phase),
//   - the server's peak RSS (VmHWM) over the whole run.
// BENCH_WORKERS passes --workers N to the server (default: the server's own default; 0 runs tenants' commands on
// its main thread, as before worker threads). The client (ssh2, in this process) shares the 2 cores with the
// server. Writes its table into bench/RESULTS.md (BENCH_WRITE=0: prints it only).
import {execFileSync, spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {createRequire} from 'node:module'
import {connect} from 'node:net'
import {cpus, tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {writeSection} from './results.js'

const require = createRequire(import.meta.url)
const Database = require('better-sqlite3')
const {Client} = require('ssh2')

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'bin', 'run.js')
const TENANTS = Number(process.env.BENCH_TENANTS || 500)
const SESSIONS = Math.min(Number(process.env.BENCH_SESSIONS || 50), TENANTS)
const ROUNDS = Number(process.env.BENCH_ROUNDS || 4)
const COLD_PARALLEL = Number(process.env.BENCH_COLD_PARALLEL || 1)
const WORKERS = process.env.BENCH_WORKERS
const THINK_MS = Number(process.env.BENCH_THINK_MS ?? 1000)
const PW = 'Bench-pass1'
const dir = mkdtempSync(join(tmpdir(), 'ucadmin-bench-tenants-'))
const db = join(dir, 'server.db')
const labs = join(dir, 'class')
mkdirSync(labs, {mode: 0o700})
const env = {...process.env, UCADMIN_DB: db, NO_COLOR: '1'}

// Accounts t0..tN-1 in the server's state file (one scrypt hash, copied: the bench measures logins, not account add).
execFileSync('node', [bin, 'account', 'add', 't0', '--password-stdin'], {env, input: `${PW}\n`})
{
  const d = new Database(db)
  const hash = d.prepare("SELECT password_hash FROM accounts WHERE name = 't0'").get().password_hash
  const add = d.prepare('INSERT INTO accounts(name, password_hash, created_at, changed_at) VALUES (?, ?, 0, 0)')
  d.transaction(() => {
    for (let i = 1; i < TENANTS; i++) add.run(`t${i}`, hash)
  })()
  d.close()
}

const server = spawn(
  'node',
  [
    bin,
    'serve',
    'ssh',
    '--port',
    '0',
    '--json',
    '--tenants',
    labs,
    '--template',
    join(root, 'labs', 'example.yaml'),
    '--lockout',
    '10000',
    '--per-source-max-startups',
    '200',
    '--max-startups',
    '1000',
    '--exit-on-stdin-close',
    ...(WORKERS === undefined ? [] : ['--workers', WORKERS]),
  ],
  {env, stdio: ['pipe', 'pipe', 'pipe']},
)
let serverLog = ''
server.stderr.on('data', (d) => (serverLog += d))
const port = await new Promise((resolve, reject) => {
  let out = ''
  server.stdout.on('data', (d) => {
    out += d
    if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]).port)
  })
  server.on('exit', () => reject(new Error(`server exited:\n${serverLog}`)))
})
const workers = Number(/commands run on (\d+) worker threads/.exec(serverLog)?.[1] ?? 0)
const peakRss = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) / 1024
const rss = () => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) / 1024

function login(user) {
  return new Promise((resolve, reject) => {
    const c = new Client()
    c.on('ready', () => resolve(c))
    c.on('error', reject)
    // TCP_NODELAY on the client too, as OpenSSH sets it for interactive sessions.
    const sock = connect(port, '127.0.0.1', () => sock.setNoDelay(true))
    c.connect({sock, username: user, password: PW, readyTimeout: 120_000, hostVerifier: () => true})
  })
}

function exec(c, command) {
  return new Promise((resolve, reject) => {
    c.exec(command, (err, s) => {
      if (err) return reject(err)
      let code = -1
      let out = ''
      s.on('data', (d) => (out += d))
      s.stderr.on('data', () => undefined)
      s.on('exit', (n) => (code = n))
      s.on('close', () => resolve({code, out}))
    })
  })
}

const pct = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
}
const f = (ms) => ms.toFixed(1)

// 1. Cold tenants: log in, time the first command (the lab is made from the template and opened for it).
const cold = []
let coldErrors = 0
const coldStart = Date.now()
let next = 0
await Promise.all(
  Array.from({length: COLD_PARALLEL}, async () => {
    while (next < TENANTS) {
      const i = next++
      const c = await login(`t${i}`)
      const t0 = performance.now()
      const r = await exec(c, 'show status')
      cold.push(performance.now() - t0)
      if (r.code !== 0) coldErrors++
      c.end()
    }
  }),
)
const coldSeconds = (Date.now() - coldStart) / 1000
console.error(`cold phase: ${TENANTS} tenants in ${coldSeconds} s`)
const rssAfterCold = rss()

// 2. SESSIONS interactive sessions at once, each on its own tenant, a mixed script of ROUNDS x MIX commands.
const MIX = [
  'utils service list',
  'show status',
  'utils service restart Cisco Tomcat',
  'run sql select * from machineaccountdetails',
  'onboarding status',
  'sim clock advance 1h',
  'show version active',
  'cluster show --json',
  'show network cluster',
  'file list activelog cm/trace/ccmpns/log4j/',
]
// Every session logs in and reaches its prompt first (logins cost an scrypt each); then all run their scripts at once.
async function openSessions() {
  return Promise.all(
    Array.from({length: SESSIONS}, async (_, k) => {
      const c = await login(`t${(k * 7) % TENANTS}`)
      const ch = await new Promise((resolve, reject) => c.shell((e, s) => (e ? reject(e) : resolve(s))))
      const sess = {c, ch, buf: '', wake: undefined}
      ch.on('data', (d) => {
        sess.buf += d
        sess.wake?.()
      })
      return sess
    }),
  )
}

/** A small deterministic generator (mulberry32): every run thinks the same times. */
function random(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Every session runs ROUNDS x MIX; with thinkMs > 0, an exponential pause (that mean) before each command. */
async function mixed(thinkMs) {
  const sessions = await openSessions()
  const lat = []
  let errors = 0
  const start = Date.now()
  const cpu0 = cpuSeconds()
  await Promise.all(
    sessions.map(async (sess, k) => {
      const {c, ch} = sess
      const rand = random(k + 1)
      const prompt = async () => {
        while (!/\nadmin:$/.test(sess.buf)) await new Promise((r) => (sess.wake = r))
      }
      await prompt()
      sess.buf = ''
      ch.write('set cli pagination off\r')
      await prompt()
      for (let r = 0; r < ROUNDS; r++) {
        for (const cmd of MIX) {
          if (thinkMs > 0) await new Promise((r) => setTimeout(r, -Math.log(1 - rand()) * thinkMs))
          sess.buf = ''
          const t0 = performance.now()
          ch.write(`${cmd}\r`)
          await prompt()
          lat.push(performance.now() - t0)
          if (process.env.BENCH_DEBUG) console.error(k, cmd, (performance.now() - t0).toFixed(1))
          if (sess.buf.includes('Executed command unsuccessfully')) errors++
        }
      }
      ch.write('quit\r')
      c.end()
    }),
  )
  return {lat, errors, seconds: (Date.now() - start) / 1000, cpu: cpuSeconds() - cpu0}
}

function cpuSeconds() {
  const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(f[11]) + Number(f[12])) / 100
}

const mix = await mixed(0)
const {lat, errors} = mix
const mixSeconds = mix.seconds
console.error(`mixed phase: ${lat.length} commands in ${mixSeconds} s, ${mix.cpu.toFixed(2)} s of the server's CPU`)
const think = THINK_MS > 0 ? await mixed(THINK_MS) : undefined
if (think) console.error(`think-time phase: ${think.lat.length} commands in ${think.seconds} s`)

// 3. One tenant's heavy but bounded commands (a year of simulated time; a `run sql` over about ten million rows)
//    while another tenant types: the other's worst latency meanwhile (on worker threads the two run side by side;
//    with --workers 0 they share one event loop).
const HEAVY = [
  'sim clock advance 365d',
  `run sql select count(*) from ${'abcdefghij'
    .split('')
    .map((t) => `processnode ${t}`)
    .join(', ')}`,
]
const heavyClient = await login('t1')
const light = await login('t2')
const lightCh = await new Promise((resolve, reject) => light.shell((e, s) => (e ? reject(e) : resolve(s))))
let lbuf = ''
let lwake
lightCh.on('data', (d) => {
  lbuf += d
  lwake?.()
})
const lprompt = async () => {
  while (!/\nadmin:$/.test(lbuf)) await new Promise((r) => (lwake = r))
}
await lprompt()
lbuf = ''
lightCh.write('set cli pagination off\r')
await lprompt()
const heavyResults = []
for (const command of HEAVY) {
  const heavyStart = performance.now()
  let heavyDone = false
  const heavy = exec(heavyClient, command).then((r) => {
    heavyDone = true
    return {code: r.code, ms: performance.now() - heavyStart}
  })
  const during = []
  while (!heavyDone) {
    lbuf = ''
    const t0 = performance.now()
    lightCh.write('show status\r')
    await lprompt()
    during.push(performance.now() - t0)
  }
  heavyResults.push({command, during, ...(await heavy)})
}
heavyClient.end()
light.end()
const peak = peakRss()
server.stdin.end()
await new Promise((r) => server.on('exit', r))
rmSync(dir, {recursive: true, force: true})

const rows = [
  ['tenants (each a 4-node onboarded lab + a 1-node one, from labs/example.yaml)', TENANTS.toLocaleString('en-US'), ''],
  ["worker threads running the tenants' commands (`--workers`; 0: the main thread)", String(workers), ''],
  [
    `first command of a cold tenant after login (\`show status\`, ${COLD_PARALLEL} logins at a time): p50 / p99 / max ms`,
    `${f(pct(cold, 50))} / ${f(pct(cold, 99))} / ${f(Math.max(...cold))}`,
    'p99 < 100',
  ],
  ['cold logins + first commands, all tenants: seconds / errors', `${coldSeconds.toFixed(1)} / ${coldErrors}`, ''],
  [
    `${SESSIONS} sessions at once, ${lat.length.toLocaleString('en-US')} mixed commands: p50 / p99 / max ms`,
    `${f(pct(lat, 50))} / ${f(pct(lat, 99))} / ${f(Math.max(...lat))}`,
    'p99 < 100',
  ],
  [
    "mixed commands: errors / seconds / the server's CPU seconds",
    `${errors} / ${mixSeconds.toFixed(1)} / ${mix.cpu.toFixed(2)}`,
    '0 errors',
  ],
  ...(think
    ? [
        [
          `the same ${SESSIONS} sessions with a think time before each command (exponential, mean ${THINK_MS} ms), ${think.lat.length.toLocaleString('en-US')} commands: p50 / p99 / max ms`,
          `${f(pct(think.lat, 50))} / ${f(pct(think.lat, 99))} / ${f(Math.max(...think.lat))}`,
          'p99 < 100',
        ],
        ['think-time commands: errors / seconds', `${think.errors} / ${think.seconds.toFixed(1)}`, '0 errors'],
      ]
    : []),
  ...heavyResults.map((h) => [
    `while tenant t1 runs \`${h.command.length > 40 ? `${h.command.slice(0, 40)}...\` (${h.command.split(',').length}-way join)` : `${h.command}\``} (${f(h.ms)} ms, exit ${h.code}), tenant t2's \`show status\`: commands / max ms`,
    `${h.during.length} / ${f(Math.max(...h.during))}`,
    '< 100',
  ]),
  ['server RSS after every tenant was opened once (MiB)', rssAfterCold.toFixed(0), ''],
  ['server peak RSS over the run (VmHWM, MiB)', peak.toFixed(0), '< 1024'],
]
const table = ['| measure | result | goal |', '|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n')
const note = `Measured ${new Date().toISOString().slice(0, 10)} on ${process.platform} ${process.arch} (${cpus().length} cores), Node ${process.version}; the ssh2 client runs in the bench process on the same cores. Mix per session: ${ROUNDS} rounds of ${MIX.map((m) => `\`${m}\``).join(', ')}, sent back to back (no think time: every session always has a command waiting, so ${SESSIONS} commands share ${cpus().length} cores: by Little's law a command's latency is about ${SESSIONS} x its service time / ${cpus().length}, whatever the threads), then again with a think time. Tenants stay open for \`--tenant-idle\` (5m), so every lab was open at the end.`
const extra = process.env.BENCH_NOTE ? `\n\n${process.env.BENCH_NOTE}` : ''
if (process.env.BENCH_WRITE !== '0')
  writeSection(
    'tenants',
    'Tenants: one `serve ssh --tenants` process (`node bench/tenants.js`)',
    `${note}\n\n${table}${extra}`,
  )
console.log(table)
