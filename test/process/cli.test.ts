import assert from 'node:assert/strict'
import {join} from 'node:path'

import {execa} from 'execa'

import {LAB, ROOT, Sandbox} from '../helpers.js'

// Real processes: what only `node bin/run.js` shows. Everything else runs in-process (Sandbox.run), through the same
// entry (runArgv); the last test checks that the two agree byte for byte.
describe('ucadmin as a process', () => {
  let sb: Sandbox
  beforeEach(() => {
    sb = new Sandbox()
  })
  afterEach(() => sb.remove())

  it('a reader that goes away ends the output quietly (no EPIPE crash)', async () => {
    await sb.ok(LAB)
    const r = await execa('bash', ['-c', `node "${join(ROOT, 'bin', 'run.js')}" utils service list | head -1; exit \${PIPESTATUS[0]}`], {env: {UCADMIN_DB: sb.db}, reject: false})
    assert.equal(r.exitCode, 0, r.stderr)
    assert.equal(r.stdout, 'Requesting service status, please wait...')
    assert.doesNotMatch(r.stderr, /EPIPE|Error/)
  })

  it('exits with the command exit code, 0, 1 or 2, through the fast path and through oclif', async () => {
    await sb.spawnOk(LAB)
    await sb.ok(['sim', 'fault', 'node-down', 'cucm-sub1'])
    for (const fast of ['1', '0']) {
      const env = {UCADMIN_FAST: fast}
      assert.equal((await sb.spawn(['cluster', 'list'], {env})).exitCode, 0, `UCADMIN_FAST=${fast}`)
      const down = await sb.spawn(['utils', 'service', 'list', '--node', 'cucm-sub1'], {env})
      assert.equal(down.exitCode, 1, `UCADMIN_FAST=${fast}: ${down.stderr}`)
      assert.match(down.stderr, /cucm-sub1 is down/)
      assert.equal((await sb.spawn(['cluster', 'show', 'nope'], {env})).exitCode, 2, `UCADMIN_FAST=${fast}`)
      assert.equal((await sb.spawn(['cluster', 'list', '--bogus'], {env})).exitCode, 2, `UCADMIN_FAST=${fast}`)
    }
    assert.equal((await sb.spawn(['utils', 'servce', 'list'])).exitCode, 2)
    assert.equal((await sb.spawn(['--help'])).exitCode, 0)
  })

  it('eight processes writing at once lose nothing and never see "database is locked"', async () => {
    await sb.ok(LAB)
    const runs = Array.from({length: 8}, (_, i) =>
      sb.spawn(['cluster', 'create', `c${i}`, '--version', '12.5(1)SU3', '--publisher', `pub${i}`, '--subscriber', `sub${i}`, '--imp-publisher', `imp${i}`]),
    )
    const results = await Promise.all(runs)
    for (const r of results) {
      assert.equal(r.exitCode, 0, r.stderr)
      assert.doesNotMatch(r.stderr, /locked/)
    }
    const restarts = await Promise.all(
      Array.from({length: 8}, () => sb.spawn(['utils', 'service', 'restart', 'Cisco Tomcat', '--cluster', 'lab', '--json'])),
    )
    for (const r of restarts) assert.equal(r.exitCode, 0, r.stderr)
    const list = (await sb.ok(['cluster', 'list', '--json'])).json()
    assert.equal(list.clusters.length, 9)
    assert.ok(list.clusters.every((c: {nodes: number; name: string}) => c.nodes === 3))
  })

  it('in-process runs print exactly what the process prints: help, oclif errors, the fast path, sessions', async () => {
    await sb.ok(LAB)
    const cases: {args: string[]; input?: string; env?: Record<string, string>}[] = [
      {args: []},
      {args: ['--help']},
      {args: ['--version']},
      {args: ['cluster', 'create', '--help']},
      {args: ['utils', 'service', 'restart', '--help']},
      {args: ['run', 'sql', '--help']},
      {args: ['utils', 'service']},
      {args: ['utils', 'servce', 'list']},
      {args: ['cluster', 'list', '--bogus']},
      {args: ['cluster', 'create', 'x', '--version', '14', '--json']},
      {args: ['utils', 'service', 'list', '--node', 'imp-pub']},
      {args: ['utils', 'service', 'list', '--json'], env: {UCADMIN_FAST: '0'}},
      {args: ['cluster', 'show', 'nope', '--json']},
      {args: ['utils', 'service', 'restart', 'Cisco', 'Nope'], env: {UCADMIN_FAST: '0'}},
      {args: ['run', 'sql', '-'], input: 'select name from processnode\n'},
      {args: ['shell'], input: 'show version active\nutils service list --node cucm-sub1\nquit\n'},
    ]
    for (const c of cases) {
      const inProcess = await sb.run(c.args, {input: c.input, env: c.env})
      const spawned = await sb.spawn(c.args, {input: c.input, env: c.env})
      const what = `ucadmin ${c.args.join(' ')}`
      assert.equal(inProcess.stdout, spawned.stdout, `${what}: stdout`)
      assert.equal(inProcess.stderr, spawned.stderr, `${what}: stderr`)
      assert.equal(inProcess.exitCode, spawned.exitCode, `${what}: exit code`)
    }
  })
})
