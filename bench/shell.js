#!/usr/bin/env node
// Script-mode benchmark: a 10,000-line script through `ucadmin shell` (one process, one open state file, every
// command in-process) against the same commands run as separate `ucadmin` processes. The process figure is
// measured on BENCH_PROCS runs (default 200) of the same command mix and extrapolated to 10,000 (the mix repeats,
// so the per-command mean is representative); say BENCH_PROCS=10000 to run them all.
// Writes the table into bench/RESULTS.md.
import {execFileSync, spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

import {writeSection} from './results.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const bin = join(root, 'bin', 'run.js')
const lines = Number(process.env.BENCH_LINES || 10_000)
const procs = Number(process.env.BENCH_PROCS || 200)
const repeats = Number(process.env.BENCH_REPEATS || 3)
const dir = mkdtempSync(join(tmpdir(), 'ucadmin-bench-shell-'))
const db = join(dir, 'state.db')
const env = {...process.env, UCADMIN_DB: db, NO_COLOR: '1', UCADMIN_HISTFILE: ''}

// A realistic mix: reads, service restarts (writes with traces and events), JSON, another node, the clock.
const MIX = [
  'utils service list',
  'show status',
  'utils service restart Cisco Tomcat',
  'cluster show --json',
  'show version active',
  'utils service list --node imp-pub',
  'file list activelog cm/trace/ccmpns/log4j/',
  'show network cluster',
  'utils service restart Cisco Push Notification Service',
  'sim clock advance 1m',
]

execFileSync(
  'node',
  [
    bin,
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
  ],
  {env},
)
const script = Array.from({length: lines}, (_, i) => MIX[i % MIX.length]).join('\n') + '\n'

function time(fn) {
  const t = process.hrtime.bigint()
  fn()
  return Number(process.hrtime.bigint() - t) / 1e6
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2
}

// Shell: the whole process, start-up included, output discarded as a pipe reader would.
const shellRuns = []
for (let r = 0; r < repeats; r++) {
  shellRuns.push(
    time(() => {
      const p = spawnSync('node', [bin, 'shell'], {
        env,
        input: script,
        stdio: ['pipe', 'ignore', 'pipe'],
        maxBuffer: 1 << 26,
      })
      if (p.status !== 0) throw new Error(`shell failed (${p.status}): ${p.stderr}`)
    }),
  )
}
const shellMs = median(shellRuns)

// Processes: one `ucadmin ...` per command, the same mix.
const words = (line) => line.split(' ')
const procMs = time(() => {
  for (let i = 0; i < procs; i++) {
    const p = spawnSync('node', [bin, ...words(MIX[i % MIX.length])], {env, stdio: ['ignore', 'ignore', 'pipe']})
    if (p.status !== 0) throw new Error(`${MIX[i % MIX.length]} failed: ${p.stderr}`)
  }
})
const perProc = procMs / procs
const procTotal = perProc * lines

const shellRate = lines / (shellMs / 1000)
const procRate = 1000 / perProc
const ratio = shellRate / procRate
const date = new Date().toISOString().slice(0, 10)
const table = [
  `# Benchmark: script mode of \`ucadmin shell\``,
  '',
  `Measured ${date} on ${process.platform} ${process.arch}, Node ${process.version}; \`npm run build && node bench/shell.js\`.`,
  `The script has ${lines.toLocaleString('en')} lines cycling through ${MIX.length} commands (reads, service restarts, JSON, another node, the clock):`,
  '',
  ...MIX.map((m) => `- \`${m}\``),
  '',
  '| how | commands | wall time | commands per second |',
  '|---|---|---|---|',
  `| \`ucadmin shell < script\` (one process; median of ${repeats} runs, start-up included) | ${lines.toLocaleString('en')} | ${(shellMs / 1000).toFixed(2)} s | ${Math.round(shellRate).toLocaleString('en')} |`,
  `| one \`ucadmin\` process per command (measured: ${procs} runs of the same mix) | ${procs} | ${(procMs / 1000).toFixed(2)} s | ${procRate.toFixed(1)} |`,
  `| one process per command, extrapolated to ${lines.toLocaleString('en')} | ${lines.toLocaleString('en')} | ${(procTotal / 1000).toFixed(0)} s (est.) | ${procRate.toFixed(1)} |`,
  '',
  `**Script mode is ${ratio.toFixed(0)} times faster** than one process per command (target: at least 50).`,
  `Mean per command: ${((shellMs / lines) * 1000).toFixed(0)} µs in the shell, ${perProc.toFixed(0)} ms as a process.`,
  '',
  'Output is discarded (stdout to /dev/null) in both cases; the state file is on the same disk, WAL mode, one',
  'transaction per command in both cases.',
  '',
].join('\n')
console.log(table)
writeSection('shell', 'Shell script mode against one process per command (`node bench/shell.js`)', table)
rmSync(dir, {recursive: true, force: true})
if (ratio < 50) process.exitCode = 1
