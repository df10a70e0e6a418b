import assert from 'node:assert/strict'
import {copyFileSync, existsSync} from 'node:fs'

import {Sandbox} from '../helpers.js'

/**
 * The guide's "Redundancy and Failover Use Cases", produced with ucadmin commands: a 14SU3 cluster with an IM and
 * Presence HA pair (imp-pub + imp-sub), onboarded, Push Notifications High Availability enabled and the XCP Router
 * restarted; alice (Jabber, foreground) and bob (Jabber, suspended) on imp-pub. bob has one IM in his history and
 * one unread IM queued on imp-pub.
 */
const CLUSTER = [
  'cluster',
  'create',
  'lab',
  '--version',
  '14SU3',
  '--publisher',
  'cucm-pub',
  '--subscriber',
  'cucm-sub1',
  '--imp-publisher',
  'imp-pub',
  '--imp-subscriber',
  'imp-sub',
]

async function onboard(sb: Sandbox): Promise<void> {
  // The guide's prerequisites for IM pushes (off on a new cluster), and for Local Push: OAuth with Refresh Login Flow, an SSID.
  for (const p of ['multiple-device-messaging', 'stream-management'])
    await sb.ok(['param', 'messaging', 'set', p, 'Enabled'])
  await sb.ok(['param', 'enterprise', 'set', 'OAuth with Refresh Login Flow', 'Enabled'])
  await sb.ok(['param', 'jabber', 'set', 'LocalPushSSIDList', 'LabWiFi'])
  await sb.ok(['onboarding', 'voucher'])
  await sb.ok(['onboarding', 'save', '--push', 'on', '--manage-certs', 'on'])
  await sb.ok(['utils', 'service', 'restart', 'Cisco Tomcat', '--all-nodes'])
  await sb.ok(['onboarding', 'save'])
  await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service', '--all-nodes'])
  await sb.ok(['utils', 'service', 'restart', 'Cisco XCP Config Manager', '--all-nodes'])
}

const enableHa = async (sb: Sandbox) => {
  await sb.ok(['param', 'service', 'set', 'Cisco XCP Router', 'Push Notifications High Availability', 'Enabled'])
  await sb.ok(['utils', 'service', 'restart', 'Cisco XCP Router', '--all-nodes'])
}

async function users(sb: Sandbox): Promise<void> {
  await sb.ok(['sim', 'client', 'add', 'alice', '--platform', 'ios', '--app', 'jabber', '--node', 'imp-pub'])
  await sb.ok(['sim', 'client', 'add', 'bob', '--platform', 'android', '--app', 'jabber', '--node', 'imp-pub'])
  assert.equal(
    (await sb.ok(['sim', 'message', 'send', 'carol', 'bob', 'first', '--json'])).json().delivery,
    'delivered',
  )
  await sb.ok(['sim', 'client', 'suspend', 'bob'])
  const m = (await sb.ok(['sim', 'message', 'send', 'carol', 'bob', 'second', 'one', '--json'])).json()
  assert.equal(m.delivery, 'queued')
  assert.equal(m.node, 'imp-pub')
  assert.equal(m.push.status, 200, 'the server sends a push instead of the stanza')
}

type Client = {
  user: string
  mode: string
  sessionNode: string | null
  session: string
  queued: number
  held: number
  history: number
  lost: number
  pushesResumeAt: string | null
}

/** Copies a prepared state file into a fresh sandbox (setting a cluster up takes many commands). */
function cloneInto(from: Sandbox): Sandbox {
  const sb = new Sandbox()
  for (const ext of ['', '-wal', '-shm']) if (existsSync(from.db + ext)) copyFileSync(from.db + ext, sb.db + ext)
  return sb
}

describe('IM and Presence failover (Push Notifications High Availability)', function () {
  this.timeout(120_000)
  let base: Sandbox
  let baseOff: Sandbox
  let sb: Sandbox
  before(async () => {
    base = new Sandbox()
    await base.ok(CLUSTER)
    await onboard(base)
    await enableHa(base)
    await users(base)
    baseOff = new Sandbox()
    await baseOff.ok(CLUSTER)
    await onboard(baseOff)
    await baseOff.ok(['utils', 'service', 'restart', 'Cisco XCP Router', '--all-nodes'])
    await users(baseOff)
  })
  after(() => {
    base.remove()
    baseOff.remove()
  })
  afterEach(() => sb?.remove())

  const client = async (user: string) =>
    ((await sb.ok(['sim', 'client', 'list', '--json'])).json().clients as Client[]).find((c) => c.user === user)!
  const alarmNames = async () =>
    ((await sb.ok(['alarms', 'list', '--json'])).json().alarms as Array<{name: string}>).map((a) => a.name)

  it('the starting point: HA in effect on the pair, bob suspended with one unread IM and one in history', async () => {
    sb = cloneInto(base)
    const ha = (await sb.ok(['show', 'imp', 'ha', '--json'])).json()
    assert.equal(ha.ha.effective, true)
    assert.deepEqual(
      ha.pairs.map((p: {primary: string; backup: string}) => [p.primary, p.backup]),
      [['imp-pub', 'imp-sub']],
    )
    const bob = await client('bob')
    assert.deepEqual(
      [bob.mode, bob.sessionNode, bob.session, bob.queued, bob.history, bob.lost],
      ['suspended', 'imp-pub', 'active', 1, 1, 0],
    )
    const st = (await sb.ok(['show', 'status', '--node', 'imp-pub', '--json'])).json()
    assert.deepEqual(st.imSessions, {
      ha: true,
      backup: 'imp-sub',
      sessions: 2,
      recreating: 0,
      failedOver: 0,
      offline: 0,
      queued: 1,
      held: 0,
    })
  })

  it('node failure: the backup takes over, pushes continue from it, IM history kept, the unread queue lost', async () => {
    sb = cloneInto(base)
    const r = (await sb.ok(['sim', 'fault', 'node-down', 'imp-pub', '--json'])).json()
    assert.equal(r.state, 'down')
    assert.equal(r.previous, 'up', 'existing keys unchanged')
    const o = r.imSessions
    assert.deepEqual(
      [o.case, o.failover, o.backup, o.queue, o.history, o.queuedLost, o.users, o.backgroundUsers],
      ['node-failure', true, 'imp-sub', 'lost', 'kept', 1, 2, 1],
    )
    const bob = await client('bob')
    assert.deepEqual([bob.sessionNode, bob.queued, bob.history, bob.lost], ['imp-sub', 0, 1, 1])
    // After the JSM session is recreated, pushes come from the backup node.
    await sb.ok(['sim', 'clock', 'advance', '1s'])
    const push = (await sb.ok(['sim', 'push', '--user', 'bob', '--json'])).json()
    assert.deepEqual([push.status, push.node, push.path, push.kind], [200, 'imp-sub', 'cloud', 'im'])
    const m = (await sb.ok(['sim', 'message', 'send', 'carol', 'bob', 'third', '--json'])).json()
    assert.deepEqual([m.delivery, m.node, m.push.status], ['queued', 'imp-sub', 200])
    // No user action: alice (foreground) keeps working on the backup.
    assert.equal((await sb.ok(['sim', 'message', 'send', 'carol', 'alice', 'hi', '--json'])).json().node, 'imp-sub')
    const res = (await sb.ok(['sim', 'client', 'resume', 'bob', '--json'])).json()
    assert.equal(res.delivered, 1, 'only the message queued on the backup; the lost one stays lost')
    // Issue 20, item 21: the client downloads the waiting messages, with sender and text.
    assert.deepEqual(
      res.messages.map((x: {from: string; text: string}) => [x.from, x.text]),
      [['carol', 'third']],
    )
    assert.equal(res.client.history, 2)
    assert.equal(res.client.lost, 1)
    assert.ok((await alarmNames()).includes('PushHAFailover'))
    assert.ok((await alarmNames()).includes('UnreadQueueLost'))
    const st = (await sb.ok(['show', 'status', '--node', 'imp-sub', '--json'])).json()
    assert.equal(st.imSessions.sessions, 2)
  })

  it('node shutdown: the backup takes over, history kept, the queue comes back after fallback', async () => {
    sb = cloneInto(base)
    const o = (await sb.ok(['sim', 'fault', 'node-shutdown', 'imp-pub', '--json'])).json().imSessions
    assert.deepEqual(
      [o.case, o.failover, o.backup, o.queue, o.history, o.queuedLost, o.queuedKept],
      ['node-shutdown', true, 'imp-sub', 'held-until-fallback', 'kept', 0, 1],
    )
    let bob = await client('bob')
    assert.deepEqual(
      [bob.sessionNode, bob.queued, bob.held, bob.history, bob.lost],
      ['imp-sub', 0, 1, 1, 0],
      'lost temporarily while on the backup',
    )
    await sb.ok(['sim', 'clock', 'advance', '1s'])
    assert.equal((await sb.ok(['sim', 'push', '--user', 'bob', '--json'])).json().node, 'imp-sub')
    const up = (await sb.ok(['sim', 'fault', 'node-up', 'imp-pub', '--json'])).json()
    assert.equal(up.state, 'up')
    assert.deepEqual([up.imSessions.case, up.imSessions.queue, up.imSessions.queuedKept], ['fallback', 'retrieved', 1])
    bob = await client('bob')
    assert.deepEqual([bob.sessionNode, bob.queued, bob.held], ['imp-pub', 1, 0])
    const res = (await sb.ok(['sim', 'client', 'resume', 'bob', '--json'])).json()
    assert.equal(res.delivered, 1)
    assert.deepEqual([res.client.history, res.client.lost], [2, 0])
    assert.ok((await alarmNames()).includes('PushHAFallback'))
  })

  it('Cisco XCP Router crash: the node resumes the session once the router is back; queue lost, history kept', async () => {
    sb = cloneInto(base)
    const r = (await sb.ok(['sim', 'fault', 'service-crash', 'imp-pub', 'Cisco', 'XCP', 'Router', '--json'])).json()
    assert.equal(r.state, 'NOTRUNNING')
    assert.deepEqual(
      [r.imSessions.case, r.imSessions.failover, r.imSessions.queue, r.imSessions.history, r.imSessions.queuedLost],
      ['xcp-router-crash', false, 'lost', 'kept', 1],
    )
    assert.equal((await sb.run(['sim', 'push', '--user', 'bob', '--json'])).json().status, 503)
    assert.equal((await client('bob')).session, 'router-down')
    const st = (await sb.ok(['show', 'status', '--node', 'imp-pub', '--json'])).json()
    assert.equal(st.services.notRunning, 1)
    await sb.ok(['utils', 'service', 'start', 'Cisco XCP Router', '--node', 'imp-pub'])
    const bob = await client('bob')
    assert.deepEqual([bob.sessionNode, bob.session, bob.queued, bob.history, bob.lost], ['imp-pub', 'active', 0, 1, 1])
    assert.equal((await sb.ok(['sim', 'push', '--user', 'bob', '--json'])).json().status, 200)
    assert.ok((await alarmNames()).includes('CriticalServiceDown'))
    assert.ok((await alarmNames()).includes('UnreadQueueLost'))
  })

  it('Cisco XCP Router restart: IM history and the unread queue both kept; the queue is sent when the client logs in', async () => {
    sb = cloneInto(base)
    const r = (
      await sb.ok(['utils', 'service', 'restart', 'Cisco', 'XCP', 'Router', '--node', 'imp-pub', '--json'])
    ).json()
    assert.equal(r.results[0].state, 'STARTED')
    assert.deepEqual(
      r.imSessions.map((o: {case: string; queue: string; history: string; queuedKept: number}) => [
        o.case,
        o.queue,
        o.history,
        o.queuedKept,
      ]),
      [['xcp-router-restart', 'kept', 'kept', 1]],
    )
    assert.equal((await sb.ok(['sim', 'push', '--user', 'bob', '--json'])).json().status, 200)
    const res = (await sb.ok(['sim', 'client', 'resume', 'bob', '--json'])).json()
    assert.deepEqual([res.delivered, res.client.history, res.client.lost], [1, 2, 0])
    assert.deepEqual(
      res.messages.map((x: {from: string; text: string}) => [x.from, x.text]),
      [['carol', 'second one']],
    )
  })

  it('resume prints the messages that were waiting, with sender and text (issue 20, item 21)', async () => {
    sb = cloneInto(base)
    await sb.ok(['sim', 'message', 'send', 'dave', 'bob', 'lunch?'])
    const out = (await sb.ok(['sim', 'client', 'resume', 'bob'])).stdout.split('\n')
    assert.match(out[0], /^bob: foreground, session active on imp-pub; 2 unread message\(s\) delivered/)
    assert.match(out[1], /^  \d{4}-\d\d-\d\dT[\d:.]+Z  carol: second one$/)
    assert.match(out[2], /^  \d{4}-\d\d-\d\dT[\d:.]+Z  dave: lunch\?$/)
  })

  it('HA off: no failover; a failure loses the queue and the history, users are offline until the node is back', async () => {
    sb = cloneInto(baseOff)
    const ha = (await sb.ok(['show', 'imp', 'ha', '--json'])).json()
    assert.equal(ha.ha.effective, false)
    const o = (await sb.ok(['sim', 'fault', 'node-down', 'imp-pub', '--json'])).json().imSessions
    assert.deepEqual(
      [o.case, o.ha, o.failover, o.backup, o.offlineUsers, o.queue, o.history],
      ['node-failure', false, false, null, 2, 'lost', 'lost'],
    )
    const m = (await sb.ok(['sim', 'message', 'send', 'carol', 'alice', 'hi', '--json'])).json()
    assert.equal(m.delivery, 'offline')
    assert.equal((await sb.run(['sim', 'push', '--user', 'bob', '--json'])).json().status, 503)
    assert.ok((await alarmNames()).includes('PushHANoFailover'))
    const up = (await sb.ok(['sim', 'fault', 'node-up', 'imp-pub', '--json'])).json().imSessions
    assert.equal(up.case, 'node-up')
    assert.equal((await client('alice')).session, 'active', 'a foreground client signs in again by itself')
    const bob = await client('bob')
    assert.deepEqual([bob.session, bob.history, bob.lost], ['offline', 0, 1])
    assert.equal((await sb.ok(['sim', 'client', 'resume', 'bob', '--json'])).json().client.session, 'active')
  })

  it('HA off: a graceful shutdown keeps queue and history on the node; delivered when the user signs in after node-up', async () => {
    sb = cloneInto(baseOff)
    const o = (await sb.ok(['sim', 'fault', 'node-shutdown', 'imp-pub', '--json'])).json().imSessions
    assert.deepEqual([o.failover, o.queue, o.history, o.queuedKept], [false, 'held-until-sign-in', 'kept', 1])
    await sb.ok(['sim', 'fault', 'node-up', 'imp-pub'])
    const res = (await sb.ok(['sim', 'client', 'resume', 'bob', '--json'])).json()
    assert.deepEqual([res.delivered, res.client.history], [1, 2])
  })

  it('HA enabled but the XCP Router not restarted since: not in effect, no failover', async () => {
    sb = cloneInto(baseOff)
    await sb.ok(['param', 'service', 'set', 'Cisco XCP Router', 'Push Notifications High Availability', 'Enabled'])
    const ha = (await sb.ok(['show', 'imp', 'ha', '--json'])).json().ha
    assert.equal(ha.enabled, true)
    assert.equal(ha.effective, false)
    assert.match(ha.reason, /not been restarted/)
    assert.equal((await sb.ok(['sim', 'fault', 'node-down', 'imp-pub', '--json'])).json().imSessions.failover, false)
  })

  it('the failover delay on the clock: 7,500 background users take 15 minutes, pushes deferred until then, again on fallback', async () => {
    sb = cloneInto(base)
    await sb.ok(['sim', 'client', 'add', 'load', '--node', 'imp-pub', '--suspended', '--count', '7499'])
    const o = (await sb.ok(['sim', 'fault', 'node-down', 'imp-pub', '--json'])).json().imSessions
    assert.equal(o.backgroundUsers, 7500)
    assert.equal(o.delaySeconds, 900)
    assert.equal(o.pushesResumeAt, '2026-01-05T09:15:00.000Z')
    await sb.ok(['sim', 'clock', 'advance', '14m'])
    const early = await sb.run(['sim', 'push', '--user', 'bob', '--json'])
    assert.equal(early.exitCode, 1)
    assert.equal(early.json().status, 503)
    const m = (await sb.ok(['sim', 'message', 'send', 'carol', 'bob', 'late', '--json'])).json()
    assert.deepEqual([m.delivery, m.push, m.pushDeferredUntil], ['queued', null, '2026-01-05T09:15:00.000Z'])
    assert.equal((await client('bob')).session, 'recreating')
    assert.equal(
      (await sb.ok(['sim', 'client', 'list', '--json'])).json().clients.find((c: Client) => c.user === 'alice').session,
      'active',
      'foreground users: no interruption',
    )
    const adv = (await sb.ok(['sim', 'clock', 'advance', '1m', '--json'])).json()
    const ev = adv.ran.find((e: {kind: string}) => e.kind === 'imp-sessions-ready')
    assert.equal(ev.at, '2026-01-05T09:15:00.000Z')
    assert.match(ev.summary, /7500 background user\(s\) recreated after failover; 1 deferred push\(es\) sent/)
    assert.equal((await sb.ok(['sim', 'push', '--user', 'bob', '--json'])).json().status, 200)
    const up = (await sb.ok(['sim', 'fault', 'node-up', 'imp-pub', '--json'])).json().imSessions
    assert.deepEqual([up.case, up.delaySeconds, up.pushesResumeAt], ['fallback', 900, '2026-01-05T09:30:00.000Z'])
    assert.equal((await sb.run(['sim', 'push', '--user', 'bob', '--json'])).json().status, 503)
  })
})

describe('re-login rate during an HA event (utils imp relogin-rate)', function () {
  this.timeout(60_000)
  let sb: Sandbox
  beforeEach(async () => {
    sb = new Sandbox()
    await sb.ok(CLUSTER)
  })
  afterEach(() => sb.remove())

  it("the guide's example: 7500 / (2075 - 200) = 4 users/sec passes; the defaults fail with the upper limit that would do", async () => {
    const bad = await sb.run(['utils', 'imp', 'relogin-rate', '--node', 'imp-sub', '--users', '7500', '--json'])
    assert.equal(bad.exitCode, 1)
    const b = bad.json()
    assert.deepEqual([b.lowerLimit, b.upperLimit, b.ok, b.requiredUpperLimit], [120, 253, false, 1995])
    assert.match(b.fix, /Client Re-Login Upper Limit.* 1995/)
    await sb.ok(['param', 'service', 'set', 'Cisco XCP Router', 'Client Re-Login Lower Limit', '200'])
    assert.equal(
      (await sb.run(['utils', 'imp', 'relogin-rate', '--node', 'imp-sub', '--users', '7500', '--json'])).json()
        .requiredUpperLimit,
      2075,
    )
    await sb.ok(['param', 'service', 'set', 'Cisco XCP Router', 'Client Re-Login Upper Limit', '2075'])
    const ok = (await sb.ok(['utils', 'imp', 'relogin-rate', '--node', 'imp-sub', '--users', '7500', '--json'])).json()
    assert.deepEqual([ok.windowSeconds, ok.rate, ok.ok], [1875, 4, true])
    assert.equal((await sb.run(['utils', 'imp', 'relogin-rate', '--node', 'imp-sub', '--users', '7501'])).exitCode, 1)
  })

  it("counts the node's simulated clients without --users; refuses Unified CM nodes and bad numbers", async () => {
    await sb.ok(['sim', 'client', 'add', 'u', '--node', 'imp-sub', '--count', '600'])
    const r = await sb.run(['utils', 'imp', 'relogin-rate', '--node', 'imp-sub', '--json'])
    assert.equal(r.exitCode, 1, '600 / 133 > 4')
    assert.deepEqual([r.json().users, r.json().usersFrom], [600, 'clients'])
    assert.equal((await sb.run(['utils', 'imp', 'relogin-rate', '--node', 'cucm-pub'])).exitCode, 1)
    assert.equal((await sb.run(['utils', 'imp', 'relogin-rate', '--node', 'imp-sub', '--users', 'many'])).exitCode, 2)
  })
})

describe('calls: Unified CM groups, the active node and Local Push failover', function () {
  this.timeout(60_000)
  let sb: Sandbox
  afterEach(() => sb.remove())

  async function calls(version: string, extra: string[] = []) {
    sb = new Sandbox()
    await sb.ok([
      'cluster',
      'create',
      'c',
      '--version',
      version,
      '--publisher',
      'cucm-pub',
      '--subscriber',
      'cucm-sub1',
      '--subscriber',
      'cucm-sub2',
      '--imp-publisher',
      'imp-pub',
      ...extra,
    ])
    if (version.startsWith('11.5')) await sb.ok(['license', 'sync'])
    await onboard(sb)
    const g = (
      await sb.ok(['cluster', 'group', 'set', 'G1', '--nodes', 'cucm-pub,cucm-sub1,cucm-sub2', '--json'])
    ).json()
    assert.deepEqual(g.nodes, ['cucm-pub', 'cucm-sub1', 'cucm-sub2'])
    await sb.ok(['cluster', 'device-pool', 'set', 'DP-HQ', '--group', 'G1'])
  }

  it('a group lists up to three Unified CM nodes', async () => {
    sb = new Sandbox()
    await sb.ok([
      'cluster',
      'create',
      'c',
      '--version',
      '14SU3',
      '--publisher',
      'a',
      '--subscriber',
      'b',
      '--subscriber',
      'c2',
      '--subscriber',
      'd',
      '--imp-publisher',
      'i',
    ])
    assert.equal((await sb.run(['cluster', 'group', 'set', 'G', '--nodes', 'a,b,c2,d'])).exitCode, 2)
    assert.equal((await sb.run(['cluster', 'group', 'set', 'G', '--nodes', 'a,i'])).exitCode, 2)
    assert.equal((await sb.run(['cluster', 'device-pool', 'set', 'DP', '--group', 'nope'])).exitCode, 2)
  })

  it('12.5(1)SU3 and later: with the primary down the push names the backup as the active node', async () => {
    await calls('14SU3')
    await sb.ok([
      'sim',
      'client',
      'add',
      'dave',
      '--app',
      'jabber',
      '--platform',
      'android',
      '--node',
      'imp-pub',
      '--device-pool',
      'DP-HQ',
    ])
    assert.equal((await sb.ok(['sim', 'push', '--user', 'dave', '--json'])).json().activeNode, 'cucm-pub')
    await sb.ok(['sim', 'fault', 'node-down', 'cucm-pub'])
    const p = (await sb.ok(['sim', 'push', '--user', 'dave', '--json'])).json()
    assert.deepEqual([p.status, p.path, p.activeNode, p.primaryNode], [200, 'cloud', 'cucm-sub1', 'cucm-pub'])
    await sb.ok(['sim', 'fault', 'node-down', 'cucm-sub1'])
    assert.equal((await sb.ok(['sim', 'push', '--user', 'dave', '--json'])).json().activeNode, 'cucm-sub2')
  })

  it('before 12.5(1)SU3 the push has no active node', async () => {
    await calls('11.5(1)SU8', ['--licensing', 'plm'])
    await sb.ok([
      'sim',
      'client',
      'add',
      'dave',
      '--app',
      'jabber',
      '--platform',
      'ios',
      '--node',
      'imp-pub',
      '--device-pool',
      'DP-HQ',
    ])
    await sb.ok(['sim', 'fault', 'node-down', 'cucm-pub'])
    const p = (await sb.ok(['sim', 'push', '--user', 'dave', '--json'])).json()
    assert.equal(p.status, 200)
    assert.equal(p.activeNode, undefined)
    assert.match(p.detail, /does not name the active node/)
  })

  it('Local Push (14SU3, iOS, not MRA) fails over to the next node of the group and does not fall back', async () => {
    await calls('14SU3')
    await sb.ok([
      'sim',
      'client',
      'add',
      'carol',
      '--app',
      'webex',
      '--platform',
      'ios',
      '--device-pool',
      'DP-HQ',
      '--ssid',
      'LabWiFi',
    ])
    await sb.ok([
      'sim',
      'client',
      'add',
      'erin',
      '--app',
      'webex',
      '--platform',
      'ios',
      '--device-pool',
      'DP-HQ',
      '--mra',
    ])
    let p = (await sb.ok(['sim', 'push', '--user', 'carol', '--json'])).json()
    assert.deepEqual([p.path, p.lpnsNode, p.lpnsFailover], ['local', 'cucm-pub', false])
    // MRA users get the cloud path through Expressway: MRA on, the CA chain in tomcat-trust (Certificate Prerequisites).
    assert.equal((await sb.run(['sim', 'push', '--user', 'erin', '--json'])).json().condition, 'expressway-mra')
    await sb.ok(['expressway', 'set', 'mra', 'on'])
    await sb.ok(['cert', 'upload', 'tomcat-trust', 'Root-CA.pem', '--all-nodes'])
    await sb.ok(['expressway', 'trust', 'add', '--node-certs'])
    assert.equal((await sb.ok(['sim', 'push', '--user', 'erin', '--json'])).json().path, 'cloud', 'MRA: no Local Push')
    await sb.ok(['sim', 'fault', 'service-crash', 'cucm-pub', 'Cisco Local Push Notification Service'])
    p = (await sb.ok(['sim', 'push', '--user', 'carol', '--json'])).json()
    assert.deepEqual([p.path, p.lpnsNode, p.lpnsFailover, p.activeNode], ['local', 'cucm-sub1', true, 'cucm-pub'])
    await sb.ok(['utils', 'service', 'start', 'Cisco Local Push Notification Service', '--node', 'cucm-pub'])
    p = (await sb.ok(['sim', 'push', '--user', 'carol', '--json'])).json()
    assert.equal(p.lpnsNode, 'cucm-sub1', 'no fallback while the session holds')
    const msg = (await sb.ok(['sim', 'message', 'send', 'bob', 'carol', 'hi', '--json'])).json()
    assert.equal(msg.delivery, 'webex-cloud')
  })
})
