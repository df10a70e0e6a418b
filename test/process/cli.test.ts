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
    const r = await execa(
      'bash',
      ['-c', `node "${join(ROOT, 'bin', 'run.js')}" utils service list | head -1; exit \${PIPESTATUS[0]}`],
      {env: {UCADMIN_DB: sb.db}, reject: false},
    )
    assert.equal(r.exitCode, 0, r.stderr)
    assert.equal(r.stdout, 'Requesting service status, please wait...')
    assert.doesNotMatch(r.stderr, /EPIPE|Error/)
  })

  it('bin/dev.js (through oclif, command classes loaded by oclif) keeps the exit code and output', async () => {
    const r = await execa('node', ['--import', 'tsx', join(ROOT, 'bin', 'dev.js'), 'cluster', 'show', 'nope'], {
      env: {UCADMIN_DB: sb.db, NO_COLOR: '1', DEBUG: undefined, UCADMIN_CLUSTER: undefined, UCADMIN_NODE: undefined},
      reject: false,
      cwd: ROOT,
    })
    assert.equal(r.exitCode, 2, r.stderr)
    assert.match(r.stderr, /^Error: No cluster named nope\./)
  })

  it('eight processes writing at once lose nothing and never see "database is locked"', async () => {
    await sb.ok(LAB)
    const runs = Array.from({length: 8}, (_, i) =>
      sb.spawn([
        'cluster',
        'create',
        `c${i}`,
        '--version',
        '12.5(1)SU3',
        '--publisher',
        `pub${i}`,
        '--subscriber',
        `sub${i}`,
        '--imp-publisher',
        `imp${i}`,
      ]),
    )
    const results = await Promise.all(runs)
    for (const r of results) {
      assert.equal(r.exitCode, 0, r.stderr)
      assert.doesNotMatch(r.stderr, /locked/)
    }
    const restarts = await Promise.all(
      Array.from({length: 8}, () =>
        sb.spawn(['utils', 'service', 'restart', 'Cisco Tomcat', '--cluster', 'lab', '--json']),
      ),
    )
    for (const r of restarts) assert.equal(r.exitCode, 0, r.stderr)
    const list = (await sb.ok(['cluster', 'list', '--json'])).json()
    assert.equal(list.clusters.length, 9)
    assert.ok(list.clusters.every((c: {nodes: number; name: string}) => c.nodes === 3))
  })

  it('exits with the command exit code, and in-process runs print exactly what the process prints', async () => {
    await sb.ok(LAB)
    await sb.ok(['sim', 'fault', 'node-down', 'cucm-sub1'])
    const oclif = {UCADMIN_FAST: '0'}
    // Read-only or failing commands (a failed command changes nothing), so running each twice sees the same state.
    const cases: {args: string[]; code: number; input?: string; env?: Record<string, string>}[] = [
      {args: [], code: 0},
      {args: ['--help'], code: 0},
      {args: ['--version'], code: 0},
      {args: ['cluster', 'create', '--help'], code: 0},
      {args: ['utils', 'service', 'restart', '--help'], code: 0},
      {args: ['run', 'sql', '--help'], code: 0},
      {args: ['utils', 'service'], code: 0},
      {args: ['utils', 'servce', 'list'], code: 2},
      {args: ['cluster', 'list', '--bogus'], code: 2},
      {args: ['cluster', 'list', '--bogus'], code: 2, env: oclif},
      {args: ['cluster', 'create', 'x', '--version', '14', '--json'], code: 2},
      {args: ['utils', 'service', 'list', '--node', 'imp-pub'], code: 0},
      {args: ['utils', 'service', 'list', '--json'], code: 0, env: oclif},
      {args: ['utils', 'service', 'list', '--node', 'cucm-sub1'], code: 1},
      {args: ['utils', 'service', 'list', '--node', 'cucm-sub1', '--json'], code: 1, env: oclif},
      {args: ['cluster', 'show', 'nope', '--json'], code: 2},
      {args: ['utils', 'service', 'restart', 'Cisco', 'Nope'], code: 2, env: oclif},
      {args: ['run', 'sql', '-'], code: 0, input: 'select name from processnode\n'},
      {args: ['shell'], code: 1, input: 'show version active\nutils service list --node cucm-sub1\nquit\n'},
    ]
    for (const c of cases) {
      const what = `${c.env ? 'UCADMIN_FAST=0 ' : ''}ucadmin ${c.args.join(' ')}`
      const spawned = await sb.spawn(c.args, {input: c.input, env: c.env})
      assert.equal(spawned.exitCode, c.code, `${what}: the process's exit code\n${spawned.stderr}`)
      const inProcess = await sb.run(c.args, {input: c.input, env: c.env})
      assert.equal(inProcess.stdout, spawned.stdout, `${what}: stdout`)
      assert.equal(inProcess.stderr, spawned.stderr, `${what}: stderr`)
      assert.equal(inProcess.exitCode, spawned.exitCode, `${what}: exit code`)
    }
  })
})
