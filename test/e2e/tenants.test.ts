import assert from 'node:assert/strict'
import {copyFileSync, mkdirSync} from 'node:fs'
import {join} from 'node:path'

import {LAB, Sandbox} from '../helpers.js'

/** `ucadmin tenants list|show|reset|delete --dir DIR` (issue 23 item 3): the trainer's view of a tenants folder. */
describe('tenants commands', () => {
  const sb = new Sandbox()
  const dir = join(sb.dir, 'class')
  before(async () => {
    mkdirSync(dir)
    await sb.ok(LAB)
    await sb.ok(['sim', 'clock', 'advance', '2d'])
    // A lab as the server leaves it: alice's own file, and the folder's template.
    copyFileSync(sb.db, join(dir, 'alice.db'))
  })
  after(() => sb.remove())

  it('refuses a missing folder and bad names with exit 2 and one line', async () => {
    for (const args of [
      ['tenants', 'list'],
      ['tenants', 'list', '--dir', join(sb.dir, 'nope')],
      ['tenants', 'show', '../x', '--dir', dir],
      ['tenants', 'show', 'bob', '--dir', dir],
    ]) {
      const r = await sb.run(args)
      assert.equal(r.exitCode, 2, args.join(' '))
      assert.match(r.stderr, /^Error: [^\n]+\n$/, args.join(' '))
      assert.equal(r.stdout, '')
    }
    // Without a folder the error names both ways of giving it.
    assert.match((await sb.run(['tenants', 'list'])).stderr, /--dir DIR, or UCADMIN_TENANTS=DIR\./)
  })

  it('lists and shows tenants with their clock and cluster; UCADMIN_TENANTS names the folder', async () => {
    const list = await sb.ok(['tenants', 'list'], 0, {env: {UCADMIN_TENANTS: dir}})
    assert.match(
      list.stdout,
      /^tenant +last login +clock \(simulated\) +size +cluster\nalice +never +2026-01-07T09:00:00\.000Z +[\d.]+ MiB +lab\n1 tenant in /,
    )
    const show = (await sb.ok(['tenants', 'show', 'alice', '--dir', dir, '--json'])).json()
    assert.deepEqual(
      [show.name, show.clock, show.clusters, show.current, show.lastLogin],
      ['alice', '2026-01-07T09:00:00.000Z', ['lab'], 'lab', null],
    )
  })

  it('reset without a template fails (exit 1) and changes nothing; with one, the lab is the template again', async () => {
    const r = await sb.run(['tenants', 'reset', 'alice', '--dir', dir, '--yes'])
    assert.equal(r.exitCode, 1)
    assert.match(r.stderr, /has no template/)
    await sb.ok(['state', 'reset', '--yes'])
    copyFileSync(sb.db, join(dir, '.template.db'))
    const done = (await sb.ok(['tenants', 'reset', 'alice', '--dir', dir, '--yes', '--json'])).json()
    assert.deepEqual([done.clock, done.clusters], ['2026-01-05T09:00:00.000Z', []])
    assert.deepEqual((await sb.ok(['tenants', 'delete', 'alice', '--dir', dir, '--yes', '--json'])).json(), {
      name: 'alice',
      deleted: true,
    })
    assert.match((await sb.ok(['tenants', 'list', '--dir', dir])).stdout, /^No tenants in /)
  })
})
