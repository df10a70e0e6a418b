#!/usr/bin/env node
// Benchmark of `serve https`: AXL executeSQLQuery over one keep-alive connection (requests per second, latency
// percentiles), then 50 concurrent clients each on its own keep-alive connection (errors, requests per second), and
// the server's peak RSS (VmHWM). Goals (issue 21, 2-core machine): >= 500 requests/s sequentially, p99 < 20 ms,
// no error with 50 clients, peak RSS < 150 MB. Usage: npm run build && node bench/https.js [SEQUENTIAL] [PER_CLIENT]
// (defaults 3000 and 100); writes its section of bench/RESULTS.md.
import {execFileSync, spawn} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import https from 'node:https'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {writeSection} from './results.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BIN = join(ROOT, 'bin', 'run.js')
const SEQUENTIAL = Number(process.argv[2] ?? 3000)
const PER_CLIENT = Number(process.argv[3] ?? 100)
const CLIENTS = 50
const HOST = '127.31.0.1'

const dir = mkdtempSync(join(tmpdir(), 'ucadmin-bench-https-'))
const env = {...process.env, UCADMIN_DB: join(dir, 'state.db'), NO_COLOR: '1'}
execFileSync(
  'node',
  [
    BIN,
    'cluster',
    'create',
    'bench',
    '--version',
    '14SU3',
    '--publisher',
    'cucm-pub',
    '--subscriber',
    'cucm-sub1',
    '--imp-publisher',
    'imp-pub',
  ],
  {env},
)
execFileSync('node', [BIN, 'account', 'add', 'admin', '--password-stdin'], {env, input: 'Adm1n-pass\n'})

const server = spawn('node', [BIN, 'serve', 'https', '--host', HOST, '--port', '0', '--json'], {
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
})
const doc = await new Promise((resolve, reject) => {
  let out = ''
  server.stdout.on('data', (d) => {
    out += d
    if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]))
  })
  server.on('exit', (code) => reject(new Error(`serve https exited ${code}`)))
})
const port = doc.ports[0]

const body = `<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:ns="http://www.cisco.com/AXL/API/14.0"><soapenv:Body><ns:executeSQLQuery><sql>select name, pkid, tknodeusage from processnode</sql></ns:executeSQLQuery></soapenv:Body></soapenv:Envelope>`
const headers = {
  'Content-Type': 'text/xml; charset=utf-8',
  SOAPAction: '"CUCM:DB ver=14.0 executeSQLQuery"',
  Authorization: `Basic ${Buffer.from('admin:Adm1n-pass').toString('base64')}`,
  'Content-Length': Buffer.byteLength(body),
}

function post(agent) {
  return new Promise((resolve) => {
    const t0 = performance.now()
    const req = https.request(
      {host: HOST, port, path: '/axl/', method: 'POST', headers, agent, rejectUnauthorized: false},
      (res) => {
        let n = 0
        res.on('data', (c) => (n += c.length))
        res.on('end', () => resolve({ok: res.statusCode === 200 && n > 0, ms: performance.now() - t0}))
      },
    )
    req.on('error', () => resolve({ok: false, ms: performance.now() - t0}))
    req.end(body)
  })
}

const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]
/** The server's CPU time so far (user + system, ms): what a request costs, whatever else the machine runs. */
const cpu = () => {
  const f = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(f[11]) + Number(f[12])) * 10
}
const rss = () => Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${server.pid}/status`, 'utf8'))[1]) / 1024

// Warm up (the first login runs scrypt; later ones are remembered).
const one = new https.Agent({keepAlive: true, maxSockets: 1})
for (let i = 0; i < 50; i++) await post(one)

const seq = []
let seqErrors = 0
const c0 = cpu()
const t0 = performance.now()
for (let i = 0; i < SEQUENTIAL; i++) {
  const r = await post(one)
  seq.push(r.ms)
  if (!r.ok) seqErrors++
}
const seqSeconds = (performance.now() - t0) / 1000
const seqCpu = (cpu() - c0) / SEQUENTIAL
one.destroy()

const lat = []
let parErrors = 0
const c1 = cpu()
const t1 = performance.now()
await Promise.all(
  Array.from({length: CLIENTS}, async () => {
    const agent = new https.Agent({keepAlive: true, maxSockets: 1})
    for (let i = 0; i < PER_CLIENT; i++) {
      const r = await post(agent)
      lat.push(r.ms)
      if (!r.ok) parErrors++
    }
    agent.destroy()
  }),
)
const parSeconds = (performance.now() - t1) / 1000
const parCpu = (cpu() - c1) / (CLIENTS * PER_CLIENT)
const peak = rss()
const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')
server.kill('SIGTERM')
await new Promise((r) => server.on('exit', r))
rmSync(dir, {recursive: true, force: true})

const rows = [
  [
    '1 client, one keep-alive connection',
    SEQUENTIAL,
    seqErrors,
    SEQUENTIAL / seqSeconds,
    pct(seq, 50),
    pct(seq, 99),
    seqCpu,
  ],
  [
    `${CLIENTS} concurrent clients, one keep-alive connection each`,
    CLIENTS * PER_CLIENT,
    parErrors,
    (CLIENTS * PER_CLIENT) / parSeconds,
    pct(lat, 50),
    pct(lat, 99),
    parCpu,
  ],
]
for (const r of rows)
  console.log(
    `${r[0].padEnd(55)} ${r[1]} requests, ${r[2]} errors, ${r[3].toFixed(0)}/s, p50 ${r[4].toFixed(2)} ms, p99 ${r[5].toFixed(2)} ms, server CPU ${r[6].toFixed(2)} ms/request`,
  )
console.log(`server peak RSS ${peak.toFixed(1)} MiB; load average ${load}`)

const md = [
  `Measured by \`node bench/https.js\` on ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${process.platform} ${process.arch}: AXL`,
  '`executeSQLQuery` (`select name, pkid, tknodeusage from processnode`, 4 rows) against `serve https` of a 3-node',
  '14SU3 cluster, HTTP Basic on every request (as cisco-axl and zeep send it), TLS, the AXL service and version checks,',
  "`run sql` through the CLI's runner, and the access log. Goals: >= 500 requests/s sequentially, p99 < 20 ms, no",
  'error with 50 clients, peak RSS < 150 MB.',
  '',
  '| case | requests | errors | requests/s | p50 ms | p99 ms | server CPU ms/request |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r[0]} | ${r[1]} | ${r[2]} | ${r[3].toFixed(0)} | ${r[4].toFixed(2)} | ${r[5].toFixed(2)} | ${r[6].toFixed(2)} |`,
  ),
  '',
  `Server peak RSS (VmHWM): ${peak.toFixed(1)} MiB. Load average during the run: ${load} (the machine is shared; the`,
  "server's CPU time per request is the figure that does not depend on what else runs: 1000 / it is the rate one idle",
  'core would serve).',
  '',
]
writeSection('https', 'The HTTPS door: AXL `executeSQLQuery` (`node bench/https.js`)', md.join('\n'))
console.log('wrote bench/RESULTS.md')
