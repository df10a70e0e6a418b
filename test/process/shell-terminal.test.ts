import assert from 'node:assert/strict'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {BIN, LAB, Sandbox} from '../helpers.js'
import {runExpect} from './expect.js'

// Real processes: the admin: prompt needs a pseudo-terminal (expect spawns `node bin/run.js shell` on one).
describe('ucadmin shell: the admin: prompt on a terminal', () => {
  let sb: Sandbox
  beforeEach(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
  })
  afterEach(() => sb.remove())

  it('shows the banner and prompt, echoes, pages, completes, reports failures, and quits', async () => {
    const r = await runExpect(
      sb.dir,
      'local',
      `set stty_init "rows 12 cols 120"
spawn node ${BIN} shell --node imp-pub
want "Welcome to the Platform Command Line Interface"
wantre "\\r\\nadmin:$"
send "utils service list\\r"
want "utils service list\\r\\n"
want "Press <enter> for 1 line, <space> for one page, or <q> to quit"
send " "
want "Press <enter> for 1 line, <space> for one page, or <q> to quit"
send "q"
wantre "\\r\\nadmin:$"
send "set cli pagination off\\r"
want "Automatic pagination is turned off\\r\\nadmin:"
send "utils service list\\r"
want "Primary Node =true\\r\\nadmin:"
send "\\r"
wantre "\\r\\nadmin:$"
send "utils service res\\t"
want "restart "
send "cisco xcp ro\\t"
want "Cisco XCP Router "
send "\\r"
want "Cisco XCP Router\\[STARTED\\]  \\r\\nadmin:"
send "utils service restart Nope\\r"
want "Executed command unsuccessfully\\r\\nadmin:"
send "quit\\r"
expect eof
catch wait result
exit [lindex $result 3]
`,
      {UCADMIN_DB: sb.db},
    )
    assert.equal(r.code, 0, r.stderr + r.transcript)
    // The pager prompt is CUCM's bold text with erase-to-end-of-line; otherwise nothing but text, backspaces and
    // line ends: no escape sequences around the prompt.
    const pager = '\x1b[1mPress <enter> for 1 line, <space> for one page, or <q> to quit\x1b[0m\x1b[K'
    assert.ok(r.transcript.includes(pager))
    assert.doesNotMatch(r.transcript.replaceAll(pager, ''), /\x1b/)
    assert.match(r.transcript, /\r\nadmin:quit\r\n/)
    assert.ok(existsSync(join(sb.dir, 'shell_history')))
    assert.match(readFileSync(join(sb.dir, 'shell_history'), 'utf8'), /^utils service list\nset cli pagination off\n/)
  })

  it('asks confirmations as CUCM does and honours the answer', async () => {
    const r = await runExpect(
      sb.dir,
      'confirm',
      `spawn node ${BIN} shell
wantre "admin:$"
send "cluster delete lab\\r"
want "This deletes cluster lab and all its state. Continue (y/n)?"
send "n\\r"
want "Executed command unsuccessfully"
wantre "admin:$"
send "exit\\r"
expect eof
`,
      {UCADMIN_DB: sb.db},
    )
    assert.equal(r.code, 0, r.stderr + r.transcript)
    assert.equal((await sb.ok(['cluster', 'list', '--json'])).json().clusters.length, 1)
  })
})
