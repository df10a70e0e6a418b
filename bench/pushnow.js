#!/usr/bin/env node
// Benchmark: `utils managementAgent alarms pushnow` with large back-logs (10,000 and 100,000 queued alarms).
// Seeds the queue through `sim alarm raise --count`, marks the cluster onboarded directly in the state file (as the
// onboarding feature would), then times whole `pushnow` processes and records their peak memory. Writes a table into
// bench/RESULTS.md. Run after `npm run build`: `node bench/pushnow.js [--runs N]`.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync} from 'node:fs'
import {createServer} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {writeSection} from './results.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const BIN = join(ROOT, 'bin', 'run.js')
const HOOK = join(ROOT, 'bench', 'rss-hook.mjs')
const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3

const {Store} = await import(join(ROOT, 'dist', 'store', 'store.js'))
const {getOnboarding, saveOnboarding} = await import(join(ROOT, 'dist', 'store', 'onboarding.js'))

function ucadmin(db, args, env = {}) {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(process.execPath, ['--import', HOOK, BIN, ...args], {
    env: {...process.env, UCADMIN_DB: db, NO_COLOR: '1', ...env},
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
  const ms = Number(process.hrtime.bigint() - t0) / 1e6
  if (r.status !== 0) throw new Error(`ucadmin ${args.join(' ')}: exit ${r.status}\n${r.stdout}\n${r.stderr}`)
  const rss = Number(/maxRSS_KB=(\d+)/.exec(r.stderr)?.[1] ?? 0) / 1024
  return {ms, rss, stdout: r.stdout}
}

function onboard(db, encryptedPii) {
  const s = Store.open(db)
  saveOnboarding(s, {
    ...getOnboarding(s, 1),
    push: true,
    manageCerts: true,
    troubleshooting: true,
    encryptedPii,
    phase: 'completed',
    customerClusterId: 'CCID-BENCH',
    supportToken: 'bench-support-token',
  })
  s.close()
}

/** Async spawn, so the in-process HTTP server can answer. */
async function ucadminAsync(db, args, env) {
  const {spawn} = await import('node:child_process')
  const t0 = process.hrtime.bigint()
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', HOOK, BIN, ...args], {
      env: {...process.env, UCADMIN_DB: db, NO_COLOR: '1', ...env},
    })
    let out = ''
    let err = ''
    p.stdout.on('data', (c) => (out += c))
    p.stderr.on('data', (c) => (err += c))
    p.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - t0) / 1e6
      if (code !== 0) reject(new Error(`exit ${code}\n${out}\n${err}`))
      else resolve({ms, rss: Number(/maxRSS_KB=(\d+)/.exec(err)?.[1] ?? 0) / 1024, stdout: out})
    })
  })
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function scenario(n, {encryptedPii, http}) {
  const times = []
  const rsss = []
  let seedMs = 0
  let result
  for (let i = 0; i < runs; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'ucadmin-bench-'))
    const db = join(dir, 'state.db')
    try {
      ucadmin(db, [
        'cluster',
        'create',
        'lab',
        '--version',
        '14SU3',
        '--publisher',
        'cucm-pub',
        '--subscriber',
        'cucm-sub1',
      ])
      const errors = Math.round(n * 0.7)
      seedMs += ucadmin(db, [
        'sim',
        'alarm',
        'raise',
        '--severity',
        'Error',
        '--message',
        'Push Notification token fetch failed',
        '--user',
        'jdoe',
        '--device',
        'BOTJDOE',
        '--count',
        String(errors),
      ]).ms
      seedMs += ucadmin(db, [
        'sim',
        'alarm',
        'raise',
        '--severity',
        'Notice',
        '--message',
        'Service stopped',
        '--node',
        'cucm-sub1',
        '--count',
        String(n - errors),
      ]).ms
      onboard(db, encryptedPii)
      let r
      if (http) {
        let received = 0
        const server = createServer((req, res) => {
          req.on('data', () => {})
          req.on('end', () => {
            received++
            res.end()
          })
        })
        await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
        r = await ucadminAsync(db, ['utils', 'managementAgent', 'alarms', 'pushnow', '--json'], {
          UCADMIN_CLOUD_URL: `http://127.0.0.1:${server.address().port}/alarms`,
        })
        server.close()
        if (received === 0) throw new Error('nothing arrived')
      } else {
        r = ucadmin(db, ['utils', 'managementAgent', 'alarms', 'pushnow', '--json'])
      }
      result = JSON.parse(r.stdout)
      times.push(r.ms)
      rsss.push(r.rss)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  }
  return {n, encryptedPii, http, ms: median(times), rss: Math.max(...rsss), seedMs: seedMs / runs, result}
}

const cases = [
  [10_000, {encryptedPii: true, http: false}],
  [100_000, {encryptedPii: true, http: false}],
  [100_000, {encryptedPii: false, http: false}],
  [100_000, {encryptedPii: true, http: true}],
]
const rows = []
for (const [n, o] of cases) {
  const r = await scenario(n, o)
  rows.push(r)
  console.log(
    `${n} alarms, PII ${o.encryptedPii ? 'encrypted' : 'removed'}, ${o.http ? 'HTTP' : 'outbox'}: pushnow ${r.ms.toFixed(0)} ms, peak RSS ${r.rss.toFixed(0)} MB (seeding ${r.seedMs.toFixed(0)} ms) ${JSON.stringify(r.result)}`,
  )
}

const fmt = (x) => x.toLocaleString('en-US')
const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} on ${process.platform} ${process.arch}, Node ${process.version}; median of ${runs} whole \`pushnow --json\` processes each (fresh state file per run; 70% Error alarms sent, 30% Notice skipped below the default level Error; batches of 1,000).`,
  '',
  '| queued alarms | PII | destination | uploaded | skipped | batches | pushnow median ms | peak RSS MB | seeding ms (`sim alarm raise --count`) |',
  '|---|---|---|---|---|---|---|---|---|',
  ...rows.map(
    (r) =>
      `| ${fmt(r.n)} | ${r.encryptedPii ? 'encrypted' : 'removed'} | ${r.http ? 'HTTP (local server)' : 'outbox'} | ${fmt(r.result.uploaded)} | ${fmt(r.result.skippedBelowLevel)} | ${r.result.batches} | ${r.ms.toFixed(0)} | ${r.rss.toFixed(0)} | ${r.seedMs.toFixed(0)} |`,
  ),
].join('\n')

writeSection('pushnow', 'Management Agent: `pushnow` with large back-logs (`node bench/pushnow.js`)', table)
console.log('\nwrote bench/RESULTS.md')
