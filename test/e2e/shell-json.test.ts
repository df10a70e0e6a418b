import assert from 'node:assert/strict'

import {LAB, Sandbox} from '../helpers.js'

describe('shell --json: JSON Lines for programs', () => {
  const sb = new Sandbox()
  before(async () => {
    await sb.ok(LAB)
  })
  after(() => sb.remove())

  const lines = (stdout: string) =>
    stdout
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l))

  it('prints one JSON document per command, with its line, command, exit code and result or error', async () => {
    const script = [
      'utils service list --node imp-pub',
      '# a comment',
      '',
      'sim clock advance 1h',
      'utils service restart Cisco Tomcatt',
      'set cli pagination off',
      'run sql select name from processnode',
    ].join('\n')
    const r = await sb.run(['shell', '--json', '--keep-going'], {input: script + '\n'})
    assert.equal(r.exitCode, 2)
    const docs = lines(r.stdout)
    assert.deepEqual(
      docs.map((d) => [d.line, d.command, d.exitCode]),
      [
        [1, 'utils service list --node imp-pub', 0],
        [4, 'sim clock advance 1h', 0],
        [5, 'utils service restart Cisco Tomcatt', 2],
        [6, 'set cli pagination off', 0],
        [7, 'run sql select name from processnode', 0],
      ],
    )
    assert.equal(docs[0].result.node, 'imp-pub')
    assert.equal(docs[1].result.now, '2026-01-05T10:00:00.000Z')
    assert.deepEqual(docs[2].error, {
      code: 'UNKNOWN_SERVICE',
      message: 'Unknown service "Cisco Tomcatt".',
      fix: 'Did you mean "Cisco Tomcat"?',
      exitCode: 2,
    })
    assert.equal(docs[2].result, undefined)
    assert.deepEqual(docs[3].result, {output: ['Automatic pagination is turned off']})
    assert.equal(docs[4].result.rowCount, 4)
    assert.equal(r.stderr, '')
  })

  it('stops at the first failing command, as script mode does', async () => {
    const r = await sb.run(['shell', '--json'], {input: 'sim clock advance soon\nsim clock\n'})
    assert.equal(r.exitCode, 2)
    const docs = lines(r.stdout)
    assert.equal(docs.length, 1)
    assert.equal(docs[0].error.code, 'BAD_INPUT')
    assert.match(r.stderr, /^ucadmin shell: stopped at line 1 \(exit 2\): sim clock advance soon\n$/)
  })
})
