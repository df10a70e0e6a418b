import assert from 'node:assert/strict'

import {LAB, Sandbox, onboard} from '../helpers.js'

/** Issue 11 as a user sees it: the push names the condition the check names, --explain, the proxy, Expressway. */
describe('push paths: every push evaluates the conditions of onboarding check on its path', function () {
  this.timeout(120_000)
  let sb: Sandbox
  before(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
    await onboard(sb)
    await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service', '--all-nodes'])
    for (const s of ['Cisco XCP Config Manager', 'Cisco XCP Router'])
      await sb.ok(['utils', 'service', 'restart', s, '--node', 'imp-pub'])
  })
  after(() => sb.remove())

  const push = async (args: string[], exit = 0) => (await sb.ok(['sim', 'push', ...args, '--json'], exit)).json()
  const check = async (id: string) => {
    const r = await sb.run(['onboarding', 'check', '--condition', id, '--json'])
    return (r.json().checks as Array<{id: string; ok: boolean}>).find((c) => c.id === id)
  }

  it('a new cluster ships with Multiple Device Messaging and Stream Management off: the IM push fails with imp-messaging until they are on', async () => {
    const p = await push(['--node', 'imp-pub'], 1)
    assert.deepEqual(
      [p.status, p.reason, p.condition, p.hop, p.path, p.kind],
      [503, 'Service Unavailable', 'imp-messaging', 'xcp-router', 'cloud', 'im'],
    )
    assert.equal((await check('imp-messaging'))!.ok, false)
    for (const id of ['multiple-device-messaging', 'stream-management'])
      await sb.ok(['param', 'messaging', 'set', id, 'Enabled'])
    const ok = await push(['--node', 'imp-pub'])
    assert.deepEqual([ok.status, ok.condition, ok.hop], [200, null, null])
    assert.deepEqual(ok.hops, ['xcp-router', 'xcp-config-manager', 'common-identity', 'push-rest', 'apns', 'device'])
    assert.equal((await check('imp-messaging'))!.ok, true)
  })

  it('sim message send to a suspended Jabber user: the push names its condition; --explain prints its path', async () => {
    await sb.ok(['sim', 'client', 'add', 'bob', '--node', 'imp-pub', '--suspended'])
    await sb.ok(['param', 'messaging', 'set', 'stream-management', 'Disabled'])
    const m = (await sb.ok(['sim', 'message', 'send', 'carol', 'bob', 'hello', 'there', '--json'])).json()
    assert.deepEqual(
      [m.delivery, m.push.status, m.push.condition, m.push.hop, m.push.explain],
      ['queued', 503, 'imp-messaging', 'xcp-router', undefined],
    )
    const r = await sb.ok(['sim', 'message', 'send', 'carol', 'bob', 'again', '--explain'])
    assert.match(r.stdout, /^Result: stopped at xcp-router: imp-messaging\.$/m)
    assert.match(r.stdout, /\[imp-messaging at xcp-router\]$/m)
    await sb.ok(['param', 'messaging', 'set', 'stream-management', 'Enabled'])
    assert.equal((await sb.ok(['sim', 'message', 'send', 'carol', 'bob', 'ok', '--json'])).json().push.status, 200)
  })

  it('--explain prints the path hop by hop with the first failure', async () => {
    await sb.ok(['sim', 'fault', 'dns-off', 'cucm-sub1'])
    const r = await sb.ok(['sim', 'push', '--node', 'cucm-sub1', '--explain'], 1)
    assert.match(
      r.stdout,
      /^Path: call push, cloud \(callmanager -> cpns -> common-identity -> push-rest -> apns -> device\)$/m,
    )
    assert.match(r.stdout, /^ 2\. Cisco Push Notification Service on cucm-sub1: FAILED$/m)
    assert.match(r.stdout, /FAIL {2}dns +DNS is not configured on cucm-sub1/)
    assert.match(r.stdout, /^ 3\. Common Identity \(idbroker\.webex\.com\) on cucm-sub1: not reached$/m)
    assert.match(r.stdout, /^Result: stopped at cpns: dns\.$/m)
    const j = (await sb.ok(['sim', 'push', '--node', 'cucm-sub1', '--explain', '--json'], 1)).json()
    assert.deepEqual(
      [j.condition, j.hop, j.explain[1].conditions.find((c: {id: string}) => c.id === 'dns').ok],
      ['dns', 'cpns', false],
    )
    await sb.ok(['sim', 'fault', 'dns-on', 'cucm-sub1'])
    assert.equal((await push(['--node', 'cucm-sub1'])).explain, undefined, 'no explain without --explain')
  })

  it("the proxy is a hop: unreachable, the push fails at it with the guide's two seconds; reachable, the cloud hops go through it", async () => {
    await sb.ok(['onboarding', 'save', '--proxy', 'http://proxy.lab.example:8080', '--proxy-auth', 'digest'])
    const stale = await push([], 1)
    assert.deepEqual([stale.condition, stale.hop], ['restarts', 'cpns'], 'a save of the page asks for a CPNS restart')
    await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service', '--all-nodes'])
    await sb.ok(['sim', 'fault', 'unreachable', 'proxy.lab.example'])
    const p = (await sb.ok(['sim', 'push', '--explain', '--json'], 1)).json()
    assert.deepEqual([p.status, p.condition, p.hop], [504, 'proxy', 'proxy'])
    assert.match(p.explain.find((h: {hop: string}) => h.hop === 'proxy').note, /2 seconds later the second address/)
    const trace = await sb.ok(['file', 'tail', 'activelog', 'cm/trace/ccmpns/log4j/', '--lines', '5'])
    assert.match(
      trace.stdout,
      /Proxy proxy\.lab\.example: connection to the first address timed out; trying the second address in 2 seconds/,
    )
    assert.equal((await check('proxy'))!.ok, false)
    await sb.ok(['sim', 'fault', 'reachable', 'proxy.lab.example'])
    await sb.ok(['sim', 'fault', 'unreachable', 'push.webexconnect.com', '--node', 'cucm-pub'])
    const q = (await sb.ok(['sim', 'push', '--explain', '--json'], 1)).json()
    assert.deepEqual([q.condition, q.hop], ['ports', 'push-rest'])
    assert.match(q.explain.find((h: {hop: string}) => h.hop === 'push-rest').note, /no confirmation within 5 seconds/)
    await sb.ok(['sim', 'fault', 'reachable', 'push.webexconnect.com'])
    const ok = await push([])
    assert.deepEqual(ok.hops, ['callmanager', 'cpns', 'proxy', 'common-identity', 'push-rest', 'apns', 'device'])
    await sb.ok(['onboarding', 'save', '--proxy', 'off'])
    await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service', '--all-nodes'])
  })

  it('a proxy given as an IP address has no second address; sim fault names its own port (issue 20, item 15)', async () => {
    await sb.ok(['onboarding', 'save', '--proxy', 'http://10.0.0.8:3128'])
    await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service', '--all-nodes'])
    const fault = await sb.ok(['sim', 'fault', 'unreachable', '10.0.0.8'])
    assert.match(fault.stdout, /^10\.0\.0\.8:3128 is now unreachable from /)
    const p = (await sb.ok(['sim', 'push', '--explain', '--json'], 1)).json()
    assert.deepEqual([p.status, p.condition, p.hop], [504, 'proxy', 'proxy'])
    const hop = p.explain.find((h: {hop: string}) => h.hop === 'proxy')
    assert.doesNotMatch(hop.note, /second address/)
    assert.doesNotMatch(p.detail, /second/)
    const trace = await sb.ok(['file', 'tail', 'activelog', 'cm/trace/ccmpns/log4j/', '--lines', '3'])
    assert.match(trace.stdout, /Proxy 10\.0\.0\.8:3128: connection timed out/)
    assert.doesNotMatch(trace.stdout, /second address/)
    await sb.ok(['sim', 'fault', 'reachable', '10.0.0.8'])
    await sb.ok(['sim', 'fault', 'unreachable', 'push.webexconnect.com'])
    const q = (await sb.ok(['sim', 'push', '--explain', '--json'], 1)).json()
    assert.deepEqual([q.condition, q.hop], ['ports', 'push-rest'])
    assert.doesNotMatch(q.explain.find((h: {hop: string}) => h.hop === 'push-rest').note, /second address/)
    assert.match(
      (await sb.ok(['sim', 'fault', 'reachable', 'push.webexconnect.com'])).stdout,
      /^push\.webexconnect\.com:443 is now reachable/,
    )
    await sb.ok(['onboarding', 'save', '--proxy', 'off'])
    await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service', '--all-nodes'])
  })

  it('MRA: Expressway knows about push only after Refresh Servers, then a restart of C, then of E', async () => {
    await sb.ok(['param', 'enterprise', 'set', 'OAuth with Refresh Login Flow', 'Enabled'])
    assert.equal((await push(['--node', 'imp-pub', '--mra'], 1)).condition, 'expressway-mra')
    await sb.ok(['expressway', 'set', 'MRA', 'on'])
    await sb.ok(['cert', 'upload', 'tomcat-trust', 'Root-CA.pem', '--all-nodes'])
    await sb.ok(['expressway', 'trust', 'add', '--node-certs'])
    await sb.ok(['expressway', 'restart', 'c'])
    await sb.ok(['expressway', 'restart', 'e'])
    assert.equal((await push(['--node', 'imp-pub', '--mra'], 1)).condition, 'expressway-refresh')
    await sb.ok(['expressway', 'refresh-servers'])
    const before = await push(['--node', 'imp-pub', '--mra'], 1)
    assert.deepEqual(
      [before.condition, before.hop],
      ['expressway-restart-c', 'expressway-c'],
      'restarts before the refresh do not count',
    )
    const c = (await sb.ok(['expressway', 'restart', 'C', '--json'])).json()
    assert.deepEqual([c.restarted, c.cRestartedAt !== null], ['c', true], 'restart C restarts Expressway-C')
    const e = await push(['--node', 'imp-pub', '--mra'], 1)
    assert.deepEqual([e.condition, e.hop], ['expressway-restart-e', 'expressway-e'])
    await sb.ok(['expressway', 'restart', 'E'])
    const ok = await push(['--node', 'imp-pub', '--mra'])
    assert.deepEqual(ok.hops.slice(0, 3), ['xcp-router', 'expressway-c', 'expressway-e'])
    assert.equal((await push(['--mra'])).status, 200, 'a call push to an MRA client')
    const x = (await sb.ok(['expressway', 'set', 'MRA', 'off', '--json'])).json()
    assert.deepEqual([x.mra, x.deployed], [false, true], 'MRA off turns MRA off, not the deployment')
  })

  it('bad input exits 2 with one line and changes nothing', async () => {
    const bad = async (args: string[], re: RegExp) => {
      const r = await sb.run(args)
      assert.equal(r.exitCode, 2, `${args.join(' ')}: ${r.stderr}`)
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
      assert.match(r.stderr, re)
    }
    const state = (await sb.ok(['expressway', 'status', '--json'])).stdout
    await bad(['onboarding', 'check', '--condition', 'dnss'], /Unknown condition "dnss"\. Did you mean "dns"\?/)
    await bad(['sim', 'fault', 'unreachable', 'proxy.evil.example'], /not one of the Cisco cloud hosts/)
    await bad(['onboarding', 'save', '--proxy', 'ftp://proxy.lab.example'], /is not a proxy URL/)
    await bad(['expressway', 'set', 'mraa', 'on'], /Unknown Expressway setting "mraa"/)
    await bad(['expressway', 'set', 'mra', 'maybe'], /Expected on or off/)
    await bad(['expressway', 'restart', 'x'], /Unknown Expressway "x"/)
    assert.equal((await sb.ok(['expressway', 'status', '--json'])).stdout, state)
    assert.equal((await sb.ok(['onboarding', 'status', '--json'])).json().proxy, null)
  })
})

describe('push paths: Expressway as the check and the pushes see it', function () {
  this.timeout(120_000)
  let sb: Sandbox
  beforeEach(async () => {
    sb = new Sandbox()
    await sb.ok(['apply', '-f', 'labs/example.yaml'])
  })
  afterEach(() => sb.remove())

  const failing = async () =>
    (
      (await sb.run(['onboarding', 'check', '--cluster', 'lab', '--json'])).json().checks as Array<{
        id: string
        ok: boolean
      }>
    )
      .filter((c) => !c.ok)
      .map((c) => c.id)

  it('a push over MRA while Mobile and Remote Access is off says so (no "MRA clients exist" when there are none)', async () => {
    assert.deepEqual(await failing(), [])
    const p = (await sb.ok(['sim', 'push', '--cluster', 'lab', '--node', 'imp-pub', '--mra', '--json'], 1)).json()
    assert.deepEqual([p.status, p.condition, p.hop], [502, 'expressway-mra', 'expressway-c'])
    assert.match(
      p.detail,
      /^This push goes through Mobile and Remote Access, but Mobile and Remote Access is off in Expressway\./,
    )
  })

  it('onboarding again at the same simulated instant: the earlier refresh and restarts no longer count, in the check and in the push', async () => {
    const c = ['--cluster', 'lab']
    await sb.ok(['expressway', 'set', 'mra', 'on', ...c])
    await sb.ok(['cert', 'upload', 'tomcat-trust', 'Example-Root-CA.pem', '--all-nodes', ...c])
    await sb.ok(['expressway', 'trust', 'add', '--node-certs', ...c])
    for (const step of [['refresh-servers'], ['restart', 'c'], ['restart', 'e']])
      await sb.ok(['expressway', ...step, ...c])
    assert.equal((await sb.ok(['sim', 'push', '--node', 'imp-pub', '--mra', '--json', ...c])).json().status, 200)
    await sb.ok(['onboarding', 'disable', '--yes', ...c])
    await sb.ok(['onboarding', 'voucher', ...c])
    await sb.ok(['onboarding', 'save', '--push', 'on', '--manage-certs', 'on', ...c])
    await sb.ok(['utils', 'service', 'restart', 'Cisco Tomcat', '--all-nodes', ...c])
    await sb.ok(['onboarding', 'save', '--push', 'on', '--manage-certs', 'on', ...c])
    await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service', '--all-nodes', ...c])
    for (const s of ['Cisco XCP Config Manager', 'Cisco XCP Router'])
      await sb.ok(['utils', 'service', 'restart', s, '--all-nodes', ...c])
    assert.deepEqual(await failing(), ['expressway-refresh', 'expressway-restart-c', 'expressway-restart-e'])
    const p = (await sb.ok(['sim', 'push', '--node', 'imp-pub', '--mra', '--json', ...c], 1)).json()
    assert.deepEqual([p.status, p.condition], [502, 'expressway-refresh'])
    for (const step of [['refresh-servers'], ['restart', 'c'], ['restart', 'e']])
      await sb.ok(['expressway', ...step, ...c])
    assert.deepEqual(await failing(), [])
    assert.equal((await sb.ok(['sim', 'push', '--node', 'imp-pub', '--mra', '--json', ...c])).json().status, 200)
  })
})
