#!/usr/bin/env node
// npm test, using both cores of a small machine: the build (when stale) runs beside the checks (ESLint and the folder
// cycle check, prettier --check, the tests' type check), and the tests run as two mocha processes at once under one
// c8: test/process (which mostly waits on the processes it spawns) beside test/unit and test/e2e. The first mocha
// prints as it runs, the other when it ends, then one total in mocha's words (`N passing`, `N failing`), the
// checks' results and the coverage of both. Exits non-zero when any part fails.
// `node scripts/test.mjs --serial` runs the same parts one after the other.
import {spawn} from 'node:child_process'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const serial = process.argv.includes('--serial')
const node = process.execPath
const bin = (pkg, path) => [node, `${root}node_modules/${pkg}/${path}`]

/**
 * The mocha processes' arguments, by globs under test/ (a new test file in these folders runs without listing it
 * here). test/process/parity.test.ts runs its commands in-process (PARITY_PROCESS=1 spawns them), so it goes with
 * the in-process tests, and so do two process tests that spawn short processes one at a time (cli, package): that
 * keeps the two about as long (88 s and 86 s on a fresh clone of this 2-core machine).
 */
const WITH_IN_PROCESS = ['test/process/parity.test.ts', 'test/process/cli.test.ts', 'test/process/package.test.ts']
const SHARDS = [
  ['test/process/**/*.test.ts', ...WITH_IN_PROCESS.flatMap((f) => ['--ignore', f])],
  ['test/unit/**/*.test.ts', 'test/e2e/**/*.test.ts', ...WITH_IN_PROCESS],
]

/** The checks, as package.json names them (npm run NAME). */
const CHECKS = ['lint', 'format:check', 'test:types']
const npm = (script) => [
  ...(process.env.npm_execpath ? [node, process.env.npm_execpath] : ['npm']),
  'run',
  '--silent',
  script,
]

/** Runs a command; resolves with its exit code and its output (stdout and stderr), also printed as it comes if `live`. */
function run(cmd, live = false) {
  return new Promise((resolve) => {
    const started = Date.now()
    const child = spawn(cmd[0], cmd.slice(1), {cwd: root, stdio: ['ignore', 'pipe', 'pipe']})
    let out = ''
    const take = (stream) => (d) => {
      out += d
      if (live) stream.write(d)
    }
    child.stdout.on('data', take(process.stdout))
    child.stderr.on('data', take(process.stderr))
    child.on('error', (error) => (out += `${error.message}\n`))
    child.on('close', (code, signal) =>
      resolve({code: code ?? (signal ? 1 : 0), out, seconds: (Date.now() - started) / 1000}),
    )
  })
}

/** Runs commands one after the other, stopping at the first that fails. */
async function steps(list, live = false) {
  let out = ''
  for (const cmd of list) {
    const r = await run(cmd, live)
    out += r.out
    if (r.code !== 0) return {...r, out}
  }
  return {code: 0, out}
}

/** Both shards (inside c8, so that their coverage is one report), then one total. */
async function mochaPart() {
  const cmds = SHARDS.map((globs) => [...bin('mocha', 'bin/mocha.js'), ...globs])
  const results = []
  if (serial) for (const c of cmds) results.push(await run(c, true))
  else {
    const all = await Promise.all(cmds.map((c, i) => run(c, i === 0)))
    for (const [i, r] of all.entries()) {
      if (i > 0) process.stdout.write(r.out)
      results.push(r)
    }
  }
  const count = (word) =>
    results.reduce((n, r) => n + Number(r.out.match(new RegExp(`^\\s*(\\d+) ${word}`, 'm'))?.[1] ?? 0), 0)
  console.log(
    `\n  all ${results.length} mocha processes (${results.map((r) => `${r.seconds.toFixed(0)} s`).join(', ')}):`,
  )
  console.log(`  ${count('passing')} passing`)
  if (count('pending')) console.log(`  ${count('pending')} pending`)
  if (count('failing') || results.some((r) => r.code !== 0)) console.log(`  ${count('failing')} failing`)
  return results.some((r) => r.code !== 0) ? 1 : 0
}

async function main() {
  const started = Date.now()
  const checks = CHECKS.map((name) => ({name, list: [npm(name)]}))
  if (serial) for (const c of checks) c.done = await steps(c.list, true)
  const build = run([node, 'scripts/build-if-stale.mjs'], true)
  if (!serial) for (const c of checks) c.done = steps(c.list)
  const built = await build
  let code = built.code
  const c8 = [...bin('c8', 'bin/c8.js'), node, 'scripts/test.mjs', '--mocha', ...(serial ? ['--serial'] : [])]
  const tests = code === 0 ? run(c8, true) : undefined
  if (tests) code ||= (await tests).code
  for (const c of checks) {
    const r = await c.done
    if (r.code !== 0) process.stdout.write(r.out)
    code ||= r.code
    if (!serial) console.log(`npm run ${c.name}: ${r.code === 0 ? 'ok' : 'FAILED'}`)
  }
  console.log(`npm test: ${code === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(0)} s`)
  return code
}

process.exitCode = process.argv.includes('--mocha') ? await mochaPart() : await main()
