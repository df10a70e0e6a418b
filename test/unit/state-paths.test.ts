import assert from 'node:assert/strict'
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {UsageError} from '../../src/core/errors.js'
import {openDatabase} from '../../src/store/db.js'

/** Issue 14 point 15: paths that cannot hold a state file get one clear line, and nothing is created. */
describe('state file paths', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ucadmin-paths-'))
  })
  afterEach(() => {
    for (const d of readdirSync(dir)) {
      try {
        chmodSync(join(dir, d), 0o700)
      } catch {
        // a dangling link
      }
    }
    rmSync(dir, {recursive: true, force: true})
  })

  const refused = (path: string, why: RegExp) => {
    assert.throws(
      () => openDatabase(path),
      (e: unknown) =>
        e instanceof UsageError &&
        e.exitCode === 2 &&
        why.test(e.message) &&
        !e.message.includes('\n') &&
        /nothing was created/.test(e.message),
    )
  }

  it('refuses /dev/null and creates no journal next to it', () => {
    const before = existsSync('/dev/null-journal')
    refused('/dev/null', /not a regular file/)
    assert.equal(existsSync('/dev/null-journal'), before)
    assert.equal(existsSync('/dev/null-wal'), false)
  })

  it('refuses a dangling symbolic link without creating its target', () => {
    const link = join(dir, 'state.db')
    symlinkSync(join(dir, 'gone', 'real.db'), link)
    refused(link, /symbolic link to .*gone\/real\.db, which does not exist/)
    assert.deepEqual(readdirSync(dir), ['state.db'])
  })

  it('refuses a name too long', () => {
    refused(join(dir, 'x'.repeat(300)), /name is too long/)
    assert.deepEqual(readdirSync(dir), [])
  })

  it('refuses a read-only file and an unreadable one, leaving them as they were', () => {
    for (const [name, mode, why] of [
      ['ro.db', 0o400, /read-only \(mode 400\)/],
      ['wo.db', 0o200, /unreadable \(mode 200\)/],
    ] as const) {
      const path = join(dir, name)
      writeFileSync(path, '')
      chmodSync(path, mode)
      refused(path, why)
      assert.equal(statSync(path).mode & 0o777, mode)
      assert.equal(statSync(path).size, 0)
    }
    assert.deepEqual(readdirSync(dir).sort(), ['ro.db', 'wo.db'])
  })

  it('refuses a folder that cannot be written, creating nothing in or under it', () => {
    const ro = join(dir, 'locked')
    mkdirSync(ro, {mode: 0o500})
    refused(join(ro, 'state.db'), /folder .*locked is not writable/)
    refused(join(ro, 'sub', 'state.db'), /folder .*locked is not writable/)
    chmodSync(ro, 0o700)
    assert.deepEqual(readdirSync(ro), [])
  })

  it('makes an existing empty file open to others private (0600) before writing to it', () => {
    const path = join(dir, 'made-by-touch.db')
    writeFileSync(path, '')
    chmodSync(path, 0o666)
    openDatabase(path).close()
    assert.equal(statSync(path).mode & 0o777, 0o600)
    assert.ok(statSync(path).size > 0)
  })
})
