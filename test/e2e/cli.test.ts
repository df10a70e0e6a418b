import assert from 'node:assert/strict'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {LAB, ROOT, Sandbox} from '../helpers.js'

describe('ucadmin as a command-line program', () => {
  let sb: Sandbox
  beforeEach(() => {
    sb = new Sandbox()
  })
  afterEach(() => sb.remove())

  it('an unknown command exits 2 with one line naming the nearest commands', async () => {
    const r = await sb.run(['utils', 'servce', 'list'])
    assert.equal(r.exitCode, 2)
    assert.match(r.stderr, /^Error: "utils servce list" is not a ucadmin command\. Did you mean `utils service list`/)
    assert.equal(r.stderr.trim().split('\n').length, 1)
    // Words past a topic of a few commands: that topic's commands (not unrelated near names).
    const m = await sb.run(['sim', 'message', 'old12', 'hello'])
    assert.equal(m.exitCode, 2)
    assert.equal(
      m.stderr,
      'Error: "sim message old12 hello" is not a ucadmin command. Did you mean `sim message send`?\n',
    )
  })

  it('an unknown flag or a missing value exits 2 with one line, also through oclif', async () => {
    for (const fast of ['1', '0']) {
      const r = await sb.run(['cluster', 'list', '--bogus'], {env: {UCADMIN_FAST: fast}})
      assert.equal(r.exitCode, 2, `UCADMIN_FAST=${fast}`)
      assert.match(r.stderr, /Nonexistent flag: --bogus/)
      assert.equal(r.stderr.trim().split('\n').length, 1)
      const j = await sb.run(['cluster', 'create', 'x', '--version', '14', '--json'], {env: {UCADMIN_FAST: fast}})
      assert.equal(j.exitCode, 2)
      assert.match(j.json().error.message, /Missing required flag --publisher/)
    }
  })

  it('the fast path and oclif give the same results', async () => {
    await sb.ok(LAB)
    const a = await sb.ok(['utils', 'service', 'list', '--node', 'imp-pub', '--json'], 0, {env: {UCADMIN_FAST: '1'}})
    const b = await sb.ok(['utils', 'service', 'list', '--node', 'imp-pub', '--json'], 0, {env: {UCADMIN_FAST: '0'}})
    assert.equal(a.stdout, b.stdout)
    const c = await sb.run(['utils', 'service', 'restart', 'Cisco', 'Nope'], {env: {UCADMIN_FAST: '0'}})
    assert.equal(c.exitCode, 2)
  })

  it('in-process runs return the exit code, leave process.exitCode alone, and use their own env and stdin, also through oclif', async () => {
    await sb.ok(LAB)
    for (const fast of ['1', '0']) {
      const env = {UCADMIN_FAST: fast}
      assert.equal((await sb.run(['cluster', 'list', '--bogus'], {env})).exitCode, 2)
      assert.equal((await sb.run(['cluster', 'show', 'nope'], {env})).exitCode, 2)
      assert.equal(process.exitCode, undefined, `UCADMIN_FAST=${fast}`)
      // The run's environment: its UCADMIN_NODE, never the test process's.
      const status = await sb.ok(['show', 'status'], 0, {env: {...env, UCADMIN_NODE: 'imp-pub'}})
      assert.match(status.stdout, /Host Name\s+: imp-pub/)
      // The run's stdin.
      await sb.ok(['account', 'add', `a${fast}`, '--password-stdin'], 0, {env, input: 'Sup3r-secret-pw\n'})
    }
    assert.deepEqual(
      (await sb.ok(['account', 'list', '--json'])).json().accounts.map((a: {name: string}) => a.name),
      ['a0', 'a1'],
    )
    assert.equal(process.exitCode, undefined)
  })

  it('help works and exits 0', async () => {
    const r = await sb.ok(['cluster', 'create', '--help'])
    assert.match(r.stdout, /--publisher/)
    assert.match((await sb.ok(['--help'])).stdout, /utils/)
  })

  it('gives every topic its own summary one level down (`ucadmin sim --help`, `ucadmin utils --help`)', async () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    const topics = pkg.oclif.topics as Record<string, {description: string}>
    const ids = Object.keys(JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')).commands)
    // Every word run that has commands under it is a topic with its own description.
    const needed = new Set(
      ids.flatMap((id) =>
        id
          .split(':')
          .slice(0, -1)
          .map((_, i, a) => a.slice(0, i + 1).join(':')),
      ),
    )
    for (const t of needed) assert.ok(topics[t]?.description, `package.json oclif.topics lacks "${t}"`)
    const parents = new Set([...needed].filter((t) => t.includes(':')).map((t) => t.split(':').slice(0, -1).join(':')))
    for (const parent of parents) {
      const help = (await sb.ok([...parent.split(':'), '--help'])).stdout.replace(/\n {6,}/g, ' ')
      for (const t of [...needed].filter((x) => x.split(':').slice(0, -1).join(':') === parent)) {
        const line = help.split('\n').find((l) => l.startsWith(`  ${t.replaceAll(':', ' ')} `))
        assert.ok(line, `${parent} --help does not list topic ${t}`)
        assert.equal(line.slice(t.length + 2).trim(), topics[t].description, `${parent} --help describes ${t} wrongly`)
      }
    }
    assert.match((await sb.ok(['sim', '--help'])).stdout, /sim fault +Inject faults and their inverses/)
    // `sim clock` itself shows the clock (there is no `sim clock show`), and the summary says so.
    assert.match(
      (await sb.ok(['sim', '--help'])).stdout,
      /sim clock +The simulated clock: show it \(`sim clock`\), advance, set/,
    )
  })

  it('never prints a stack trace unless DEBUG is set', async () => {
    const r = await sb.run(['cluster', 'show', 'nope'])
    assert.doesNotMatch(r.stderr, /\n\s+at /)
  })

  it('prints no colour codes when NO_COLOR is set or output is not a terminal', async () => {
    await sb.ok(LAB)
    const r = await sb.ok(['cluster', 'show'], 0, {env: {NO_COLOR: '1'}})
    assert.doesNotMatch(r.stdout, /\x1b\[/)
  })

  it('the oclif manifest lists every built command (a stale manifest hides commands)', () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {
      commands: Record<string, {handler?: string; session?: string}>
    }
    const files: string[] = []
    const walk = (dir: string, prefix: string[]) => {
      for (const e of readdirSync(dir, {withFileTypes: true})) {
        if (e.isDirectory()) walk(join(dir, e.name), [...prefix, e.name])
        else if (e.name.endsWith('.js'))
          files.push([...prefix, ...(e.name === 'index.js' ? [] : [e.name.slice(0, -3)])].join(':'))
      }
    }
    walk(join(ROOT, 'dist', 'commands'), [])
    assert.deepEqual(Object.keys(manifest.commands).sort(), files.sort())
    for (const [id, c] of Object.entries(manifest.commands))
      assert.ok(c.handler || c.session, `${id} names its handler (or its session)`)
  })
})
