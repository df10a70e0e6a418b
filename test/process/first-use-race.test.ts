import assert from 'node:assert/strict'
import {join} from 'node:path'

import {Sandbox} from '../helpers.js'

describe('issue 25 item 20: parallel first use of a new state file', () => {
  let sb: Sandbox
  beforeEach(() => {
    sb = new Sandbox()
  })
  afterEach(() => sb.remove())

  it('several processes starting on the same new file all succeed (never "another application\'s data")', async function () {
    this.timeout(60_000)
    // Before the fix, 10 to 40% of rounds had a process exit 1; 4 rounds of 6 processes each start on a new file.
    for (let round = 0; round < 4; round++) {
      const db = join(sb.dir, `race-${round}.db`)
      const runs = await Promise.all(Array.from({length: 6}, () => sb.spawn(['sim', 'clock'], {env: {UCADMIN_DB: db}})))
      for (const r of runs) {
        assert.doesNotMatch(r.stderr, /another application/)
        assert.equal(r.exitCode, 0, r.stderr)
        assert.equal(r.stdout.trim(), '2026-01-05T09:00:00.000Z')
      }
    }
  })
})
