import assert from 'node:assert/strict'

import {LAB, Sandbox, onboard} from '../helpers.js'

/** Issue 20: the guide's rules that were wrong or missing, each broken in the state and read through the CLI. */

const XCP_ROUTER = 'Cisco XCP Router'
const XCP_CONFIG = 'Cisco XCP Config Manager'
const CPNS = 'Cisco Push Notification Service'

async function imReady(sb: Sandbox): Promise<void> {
  for (const p of ['multiple-device-messaging', 'stream-management']) await sb.ok(['param', 'messaging', 'set', p, 'Enabled'])
  await onboard(sb)
  await sb.ok(['utils', 'service', 'restart', CPNS, '--all-nodes'])
}

type Pending = Array<{node: string; service: string; cause: string}>

describe('the guide\'s rules (issue 20)', () => {
  let sb: Sandbox
  beforeEach(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
    await imReady(sb)
  })
  afterEach(() => sb.remove())

  const im = async () => (await sb.run(['sim', 'push', '--node', 'imp-pub', '--json'])).json()
  const pending = async () => (await sb.ok(['onboarding', 'status', '--json'])).json().pendingRestarts as Pending

  it('step 12 order: the XCP Router restart counts only after the XCP Config Manager restart (item 11)', async () => {
    await sb.ok(['utils', 'service', 'restart', XCP_ROUTER, '--node', 'imp-pub'])
    await sb.ok(['utils', 'service', 'restart', XCP_CONFIG, '--node', 'imp-pub'])
    assert.deepEqual(
      (await pending()).map((p) => [p.node, p.service]),
      [['imp-pub', XCP_ROUTER]],
      'the router restarted before the config manager does not count',
    )
    const r = await im()
    assert.deepEqual([r.status, r.condition], [503, 'restarts'])
    assert.match(r.detail, /Cisco XCP Router on imp-pub/)
    await sb.ok(['utils', 'service', 'restart', XCP_ROUTER, '--node', 'imp-pub'])
    assert.deepEqual(await pending(), [])
    assert.equal((await im()).status, 200)
  })

  it('Push Notifications High Availability takes effect at the next XCP Router restart; IM pushes go on meanwhile (item 10)', async () => {
    await sb.ok(['utils', 'service', 'restart', XCP_CONFIG, '--node', 'imp-pub'])
    await sb.ok(['utils', 'service', 'restart', XCP_ROUTER, '--node', 'imp-pub'])
    assert.equal((await im()).status, 200)
    const set = await sb.ok(['param', 'service', 'set', XCP_ROUTER, 'Push Notifications High Availability', 'Enabled', '--json'])
    assert.match(set.json().restartRequired, /Restart Cisco XCP Router/)
    const r = await im()
    assert.deepEqual([r.status, r.condition], [200, null], 'the router runs its old configuration: IM pushes continue')
    assert.deepEqual((await pending()).map((p) => [p.service, p.cause]), [[XCP_ROUTER, 'parameter']])
    const check = (await sb.run(['onboarding', 'check', '--condition', 'restarts', '--json'])).json()
    assert.equal(check.checks[0].ok, false, 'the check still lists the restart the procedure asks for')
    await sb.ok(['utils', 'service', 'restart', XCP_ROUTER, '--node', 'imp-pub'])
    assert.deepEqual(await pending(), [])
    assert.equal((await im()).status, 200)
  })

  it('a node added after onboarding shows the restart it still needs, then pushes (item 13)', async () => {
    await sb.ok(['cluster', 'add-node', 'cucm-sub2', '--role', 'subscriber'])
    const owed = (await pending()).filter((p) => p.node === 'cucm-sub2')
    assert.deepEqual(owed.map((p) => [p.service, p.cause]), [[CPNS, 'onboarding']])
    const check = (await sb.run(['onboarding', 'check', '--condition', 'restarts', '--json'])).json()
    assert.match(check.checks[0].detail, /Cisco Push Notification Service on cucm-sub2/)
    const r = (await sb.run(['sim', 'push', '--node', 'cucm-sub2', '--json'])).json()
    assert.deepEqual([r.status, r.condition], [503, 'restarts'])
    await sb.ok(['utils', 'service', 'restart', CPNS, '--node', 'cucm-sub2'])
    assert.deepEqual((await pending()).filter((p) => p.node === 'cucm-sub2'), [])
    assert.equal((await sb.ok(['sim', 'push', '--node', 'cucm-sub2', '--json'])).json().status, 200)
  })

  it('Expressway not deployed: no MRA, no refresh, no restart; with MRA off the Expressway steps block nothing (item 14)', async () => {
    await sb.ok(['expressway', 'set', 'mra', 'on'])
    await sb.ok(['expressway', 'set', 'deployed', 'off'])
    assert.equal((await sb.ok(['expressway', 'status', '--json'])).json().mra, false, 'no Expressway, no MRA')
    for (const args of [['expressway', 'set', 'mra', 'on'], ['expressway', 'refresh-servers'], ['expressway', 'restart', 'c'], ['expressway', 'restart', 'e']]) {
      const r = await sb.run(args)
      assert.equal(r.exitCode, 1, args.join(' '))
      assert.match(r.stderr, /^Error: Expressway is not deployed: .*expressway set deployed on/)
      assert.equal(r.stderr.trim().split('\n').length, 1)
    }
    await sb.ok(['expressway', 'set', 'deployed', 'on'])
    // Deployed, MRA off, no MRA clients: the check passes without the Expressway steps or the OAuth setting.
    for (const s of [XCP_CONFIG, XCP_ROUTER]) await sb.ok(['utils', 'service', 'restart', s, '--node', 'imp-pub'])
    await sb.ok(['param', 'service', 'set', XCP_ROUTER, 'Push Notifications High Availability', 'Enabled'])
    await sb.ok(['utils', 'service', 'restart', XCP_ROUTER, '--node', 'imp-pub'])
    const check = await sb.run(['onboarding', 'check', '--platform', 'ios', '--json'])
    const ids = check.json().checks.map((c: {id: string}) => c.id)
    for (const id of ['oauth-refresh', 'expressway-refresh', 'expressway-restart-c', 'expressway-restart-e']) assert.ok(!ids.includes(id), id)
    assert.deepEqual(check.json().checks.filter((c: {ok: boolean}) => !c.ok), [])
    assert.equal(check.exitCode, 0)
  })
})
