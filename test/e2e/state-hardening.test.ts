import assert from 'node:assert/strict'
import Database from 'better-sqlite3'
import {execFileSync, spawnSync} from 'node:child_process'
import {chmodSync, chownSync, existsSync, linkSync, mkdirSync, readdirSync, statSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {ensureHostKey} from '../../src/features/platform/accounts/host-key.js'
import {getHostKey} from '../../src/features/platform/accounts/store.js'
import {Clock} from '../../src/features/world/clock/clock.js'
import {Store} from '../../src/store/store.js'
import {LAB, Sandbox} from '../helpers.js'

/** What `cluster list --json` shows, by name. */
async function clusters(sb: Sandbox): Promise<string[]> {
  return (await sb.ok(['cluster', 'list', '--json'])).json().clusters.map((c: {name: string}) => c.name)
}

function oneLine(r: {stderr: string}): void {
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
}

/** A process id that is certainly not running any more (a child that has exited). */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'])
  return Number(String(r.stdout))
}

describe('hardening: snapshots and the files beside the state file (issue 25)', () => {
  let sb: Sandbox
  beforeEach(async () => {
    sb = new Sandbox()
    await sb.ok([...LAB])
  })
  afterEach(() => sb.remove())

  it('1. state save PATH never writes over another state file, live (open by a server) or not', async () => {
    const other = new Sandbox()
    try {
      await other.ok(['cluster', 'create', 'theirs', '--version', '14SU3', '--publisher', 'their-pub'])
      // Their server holds the file open, as `serve ssh` does.
      const server = new Database(other.db)
      try {
        for (let i = 0; i < 2; i++) {
          const r = await sb.ok(['state', 'save', other.db], 2)
          assert.match(
            r.stderr,
            /exists and is a live state file \(WAL mode\), not a snapshot; nothing was written|is in use/,
          )
          oneLine(r)
        }
      } finally {
        server.close()
      }
      // Without a server: still a live state file, still refused.
      assert.match((await sb.ok(['state', 'save', other.db], 2)).stderr, /live state file/)
      assert.deepEqual(await clusters(other), ['theirs'])
      const check = new Database(other.db, {readonly: true})
      assert.equal(check.pragma('integrity_check', {simple: true}), 'ok')
      check.close()
      // The state file itself under another name (a hard link) is refused too.
      const alias = join(sb.dir, 'alias.db')
      linkSync(sb.db, alias)
      assert.match((await sb.ok(['state', 'save', alias], 2)).stderr, /state file itself/)
      // A snapshot ucadmin wrote is replaced as before.
      const snap = join(sb.dir, 'snap.db')
      await sb.ok(['state', 'save', snap])
      assert.equal((await sb.ok(['state', 'save', snap, '--json'])).json().replaced, true)
    } finally {
      other.remove()
    }
  })

  it('4. a snapshot carrying a trigger, or ucadmin ids over other tables, is refused and nothing changes', async () => {
    const snap = join(sb.dir, 'trap.db')
    await sb.ok(['state', 'save', snap])
    const db = new Database(snap)
    db.exec('CREATE TRIGGER keep_accounts BEFORE DELETE ON accounts BEGIN SELECT RAISE(IGNORE); END')
    db.close()
    await sb.ok(['cluster', 'create', 'second', '--version', '14SU3', '--publisher', 'second-pub'])
    let r = await sb.ok(['state', 'restore', snap, '--yes'], 2)
    assert.match(r.stderr, /not a ucadmin snapshot \(it has a trigger ucadmin does not make: keep_accounts\)/)
    oneLine(r)
    assert.deepEqual(await clusters(sb), ['lab', 'second'])

    // ucadmin's id and schema version over another application's tables.
    const fake = join(sb.dir, 'fake.db')
    const live = new Database(sb.db, {readonly: true})
    const [appId, version] = [
      live.pragma('application_id', {simple: true}),
      live.pragma('user_version', {simple: true}),
    ]
    live.close()
    const f = new Database(fake)
    f.pragma(`application_id = ${appId}`)
    f.pragma(`user_version = ${version}`)
    f.exec('CREATE TABLE notes(x); INSERT INTO notes VALUES (1)')
    f.pragma('journal_mode = DELETE')
    f.close()
    r = await sb.ok(['state', 'restore', fake, '--yes'], 2)
    assert.match(r.stderr, /not a ucadmin snapshot \(it has a table ucadmin does not make: notes\)/)
    assert.deepEqual(await clusters(sb), ['lab', 'second'])
    await sb.ok(['sim', 'clock', 'advance', '1h'])
  })

  it('16. a FIFO given to state restore (as a path or under a name) is refused at once', async () => {
    const fifo = join(sb.dir, 'pipe.db')
    execFileSync('mkfifo', [fifo])
    const r = await sb.ok(['state', 'restore', fifo, '--yes'], 2)
    assert.match(r.stderr, /is not a ucadmin snapshot \(it is not a regular file\)/)
    oneLine(r)
    mkdirSync(join(sb.dir, 'state.db.snapshots'), {mode: 0o700})
    execFileSync('mkfifo', [join(sb.dir, 'state.db.snapshots', 'named.db')])
    assert.match((await sb.ok(['state', 'restore', 'named', '--yes'], 2)).stderr, /not a regular file/)
    assert.match((await sb.ok(['state', 'save', 'named'], 2)).stderr, /not a regular file/)
  })

  it('17. copies that killed saves left behind are removed by the next save', async () => {
    await sb.ok(['state', 'save', 'base'])
    const dir = join(sb.dir, 'state.db.snapshots')
    const dead = deadPid()
    const stale = [`.base.db.${dead}.tmp`, `.other.db.${dead}.tmp`, `.base.db.${dead}.tmp-journal`]
    for (const f of stale) writeFileSync(join(dir, f), 'partial copy', {mode: 0o600})
    writeFileSync(join(sb.dir, `.fixture.db.${dead}.tmp`), 'partial copy')
    await sb.ok(['state', 'save', 'base'])
    assert.deepEqual(readdirSync(dir), ['base.db'])
    await sb.ok(['state', 'save', join(sb.dir, 'fixture.db')])
    assert.equal(existsSync(join(sb.dir, `.fixture.db.${dead}.tmp`)), false)
  })

  it('18. UCADMIN_DB=:memory: is refused and leaves no file', async () => {
    for (const bad of [':memory:', 'file::memory:?cache=shared']) {
      const r = await sb.ok(['cluster', 'list'], 2, {env: {UCADMIN_DB: bad}})
      assert.match(r.stderr, /is not a file: ucadmin keeps its state in a file/)
      oneLine(r)
    }
    assert.equal(existsSync(':memory:'), false)
    assert.equal(existsSync(':memory:-wal'), false)
  })

  it('19. the SSH host key survives state restore and state reset', async () => {
    await sb.ok(['state', 'save', 'before-key'])
    const store = Store.open(sb.db)
    const key = ensureHostKey(store, new Clock(store, () => ({}))).fingerprint
    store.close()
    const fingerprint = () => {
      const s = Store.open(sb.db)
      try {
        return getHostKey(s, 'ssh-ed25519')?.fingerprint
      } finally {
        s.close()
      }
    }
    await sb.ok(['state', 'restore', 'before-key', '--yes'])
    assert.equal(fingerprint(), key)
    await sb.ok(['state', 'reset', '--yes'])
    assert.equal(fingerprint(), key)
  })

  it('5. a -wal file, a snapshots folder or a state file another user made or left open to others is refused', async () => {
    // A -wal file planted beside a state file not created yet.
    const fresh = new Sandbox()
    try {
      writeFileSync(`${fresh.db}-wal`, '', {mode: 0o666})
      chmodSync(`${fresh.db}-wal`, 0o666)
      let r = await fresh.ok(['cluster', 'list'], 2)
      assert.match(r.stderr, /state\.db-wal is open to others \(mode 666\); nothing was changed/)
      oneLine(r)
      assert.equal(existsSync(fresh.db), false, 'no state file was created')
      chmodSync(`${fresh.db}-wal`, 0o600)
      chownSync(`${fresh.db}-wal`, 65534, 65534)
      r = await fresh.ok(['cluster', 'list'], 2)
      assert.match(r.stderr, /state\.db-wal belongs to another user \(uid 65534\)/)
    } finally {
      fresh.remove()
    }
    // A state file its user made readable by others has companions as readable (SQLite copies its mode): accepted.
    chmodSync(sb.db, 0o644)
    writeFileSync(`${sb.db}-shm`, '')
    chmodSync(`${sb.db}-shm`, 0o644)
    await sb.ok(['cluster', 'list'])
    chmodSync(sb.db, 0o600)
    writeFileSync(`${sb.db}-shm`, '')
    chmodSync(`${sb.db}-shm`, 0o644)
    assert.match((await sb.ok(['cluster', 'list'], 2)).stderr, /state\.db-shm is open to others \(mode 644\)/)
    chmodSync(`${sb.db}-shm`, 0o600)
    const snaps = join(sb.dir, 'state.db.snapshots')
    mkdirSync(snaps, {mode: 0o777})
    chmodSync(snaps, 0o777)
    let r = await sb.ok(['state', 'save', 'mine'], 2)
    assert.match(r.stderr, /state\.db\.snapshots is open to others \(mode 777\)/)
    assert.deepEqual(readdirSync(snaps), [])
    assert.match((await sb.ok(['state', 'list'], 2)).stderr, /open to others/)
    chmodSync(snaps, 0o700)
    chownSync(snaps, 65534, 65534)
    r = await sb.ok(['state', 'restore', 'mine', '--yes'], 2)
    assert.match(r.stderr, /belongs to another user/)
    chownSync(snaps, process.getuid!(), process.getgid!())
    await sb.ok(['state', 'save', 'mine'])
    assert.equal(statSync(join(snaps, 'mine.db')).mode & 0o777, 0o600)
  })
})
