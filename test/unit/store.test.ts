import assert from 'node:assert/strict'
import Database from 'better-sqlite3'
import {mkdtempSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {FailedError} from '../../src/core/errors.js'
import {APPLICATION_ID, SCHEMA_VERSION, defaultDbPath, openDatabase} from '../../src/store/db.js'
import {MIGRATIONS} from '../../src/store/migrations/index.js'
import {Store} from '../../src/store/store.js'

describe('the state file', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ucadmin-store-'))
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  it('is created on first use with mode 0600, in WAL mode, at the latest schema', () => {
    const path = join(dir, 'sub', 'state.db')
    const db = openDatabase(path)
    assert.equal(statSync(path).mode & 0o777, 0o600)
    assert.equal(db.pragma('journal_mode', {simple: true}), 'wal')
    assert.equal(db.pragma('user_version', {simple: true}), SCHEMA_VERSION)
    assert.equal(db.pragma('application_id', {simple: true}), APPLICATION_ID)
    assert.ok((db.pragma('busy_timeout', {simple: true}) as number) >= 5000)
    db.close()
  })

  it('lives at UCADMIN_DB, else under the oclif data dir', () => {
    assert.equal(defaultDbPath({UCADMIN_DB: '/x/y.db'}), '/x/y.db')
    assert.equal(defaultDbPath({HOME: '/home/op'}), '/home/op/.local/share/ucadmin/state.db')
    assert.equal(defaultDbPath({XDG_DATA_HOME: '/xdg', HOME: '/h'}), '/xdg/ucadmin/state.db')
    assert.equal(defaultDbPath({UCADMIN_DATA_DIR: '/data', HOME: '/h'}), '/data/state.db')
  })

  it('refuses a file that is not SQLite, and leaves it untouched', () => {
    const path = join(dir, 'notes.txt')
    writeFileSync(path, 'just some text, not a database\n'.repeat(10))
    const before = readFileSync(path)
    assert.throws(
      () => openDatabase(path),
      (e: unknown) => e instanceof FailedError && /not a ucadmin state file/.test(e.message),
    )
    assert.deepEqual(readFileSync(path), before)
  })

  it("refuses another application's SQLite database, and leaves it untouched", () => {
    const path = join(dir, 'other.db')
    const other = new Database(path)
    other.exec('CREATE TABLE t(x); INSERT INTO t VALUES (1);')
    other.close()
    const before = readFileSync(path)
    assert.throws(() => openDatabase(path), /another application/)
    assert.deepEqual(readFileSync(path), before)
  })

  it('refuses a state file from a newer ucadmin', () => {
    const path = join(dir, 'new.db')
    openDatabase(path).close()
    const db = new Database(path)
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    db.close()
    assert.throws(
      () => openDatabase(path),
      (e: unknown) => e instanceof FailedError && /newer ucadmin/.test(e.message),
    )
  })

  it('a schema change that does not apply (a file of another build) is one clear error, and that change is rolled back', () => {
    const path = join(dir, 'other-build.db')
    const db = new Database(path)
    db.pragma(`application_id = ${APPLICATION_ID}`)
    db.exec('CREATE TABLE ssh_login_attempts (x)')
    db.close()
    assert.throws(
      () => openDatabase(path),
      (e: unknown) =>
        e instanceof FailedError &&
        /could not be brought to schema \d+ \(SSH login attempts and lockouts\): table ssh_login_attempts already exists; it stays at schema \d+\./.test(
          e.message,
        ),
    )
    const after = new Database(path)
    // It stays at the schema before the migration that failed (not necessarily the last one).
    const failed = MIGRATIONS.find((m) => m.name === 'SSH login attempts and lockouts')!
    assert.equal(after.pragma('user_version', {simple: true}), failed.version - 1)
    after.close()
  })

  it('refuses a corrupt file', () => {
    const path = join(dir, 'corrupt.db')
    openDatabase(path).close()
    const bytes = readFileSync(path)
    bytes.fill(0x5a, 100, Math.min(bytes.length, 4096))
    writeFileSync(path, bytes)
    assert.throws(() => {
      const s = Store.open(path)
      try {
        s.db.prepare('SELECT count(*) FROM clusters').get()
      } finally {
        s.close()
      }
    })
  })

  it("rolls back a command's writes when it fails", () => {
    const s = Store.open(join(dir, 'tx.db'))
    s.begin(true)
    s.sql("INSERT INTO settings(key, value) VALUES ('a', '1')").run()
    s.rollback()
    assert.equal(s.sql("SELECT count(*) AS n FROM settings WHERE key = 'a'").get() !== undefined, true)
    assert.equal(s.sql<{n: number}>("SELECT count(*) AS n FROM settings WHERE key = 'a'").get()!.n, 0)
    s.close()
  })
})
