import assert from 'node:assert/strict'
import {chmodSync, existsSync, readFileSync, statSync, symlinkSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {HISTORY_LINES, MAX_HISTORY_READ, readHistory} from '../../src/shell/history.js'
import {BIN, LAB, Sandbox} from '../helpers.js'
import {runExpect} from './expect.js'

/** Issue 25 items 15 and 5 (the history file): bounded reads, and a history file nobody else can read or feed. */

const SESSION = `spawn node ${BIN} shell
wantre "\\r\\nadmin:$"
send "show version active\\r"
wantre "\\r\\nadmin:$"
send "quit\\r"
expect eof
catch wait result
exit [lindex $result 3]
`

describe('the admin: shell history file (issue 25 items 5 and 15)', function () {
  this.timeout(60_000)
  const sb = new Sandbox()
  before(async () => {
    await sb.ok(LAB)
  })
  after(() => sb.remove())

  it('15. UCADMIN_HISTFILE=/dev/zero: the shell starts, says the history is not used, and works', async () => {
    const r = await runExpect(sb.dir, 'zero', SESSION, {UCADMIN_DB: sb.db, UCADMIN_HISTFILE: '/dev/zero'})
    assert.equal(r.code, 0, r.stderr + r.transcript)
    assert.match(r.transcript, /The history file \/dev\/zero is not a regular file; history is not read or written/)
    assert.match(r.transcript, /Active Master Version/)
  })

  it('5. a history file open to others, or a symbolic link, is neither read nor written', async () => {
    const open = join(sb.dir, 'open_history')
    writeFileSync(open, 'cluster show secret-from-someone-else\n')
    chmodSync(open, 0o666)
    let r = await runExpect(sb.dir, 'open', SESSION, {UCADMIN_DB: sb.db, UCADMIN_HISTFILE: open})
    assert.equal(r.code, 0, r.stderr + r.transcript)
    assert.match(r.transcript, /open_history is open to others \(mode 666\); history is not read or written/)
    assert.equal(readFileSync(open, 'utf8'), 'cluster show secret-from-someone-else\n', 'not written')

    const target = join(sb.dir, 'elsewhere')
    const link = join(sb.dir, 'link_history')
    symlinkSync(target, link)
    r = await runExpect(sb.dir, 'link', SESSION, {UCADMIN_DB: sb.db, UCADMIN_HISTFILE: link})
    assert.equal(r.code, 0, r.stderr + r.transcript)
    assert.match(r.transcript, /link_history is a symbolic link/)
    assert.equal(existsSync(target), false, 'nothing written through the link')

    // The default history file is the user's own, 0600.
    r = await runExpect(sb.dir, 'own', SESSION, {UCADMIN_DB: sb.db})
    assert.equal(r.code, 0, r.stderr + r.transcript)
    assert.equal(statSync(join(sb.dir, 'shell_history')).mode & 0o777, 0o600)
    assert.match(readFileSync(join(sb.dir, 'shell_history'), 'utf8'), /show version active\nquit\n$/)
  })

  it('15. a huge history file is read only at its end', () => {
    const big = join(sb.dir, 'big_history')
    const line = 'x'.repeat(1000)
    writeFileSync(big, `${Array.from({length: 4 * 1024}, (_, i) => `${i} ${line}`).join('\n')}\nlast command\n`)
    assert.ok(statSync(big).size > 2 * MAX_HISTORY_READ)
    const lines = readHistory(big)
    assert.equal(lines.length, HISTORY_LINES)
    assert.equal(lines.at(-1), 'last command')
    assert.deepEqual(readHistory('/dev/zero'), [])
  })
})
