import assert from 'node:assert/strict'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {BIN, LAB, Sandbox, onboard} from '../helpers.js'
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

  it("asks the token procedure's questions as CUCM does: a statement, then Continue (y/n)?", async () => {
    await onboard(sb)
    await sb.ok(['cluster', 'create', 'newpub', '--version', '14SU3', '--publisher', 'new-pub'])
    await sb.ok(['cert', 'upload', 'tomcat-trust', 'Root.pem', '--cluster', 'newpub'])
    await onboard(sb, ['--cluster', 'newpub'])
    await sb.ok(['sim', 'fault', 'token-expire'])
    const r = await runExpect(
      sb.dir,
      'token-procedure',
      `set stty_init "rows 200 cols 200"
spawn node ${BIN} shell
wantre "admin:$"
send "token procedure --source-cluster newpub\r"
expect {
  -re {Continue \(y/n\)\?} { send "y\r"; exp_continue }
  "on every node." {}
  timeout { exit 2 }
  eof { exit 3 }
}
wantre "\r\nadmin:$"
send "quit\r"
expect eof
catch wait result
exit [lindex $result 3]
`,
      {UCADMIN_DB: sb.db},
      40,
    )
    assert.equal(r.code, 0, r.stderr + r.transcript)
    assert.match(
      r.transcript,
      /This updates machineaccountdetails on cucm-pub with newpub's refresh token\. Continue \(y\/n\)\?/,
    )
    assert.doesNotMatch(r.transcript, /\? Continue \(y\/n\)\?/)
  })

  // Issue 24 item 1: the wizard inside the shell asks on the session's own prompt and leaves the session alive.
  for (const yes of [false, true]) {
    it(`runs \`onboarding wizard${yes ? ' --yes' : ''}\` inside the shell to the end and keeps the session and its history`, async () => {
      const r = await runExpect(
        sb.dir,
        `wizard${yes ? '-yes' : ''}`,
        `set stty_init "rows 200 cols 160"
spawn node ${BIN} shell
wantre "admin:$"
send "onboarding wizard${yes ? ' --yes' : ''}\r"
expect {
  -re {Continue \(y/n\)\?} { send "y\r"; exp_continue }
  "The task flow is complete." {}
  timeout { exit 2 }
  eof { exit 3 }
}
wantre "\r\nadmin:$"
send "onboarding status\r"
want "Cloud Onboarding Completed"
wantre "\r\nadmin:$"
send "quit\r"
expect eof
catch wait result
exit [lindex $result 3]
`,
        {UCADMIN_DB: sb.db},
        40,
      )
      assert.equal(r.code, 0, r.stderr + r.transcript)
      assert.doesNotMatch(r.transcript + r.stderr, /ERR_STREAM|write after end|\n\s+at /)
      const asked = r.transcript.match(/Continue \(y\/n\)\?/g)?.length ?? 0
      if (yes) assert.equal(asked, 0, r.transcript)
      else {
        assert.ok(asked >= 5, r.transcript)
        // The OAuth choice is asked on the session's prompt too (no prompt library taking over the terminal).
        assert.match(
          r.transcript,
          /Fix it by: Enabling OAuth with Refresh Login Flow on Unified CM \(recommended\)\. Continue \(y\/n\)\?/,
        )
      }
      assert.match(r.transcript, /OAuth Refresh Logins match on Unified CM and Expressway/)
      // Every step ends with its own done/open line, the Expressway refresh and restarts included.
      assert.match(
        r.transcript,
        /Steps 6 and 7\. [^\n]*\r?\n(?:[^\n]*Continue \(y\/n\)\?y\r?\n)?done {2}Unified CM servers refreshed on Expressway-C; Expressway-C and Expressway-E restarted\./,
      )
      assert.match(
        readFileSync(join(sb.dir, 'shell_history'), 'utf8'),
        new RegExp(`^onboarding wizard${yes ? ' --yes' : ''}\nonboarding status\nquit\n$`),
      )
      const st = (await sb.ok(['onboarding', 'status', '--json'])).json()
      assert.equal(st.status, 'Cloud Onboarding Completed')
      await sb.ok(['onboarding', 'check', '--platform', 'ios'])
    })
  }
})
