import assert from 'node:assert/strict'
import {execa} from 'execa'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {BIN, LAB, Sandbox} from '../helpers.js'

/** Drives `ucadmin onboarding wizard` through a pseudo-terminal with expect, answering yes and taking the first choice. */
const EXPECT_SCRIPT = `
set timeout 60
log_user 1
spawn node $env(UCADMIN_BIN) onboarding wizard
expect {
  -re {\\(Y/n\\)} { send "y\\r"; exp_continue }
  -re {Fix it by} { sleep 0.2; send "\\r"; exp_continue }
  eof
}
catch wait result
exit [lindex $result 3]
`

describe('onboarding wizard (through a pseudo-terminal)', function () {
  let sb: Sandbox
  before(async function () {
    try {
      await execa('expect', ['-v'])
    } catch {
      this.skip()
    }
  })
  beforeEach(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
  })
  afterEach(() => sb.remove())

  it('walks the task flow on a terminal, applying each fix, until every check passes', async () => {
    const script = join(sb.dir, 'wizard.exp')
    writeFileSync(script, EXPECT_SCRIPT)
    const r = await execa('expect', [script], {
      env: {UCADMIN_DB: sb.db, UCADMIN_BIN: BIN, NO_COLOR: '1', TERM: 'xterm'},
      reject: false,
    })
    assert.equal(r.exitCode, 0, r.stdout)
    assert.match(r.stdout, /Step 3\. Enable Push Notifications/)
    assert.match(r.stdout, /Every check of `ucadmin onboarding check --platform ios` passes/)
    const status = (await sb.ok(['onboarding', 'status', '--json'])).json()
    assert.equal(status.status, 'Cloud Onboarding Completed')
    assert.deepEqual(status.pendingRestarts, [])
    await sb.ok(['onboarding', 'check', '--platform', 'ios'])
    assert.equal((await sb.ok(['sim', 'push', '--json'])).json().status, 200)
  })
})
