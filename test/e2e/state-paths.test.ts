import assert from 'node:assert/strict'

import {Sandbox} from '../helpers.js'

/** The CLI's side of test/unit/state-paths.test.ts (it runs the built CLI, so it is not a unit test). */
describe('state file paths from the CLI', () => {
  it('exits 2 with one line on stderr from the CLI', async () => {
    const sb = new Sandbox()
    try {
      const r = await sb.run(['cluster', 'list'], {env: {UCADMIN_DB: '/dev/null'}})
      assert.equal(r.exitCode, 2)
      assert.equal(r.stdout, '')
      assert.match(r.stderr, /^Error: The state file \/dev\/null cannot be used: it is not a regular file[^\n]*\n$/)
    } finally {
      sb.remove()
    }
  })
})
