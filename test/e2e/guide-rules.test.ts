import assert from 'node:assert/strict'

import {LAB, Sandbox, onboard} from '../helpers.js'

/** Issue 20: the guide's rules that were wrong or missing, each broken in the state and read through the CLI. */

const XCP_ROUTER = 'Cisco XCP Router'
const XCP_CONFIG = 'Cisco XCP Config Manager'
const CPNS = 'Cisco Push Notification Service'

async function imReady(sb: Sandbox): Promise<void> {
  for (const p of ['multiple-device-messaging', 'stream-management'])
    await sb.ok(['param', 'messaging', 'set', p, 'Enabled'])
  await onboard(sb)
  await sb.ok(['utils', 'service', 'restart', CPNS, '--all-nodes'])
}

type Pending = Array<{node: string; service: string; cause: string}>

describe("the guide's rules (issue 20)", () => {
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
    const set = await sb.ok([
      'param',
      'service',
      'set',
      XCP_ROUTER,
      'Push Notifications High Availability',
      'Enabled',
      '--json',
    ])
    assert.match(set.json().restartRequired, /Restart Cisco XCP Router/)
    const r = await im()
    assert.deepEqual([r.status, r.condition], [200, null], 'the router runs its old configuration: IM pushes continue')
    assert.deepEqual(
      (await pending()).map((p) => [p.service, p.cause]),
      [[XCP_ROUTER, 'parameter']],
    )
    const check = (await sb.run(['onboarding', 'check', '--condition', 'restarts', '--json'])).json()
    assert.equal(check.checks[0].ok, false, 'the check still lists the restart the procedure asks for')
    await sb.ok(['utils', 'service', 'restart', XCP_ROUTER, '--node', 'imp-pub'])
    assert.deepEqual(await pending(), [])
    assert.equal((await im()).status, 200)
  })

  it('a node added after onboarding shows the restart it still needs, then pushes (item 13)', async () => {
    await sb.ok(['cluster', 'add-node', 'cucm-sub2', '--role', 'subscriber'])
    const owed = (await pending()).filter((p) => p.node === 'cucm-sub2')
    assert.deepEqual(
      owed.map((p) => [p.service, p.cause]),
      [[CPNS, 'onboarding']],
    )
    const check = (await sb.run(['onboarding', 'check', '--condition', 'restarts', '--json'])).json()
    assert.match(check.checks[0].detail, /Cisco Push Notification Service on cucm-sub2/)
    const r = (await sb.run(['sim', 'push', '--node', 'cucm-sub2', '--json'])).json()
    assert.deepEqual([r.status, r.condition], [503, 'restarts'])
    await sb.ok(['utils', 'service', 'restart', CPNS, '--node', 'cucm-sub2'])
    assert.deepEqual(
      (await pending()).filter((p) => p.node === 'cucm-sub2'),
      [],
    )
    assert.equal((await sb.ok(['sim', 'push', '--node', 'cucm-sub2', '--json'])).json().status, 200)
  })

  it('Expressway releases: a client whose feature needs a newer Expressway fails its MRA path; the upgrade order warns (item 18)', async () => {
    await sb.ok(['expressway', 'set', 'mra', 'on'])
    await sb.ok(['cert', 'upload', 'tomcat-trust', 'Root-CA.pem', '--all-nodes'])
    await sb.ok(['expressway', 'trust', 'add', '--node-certs'])
    await sb.ok(['param', 'enterprise', 'set', 'OAuth with Refresh Login Flow', 'Enabled'])
    assert.match((await sb.ok(['expressway', 'status'])).stdout, /^Expressway release +: X14\.3$/m)
    // Every key padded to one width: the colons line up, the longest key included.
    const cols = (await sb.ok(['expressway', 'status'])).stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.indexOf(' : '))
    assert.equal(new Set(cols).size, 1, 'one column of colons')
    assert.ok(cols[0] > 0)
    const set = await sb.ok(['expressway', 'set', 'version', 'x12.6', '--json'])
    assert.equal(set.json().version, 'X12.6')
    const android = (await sb.run(['sim', 'push', '--platform', 'android', '--mra', '--json'])).json()
    assert.deepEqual(
      [android.status, android.condition, android.hop, android.afterPush],
      [502, 'expressway-release', 'expressway-c', true],
    )
    assert.match(android.detail, /Android \(FCM\) over MRA needs X12\.6\.2/)
    assert.equal(
      (await sb.ok(['sim', 'push', '--platform', 'ios', '--mra', '--json'])).json().status,
      200,
      'X12.6 serves iOS 13 and above (CallKit)',
    )
    const check = (await sb.run(['onboarding', 'check', '--condition', 'expressway-release', '--json'])).json()
    assert.match(check.checks[0].fix, /expressway set version X12\.6\.2/)
    await sb.ok(['expressway', 'set', 'version', 'X12.6.2'])
    assert.equal((await sb.ok(['sim', 'push', '--platform', 'android', '--mra', '--json'])).json().status, 200)
    for (const bad of [
      ['expressway', 'set', 'version', '12.6'],
      ['expressway', 'set', 'version', 'X12.six'],
    ])
      assert.equal((await sb.run(bad)).exitCode, 2, bad.join(' '))
    // The guide's order: IM and Presence clusters to the minimum releases before Expressway.
    await sb.ok([
      'cluster',
      'create',
      'old',
      '--version',
      '12.5(1)SU2',
      '--publisher',
      'old-pub',
      '--imp-publisher',
      'old-imp',
    ])
    await onboard(sb, ['--cluster', 'old'])
    await sb.ok(['expressway', 'set', 'version', 'X8.11', '--cluster', 'old'])
    const w = await sb.ok(['expressway', 'set', 'version', 'X12.7', '--cluster', 'old'])
    assert.match(
      w.stdout,
      /^Warning: Push Notifications are enabled and old runs 12\.5\(1\)SU2: the guide says to upgrade all IM and Presence clusters/m,
    )
    await sb.ok(['expressway', 'set', 'deployed', 'off', '--cluster', 'old'])
    assert.equal((await sb.run(['expressway', 'set', 'version', 'X14.3', '--cluster', 'old'])).exitCode, 1)
  })

  it('Expressway not deployed: no MRA, no refresh, no restart; with MRA off the Expressway steps block nothing (item 14)', async () => {
    await sb.ok(['expressway', 'set', 'mra', 'on'])
    await sb.ok(['expressway', 'set', 'deployed', 'off'])
    assert.equal((await sb.ok(['expressway', 'status', '--json'])).json().mra, false, 'no Expressway, no MRA')
    for (const args of [
      ['expressway', 'set', 'mra', 'on'],
      ['expressway', 'refresh-servers'],
      ['expressway', 'restart', 'c'],
      ['expressway', 'restart', 'e'],
    ]) {
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
    for (const id of ['oauth-refresh', 'expressway-refresh', 'expressway-restart-c', 'expressway-restart-e'])
      assert.ok(!ids.includes(id), id)
    assert.deepEqual(
      check.json().checks.filter((c: {ok: boolean}) => !c.ok),
      [],
    )
    assert.equal(check.exitCode, 0)
  })
})

describe('lesser rules (issue 20, item 24)', () => {
  let sb: Sandbox
  before(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
    await imReady(sb)
  })
  after(() => sb.remove())

  it('OAuth with Refresh Login Flow enabled or disabled: reset every Jabber and Webex client', async () => {
    const on = await sb.ok(['param', 'enterprise', 'set', 'OAuth with Refresh Login Flow', 'Enabled'])
    assert.match(on.stdout, /^Reset all Cisco Jabber and Webex clients/m)
    assert.match(
      (await sb.ok(['param', 'enterprise', 'set', 'oAuthWithRefreshLoginFlow', 'Disabled', '--json'])).json()
        .afterChange,
      /Reset all Cisco Jabber and Webex clients/,
    )
    assert.equal(
      (await sb.ok(['param', 'enterprise', 'set', 'OAuth with Refresh Login Flow', 'Disabled', '--json'])).json()
        .afterChange,
      null,
      'no change, nothing to reset',
    )
  })

  it('a NAT idle timeout under 30 minutes drops the idle push connection: the next push fails, not retried; the one after works', async () => {
    await sb.ok(['sim', 'push', '--json'])
    await sb.ok(['sim', 'fault', 'nat-idle-timeout', '10'])
    const check = (await sb.run(['onboarding', 'check', '--condition', 'push-connection', '--json'])).json()
    assert.equal(check.checks[0].ok, false)
    assert.match(check.checks[0].detail, /below the 30 minutes the guide recommends/)
    await sb.ok(['sim', 'clock', 'advance', '5m'])
    assert.equal(
      (await sb.ok(['sim', 'push', '--json'])).json().status,
      200,
      'within the timeout the connection is still open',
    )
    await sb.ok(['sim', 'clock', 'advance', '11m'])
    const dropped = (await sb.run(['sim', 'push', '--json'])).json()
    assert.deepEqual([dropped.status, dropped.condition, dropped.hop], [502, 'push-connection', 'push-rest'])
    assert.match(dropped.detail, /not retried on a new TCP connection/)
    assert.equal((await sb.ok(['sim', 'push', '--json'])).json().status, 200, 'the next push opens a new connection')
    await sb.ok(['sim', 'fault', 'nat-idle-timeout', '30'])
    assert.equal(
      (await sb.run(['onboarding', 'check', '--condition', 'push-connection', '--json'])).json().checks[0].ok,
      true,
    )
    await sb.ok(['sim', 'fault', 'nat-idle-timeout', 'off'])
    assert.equal((await sb.run(['sim', 'fault', 'nat-idle-timeout', 'soon'])).exitCode, 2)
  })

  it('port 9966 blocked between a subscriber and the publisher: pushes for calls on that node fail, the check names it, opening it restores delivery', async () => {
    assert.equal((await sb.run(['sim', 'push', '--node', 'cucm-sub1', '--json'])).json().status, 200)
    await sb.ok(['sim', 'fault', 'port-block', '9966', 'cucm-sub1'])
    const r = await sb.run(['sim', 'push', '--node', 'cucm-sub1', '--json'])
    assert.notEqual(r.exitCode, 0)
    const failed = r.json()
    assert.deepEqual([failed.status, failed.condition, failed.hop], [504, 'port-9966', 'cpns'])
    assert.match(failed.detail, /Port 9966 is blocked by a firewall between cucm-sub1 and the publisher cucm-pub/)
    assert.equal(
      (await sb.run(['sim', 'push', '--node', 'cucm-pub', '--json'])).json().status,
      200,
      'calls on the publisher are not affected',
    )
    const check = await sb.run(['onboarding', 'check', '--json'])
    const c = check.json().checks.find((x: {id: string}) => x.id === 'port-9966')
    assert.equal(c.ok, false)
    assert.match(c.fix, /sim fault port-open 9966 cucm-sub1/)
    assert.match((await sb.run(['onboarding', 'check'])).stdout, /Port 9966 is blocked/)
    await sb.ok(['sim', 'fault', 'port-open', '9966', 'cucm-sub1'])
    assert.equal((await sb.run(['sim', 'push', '--node', 'cucm-sub1', '--json'])).json().status, 200)
    assert.equal(
      (await sb.run(['onboarding', 'check', '--condition', 'port-9966', '--json'])).json().checks[0].ok,
      true,
    )
    for (const bad of [
      ['8443', 'cucm-sub1'],
      ['9966', 'cucm-pub'],
      ['9966', 'imp-pub'],
    ]) {
      const b = await sb.run(['sim', 'fault', 'port-block', ...bad])
      assert.equal(b.exitCode, 2, bad.join(' '))
      assert.equal(b.stderr.trim().split('\n').length <= 2, true)
    }
    assert.equal(
      (await sb.run(['sim', 'push', '--node', 'cucm-sub1', '--json'])).json().status,
      200,
      'a refused fault changed nothing',
    )
  })

  it('onboarding check --platform lpns has no IM-only checks', async () => {
    const ids = (await sb.run(['onboarding', 'check', '--platform', 'lpns', '--json']))
      .json()
      .checks.map((c: {id: string}) => c.id)
    for (const id of ['imp-messaging', 'service-xcp-router', 'service-xcp-config', 'push-ha'])
      assert.ok(!ids.includes(id), id)
    assert.ok(ids.includes('service-lpns') && ids.includes('lpns-ssid'))
    const both = (await sb.run(['onboarding', 'check', '--platform', 'ios', '--platform', 'lpns', '--json']))
      .json()
      .checks.map((c: {id: string}) => c.id)
    assert.ok(both.includes('imp-messaging'), 'with iOS the IM checks are back')
  })

  it('sim push --user --json names why Local Push did not apply', async () => {
    for (const s of [XCP_CONFIG, XCP_ROUTER]) await sb.ok(['utils', 'service', 'restart', s, '--node', 'imp-pub'])
    await sb.ok(['sim', 'client', 'add', 'ann', '--node', 'imp-pub', '--suspended'])
    const im = (await sb.ok(['sim', 'push', '--user', 'ann', '--json'])).json()
    assert.deepEqual(
      [im.kind, im.localPush.used, im.localPush.detail],
      ['im', false, 'Local Push is not supported for IM and Presence messaging.'],
    )
    await sb.ok(['cluster', 'group', 'set', 'G1', '--nodes', 'cucm-pub,cucm-sub1'])
    await sb.ok(['cluster', 'device-pool', 'set', 'DP', '--group', 'G1'])
    await sb.ok([
      'sim',
      'client',
      'add',
      'andy',
      '--platform',
      'android',
      '--app',
      'webex',
      '--device-pool',
      'DP',
      '--suspended',
    ])
    const android = (await sb.ok(['sim', 'push', '--user', 'andy', '--json'])).json()
    assert.deepEqual([android.kind, android.localPush.detail], ['call', 'Local Push is not supported on Android.'])
    await sb.ok(['sim', 'client', 'add', 'ivy', '--app', 'webex', '--device-pool', 'DP', '--suspended'])
    const ios = (await sb.ok(['sim', 'push', '--user', 'ivy', '--json'])).json()
    assert.equal(ios.localPush.used, false)
    assert.ok(ios.localPush.detail.length > 0, ios.localPush.detail)
  })
})

describe("traces at the Info level by default; set trace raises a service's level (issue 20, item 12)", () => {
  let sb: Sandbox
  before(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
    await onboard(sb)
    await sb.ok(['utils', 'service', 'restart', CPNS, '--all-nodes'])
  })
  after(() => sb.remove())

  const tail = async (node = 'cucm-pub') =>
    (await sb.ok(['file', 'tail', 'activelog', 'cm/trace/ccmpns/log4j/', '--node', node, '--lines', '200'])).stdout

  it('no DEBUG line at the default level; the token-fetch detail appears at Detailed, only on that node; disable returns to Info', async () => {
    await sb.ok(['sim', 'clock', 'advance', '30m'])
    assert.doesNotMatch(await tail(), / DEBUG /, 'Info by default')
    const set = (await sb.ok(['set', 'trace', 'enable', 'Detailed', 'ccmpns', '--json'])).json()
    assert.deepEqual([set.service, set.level, set.previous, set.node], [CPNS, 'Debug', 'Info', 'cucm-pub'])
    await sb.ok(['sim', 'clock', 'advance', '30m'])
    assert.equal(
      (await tail()).match(
        /DEBUG \[Timer-\d+\] ccmpns\.CCMPNServer \(CCMPNServer\.java:306\) - fetchAndStoreAccessToken\(\) Response received : 200/g,
      )?.length,
      3,
    )
    assert.doesNotMatch(await tail('cucm-sub1'), / DEBUG /, 'the level is per node')
    const off = await sb.ok(['set', 'trace', 'disable', 'ccmpns'])
    assert.match(
      off.stdout,
      /^Trace level of Cisco Push Notification Service \(ccmpns\) on cucm-pub: Info \(was Debug\)\.$/m,
    )
    const before = (await tail()).split('\n').length
    await sb.ok(['sim', 'clock', 'advance', '30m'])
    assert.equal((await tail()).split('\n').length, before, 'no fetch detail at Info')
    await sb.ok(['set', 'trace', 'enable', 'Detailed', 'cmas'])
    for (const bad of [
      ['set', 'trace', 'enable', 'Loud', 'ccmpns'],
      ['set', 'trace', 'enable', 'Detailed', 'ccmpn'],
      ['set', 'trace', 'disable', 'nope'],
    ]) {
      const r = await sb.run(bad)
      assert.equal(r.exitCode, 2, bad.join(' '))
      assert.equal(r.stderr.trim().split('\n').length, 1)
    }
  })
})

describe('iOS 12 devices are judged by iOS 12 support (issue 20, item 9)', () => {
  let sb: Sandbox
  before(async () => {
    sb = new Sandbox()
    for (const [name, version, pub, imp] of [
      ['old', '11.5(1)SU5', 'old-pub', 'old-imp'],
      ['new', '14SU3', 'new-pub', 'new-imp'],
    ]) {
      const c = ['--cluster', name]
      await sb.ok([
        'cluster',
        'create',
        name,
        '--version',
        version,
        '--publisher',
        pub,
        '--imp-publisher',
        imp,
        ...(version.startsWith('11.5') ? ['--licensing', 'plm'] : []),
      ])
      if (version.startsWith('11.5')) await sb.ok(['license', 'sync', ...c])
      for (const p of ['multiple-device-messaging', 'stream-management'])
        await sb.ok(['param', 'messaging', 'set', p, 'Enabled', ...c])
      await onboard(sb, c)
      for (const s of [CPNS, XCP_CONFIG, XCP_ROUTER])
        await sb.ok(['utils', 'service', 'restart', s, '--all-nodes', ...c])
      await sb.ok(['sim', 'client', 'add', `${name}12`, '--node', imp, '--os', '12', '--suspended', ...c])
      await sb.ok(['sim', 'client', 'add', `${name}17`, '--node', imp, '--suspended', ...c])
    }
  })
  after(() => sb.remove())

  const im = async (cluster: string, user: string) =>
    (await sb.run(['sim', 'push', '--user', user, '--cluster', cluster, '--json'])).json()

  it('11.5(1)SU5 serves an iOS 12 device (11.5(1)SU4 or later) and not an iOS 13 one (11.5(1)SU8)', async () => {
    const r12 = await im('old', 'old12')
    assert.deepEqual([r12.status, r12.condition], [200, null], r12.detail)
    const call = (await sb.ok(['sim', 'call', 'old17', 'old12', '--cluster', 'old', '--json'])).json()
    assert.deepEqual([call.push.status, call.channel, call.outcome], [200, 'single', 'answered'])
    const r17 = await im('old', 'old17')
    assert.deepEqual([r17.status, r17.condition], [501, 'release-ios'])
  })

  it('14SU3 has no support for iOS 12: neither calls nor messages; iOS 17 is served', async () => {
    const r12 = await im('new', 'new12')
    assert.deepEqual([r12.status, r12.condition], [501, 'release-ios12'])
    assert.match(r12.detail, /no support for iOS 12/)
    const call = (await sb.ok(['sim', 'call', 'new17', 'new12', '--cluster', 'new', '--json'])).json()
    assert.deepEqual([call.push.status, call.push.condition], [501, 'release-ios12'])
    assert.equal((await im('new', 'new17')).status, 200)
    const check = (await sb.run(['onboarding', 'check', '--platform', 'ios12', '--cluster', 'new', '--json'])).json()
    assert.equal(check.checks.find((c: {id: string}) => c.id === 'release-ios12').ok, false)
  })
})

describe('Smart Licensing evaluation mode after an upgrade across 12.0 (issue 20, item 7)', () => {
  let sb: Sandbox
  before(async () => {
    sb = new Sandbox()
    await sb.ok([
      'cluster',
      'create',
      'lab',
      '--version',
      '11.5(1)SU8',
      '--publisher',
      'cucm-pub',
      '--licensing',
      'plm',
    ])
    await sb.ok(['license', 'sync'])
    await onboard(sb)
    await sb.ok(['utils', 'service', 'restart', CPNS, '--all-nodes'])
  })
  after(() => sb.remove())

  it('evaluation shows with its days; no voucher before registering; pushes stop when it ends unregistered; register fixes it', async () => {
    await sb.ok(['cluster', 'upgrade', '--version', '12.5(1)SU3'])
    await sb.ok(['utils', 'service', 'restart', CPNS, '--all-nodes'])
    const st = (await sb.ok(['license', 'status', '--json'])).json()
    assert.deepEqual(
      [st.mode, st.smart.status, st.smart.registered, st.smart.evaluationDaysLeft],
      ['smart', 'Evaluation Mode', false, 90],
    )
    assert.match(
      (await sb.ok(['license', 'status'])).stdout,
      /^Registration status: Unregistered\nLicense authorization: Evaluation Mode \(90 days left/m,
    )
    const v = await sb.run(['onboarding', 'voucher'])
    assert.equal(v.exitCode, 1)
    assert.match(v.stderr, /evaluation mode .*license register/)
    assert.equal(
      (await sb.ok(['sim', 'push', '--json'])).json().status,
      200,
      'pushes keep working during the evaluation',
    )
    await sb.ok(['sim', 'clock', 'advance', '89d'])
    assert.equal((await sb.ok(['license', 'status', '--json'])).json().smart.evaluationDaysLeft, 1)
    assert.equal((await sb.ok(['sim', 'push', '--json'])).json().status, 200)
    await sb.ok(['sim', 'clock', 'advance', '1d'])
    const p = (await sb.run(['sim', 'push', '--json'])).json()
    assert.deepEqual([p.status, p.condition], [403, 'licensing'])
    assert.match(p.detail, /evaluation period ended/)
    const check = (await sb.run(['onboarding', 'check', '--condition', 'licensing', '--json'])).json()
    assert.match(check.checks[0].fix, /license register/)
    await sb.ok(['license', 'register'])
    assert.equal((await sb.ok(['license', 'status', '--json'])).json().smart.status, 'Registered')
    assert.equal((await sb.ok(['sim', 'push', '--json'])).json().status, 200)
    await sb.ok(['onboarding', 'voucher'])
  })
})
