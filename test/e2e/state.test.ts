import assert from 'node:assert/strict'
import Database from 'better-sqlite3'
import {spawn} from 'node:child_process'
import {existsSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {APPLICATION_ID} from '../../src/store/db.js'
import {MIGRATIONS} from '../../src/store/migrations/index.js'
import {LAB, ROOT, Sandbox, onboard} from '../helpers.js'

/** What `cluster list --json` shows, by name and node count. */
async function clusters(sb: Sandbox): Promise<string[]> {
  return (await sb.ok(['cluster', 'list', '--json']))
    .json()
    .clusters.map((c: {name: string; nodes: number}) => `${c.name}:${c.nodes}`)
}

describe('state snapshots (state save|restore|list|delete|reset)', () => {
  let sb: Sandbox
  beforeEach(async () => {
    sb = new Sandbox()
    await sb.ok([...LAB, '--imp-subscriber', 'imp-sub1'])
    await onboard(sb)
  })
  afterEach(() => sb.remove())

  it('a restored snapshot brings back the onboarded lab, its clock and its traces; the state file keeps mode 0600', async () => {
    const saved = (await sb.ok(['state', 'save', 'onboarded', '--json'])).json()
    assert.equal(saved.name, 'onboarded')
    assert.equal(saved.path, join(sb.dir, 'state.db.snapshots', 'onboarded.db'))
    assert.deepEqual(saved.clusters, ['lab'])
    assert.equal(statSync(saved.path).mode & 0o777, 0o600)
    const status = (await sb.ok(['onboarding', 'status', '--json'])).json().status

    await sb.ok(['cluster', 'delete', 'lab', '--yes'])
    await sb.ok(['sim', 'clock', 'advance', '2h'])
    await sb.ok(['cluster', 'create', 'other', '--version', '12.5(1)SU3', '--publisher', 'x-pub'])
    const r = await sb.ok(['state', 'restore', 'onboarded'])
    assert.match(r.stdout, /^Restored "onboarded" .*cluster lab, clock 2026-01-05T09:00:00.000Z/)

    assert.deepEqual(await clusters(sb), ['lab:4'])
    assert.equal((await sb.ok(['onboarding', 'status', '--json'])).json().status, status)
    assert.equal((await sb.ok(['sim', 'clock'])).stdout.trim(), '2026-01-05T09:00:00.000Z')
    assert.equal(statSync(sb.db).mode & 0o777, 0o600)
    // Everything works on the restored state (triggers and indexes came back with it).
    await sb.ok(['cluster', 'create', 'second', '--version', '14SU3', '--publisher', 'second-pub'])
    await sb.ok(['sim', 'clock', 'advance', '1h'])
    const listed = (await sb.ok(['state', 'list', '--json'])).json()
    assert.equal(listed.directory, join(sb.dir, 'state.db.snapshots'))
    assert.deepEqual(
      listed.snapshots.map((s: {name: string; clusters: string[]}) => [s.name, s.clusters]),
      [['onboarded', ['lab']]],
    )
  })

  it('saves to and restores from a path; saving again replaces; delete removes a name', async () => {
    const file = join(sb.dir, 'fixture.db')
    await sb.ok(['state', 'save', file])
    await sb.ok(['cluster', 'delete', 'lab', '--yes'])
    await sb.ok(['state', 'save', 'empty'])
    assert.equal((await sb.ok(['state', 'save', 'empty', '--json'])).json().replaced, true)
    await sb.ok(['state', 'restore', file, '--yes'])
    assert.deepEqual(await clusters(sb), ['lab:4'])
    await sb.ok(['state', 'restore', 'empty'])
    assert.deepEqual(await clusters(sb), [])
    assert.deepEqual((await sb.ok(['state', 'delete', 'empty', '--json'])).json(), {
      deleted: 'empty',
      path: join(sb.dir, 'state.db.snapshots', 'empty.db'),
    })
    assert.deepEqual((await sb.ok(['state', 'list', '--json'])).json().snapshots, [])
  })

  it('state reset empties the state and can choose the start time', async () => {
    await sb.ok(['state', 'reset', '--at', '2027-03-01T10:00:00+01:00'])
    assert.deepEqual(await clusters(sb), [])
    assert.equal((await sb.ok(['sim', 'clock'])).stdout.trim(), '2027-03-01T09:00:00.000Z')
    await sb.ok(['state', 'reset', '--json'])
    assert.equal((await sb.ok(['sim', 'clock'])).stdout.trim(), '2026-01-05T09:00:00.000Z')
    const bad = await sb.ok(['state', 'reset', '--at', '2026-02-30T00:00:00Z'], 2)
    assert.equal(bad.stderr.trim().split('\n').length, 1)
  })

  it('bad names, unknown snapshots, foreign files and newer schemas exit 2 with one line and change nothing', async () => {
    await sb.ok(['state', 'save', 'base'])
    const before = await clusters(sb)
    const foreign = join(sb.dir, 'foreign.db')
    const other = new Database(foreign)
    other.exec('CREATE TABLE t(x); INSERT INTO t VALUES (1)')
    other.close()
    const newer = join(sb.dir, 'newer.db')
    await sb.ok(['state', 'save', newer])
    const n = new Database(newer)
    n.pragma('user_version = 999')
    n.close()
    writeFileSync(join(sb.dir, 'text.db'), 'hello\n')
    const cases: Array<[string[], RegExp]> = [
      [['state', 'restore', 'nope'], /No snapshot named "nope"\. Snapshots: base/],
      [['state', 'restore', 'bad.name'], /neither a snapshot name nor a path/],
      [['state', 'restore', join(sb.dir, 'missing.db')], /No snapshot file at/],
      [['state', 'restore', foreign], /is not a ucadmin snapshot \(it holds another application's data\)/],
      [['state', 'restore', join(sb.dir, 'text.db')], /is not a ucadmin snapshot \(not an SQLite database\)/],
      [['state', 'restore', newer], /newer ucadmin \(schema 999/],
      [['state', 'delete', 'nope'], /No snapshot named "nope"/],
      [['state', 'save', join(sb.dir, 'text.db')], /exists and is not a ucadmin snapshot/],
      [['state', 'save', join(sb.dir, 'no-such-dir', 'x.db')], /does not exist/],
    ]
    for (const [args, message] of cases) {
      const r = await sb.ok(args, 2)
      assert.match(r.stderr, message, args.join(' '))
      assert.equal(r.stderr.trim().split('\n').length, 1, args.join(' '))
      const j = await sb.ok([...args, '--json'], 2)
      assert.equal(j.json().error.exitCode, 2)
    }
    assert.deepEqual(await clusters(sb), before)
    assert.equal(existsSync(join(sb.dir, 'no-such-dir')), false)
  })

  it('a snapshot of an older schema is migrated on the way in (the snapshot itself untouched)', async () => {
    const old = join(sb.dir, 'old.db')
    const db = new Database(old)
    db.pragma(`application_id = ${APPLICATION_ID}`)
    const previous = MIGRATIONS.at(-2)!.version
    for (const m of MIGRATIONS.filter((x) => x.version <= previous)) typeof m.up === 'string' ? db.exec(m.up) : m.up(db)
    db.pragma(`user_version = ${previous}`)
    db.close()
    const r = (await sb.ok(['state', 'restore', old, '--json'])).json()
    assert.equal(r.migratedFrom, previous)
    assert.deepEqual(await clusters(sb), [])
    await sb.ok([...LAB])
    const check = new Database(old, {readonly: true})
    assert.equal(check.pragma('user_version', {simple: true}), previous)
    check.close()
  })

  it('a shell session keeps working across a restore, and sees the restored state', async () => {
    await sb.ok(['state', 'save', 'four'])
    const r = await sb.ok(['shell', '--json'], 0, {
      input: 'cluster delete lab --yes\ncluster list\nstate restore four --yes\ncluster list\n',
    })
    const docs = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))
    assert.deepEqual(docs[1].result.clusters, [])
    assert.deepEqual(
      docs[3].result.clusters.map((c: {name: string; nodes: number}) => [c.name, c.nodes]),
      [['lab', 4]],
    )
  })

  it('a restore is atomic for another process reading at the same time', async function () {
    this.timeout(120_000)
    // Two states that differ everywhere: the onboarded 4-node lab, and two other clusters.
    await sb.ok(['state', 'save', 'a'])
    await sb.ok(['state', 'reset'])
    await sb.ok([
      'cluster',
      'create',
      'alpha',
      '--version',
      '14SU3',
      '--publisher',
      'alpha-pub',
      '--subscriber',
      'alpha-sub',
    ])
    await sb.ok([
      'cluster',
      'create',
      'beta',
      '--version',
      '12.5(1)SU3',
      '--publisher',
      'beta-pub',
      '--subscriber',
      'beta-sub',
      '--imp-publisher',
      'beta-imp',
    ])
    await sb.ok(['state', 'save', 'b'])
    // The reader: one read transaction at a time, each must see exactly one of the two states.
    const reader = `
      import Database from 'better-sqlite3'
      const db = new Database(${JSON.stringify(sb.db)}, {readonly: true}); db.pragma('busy_timeout = 15000')
      const seen = {}; const deadline = Date.now() + 60000; let batches = 0
      process.stdin.on('data', (d) => { if (String(d).includes('done')) { console.log(JSON.stringify(seen)); process.exit(0) } })
      const read = db.transaction(() => {
        const c = db.prepare("SELECT group_concat(name, ',') AS n FROM (SELECT name FROM clusters ORDER BY name)").get().n
        const nodes = db.prepare('SELECT count(*) AS n FROM nodes').get().n
        const services = db.prepare('SELECT count(DISTINCT node_id) AS n FROM node_services').get().n
        return c + '/' + nodes + '/' + services
      })
      const loop = () => { for (let i = 0; i < 50; i++) { try { const k = read(); seen[k] = (seen[k] || 0) + 1 } catch (e) { seen['error: ' + e.message] = 1 } } process.stderr.write('batch ' + (++batches) + '\\n'); if (Date.now() < deadline) setImmediate(loop) }
      loop()`
    const child = spawn('node', ['--input-type=module', '-e', reader], {cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe']})
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    // Progress of the reader: every restore waits until the reader has read again, so it reads between restores.
    let batches = 0
    child.stderr.on('data', (d) => (batches += String(d).split('batch ').length - 1))
    const readAgain = async () => {
      const seenBatches = batches
      while (batches < seenBatches + 2) await new Promise((resolve) => setTimeout(resolve, 5))
    }
    await readAgain()
    for (let i = 0; i < 6; i++) {
      await sb.ok(['state', 'restore', i % 2 ? 'b' : 'a'])
      await readAgain()
    }
    child.stdin.write('done\n')
    await new Promise((resolve) => child.on('exit', resolve))
    const seen = JSON.parse(out) as Record<string, number>
    assert.deepEqual(
      Object.keys(seen).filter((k) => k !== 'lab/4/4' && k !== 'alpha,beta/5/5'),
      [],
      JSON.stringify(seen),
    )
    assert.ok(seen['lab/4/4'] && seen['alpha,beta/5/5'], JSON.stringify(seen))
  })
})
