import assert from 'node:assert/strict'

import {Sandbox, callsLab, simClient} from '../helpers.js'

/**
 * Issue 12: what a suspended Jabber or Webex user experiences, row by row of the guide's "Push Notifications
 * Behavior", "Apple Push Notification", "iOS13 Push Notification (China Region)", "Multiple Device Messaging",
 * "Voice calls" and "How Local Push Connectivity Works".
 */

async function lab(sb: Sandbox, version = '14SU3'): Promise<void> {
  await callsLab(sb, version)
  await sb.ok([
    'sim',
    'client',
    'add',
    'bob',
    '--node',
    'imp-pub',
    '--device-pool',
    'DP',
    '--number',
    '1001',
    '--display-name',
    'Bob Smith',
  ])
}

const call = async (sb: Sandbox, args: string[]) => (await sb.ok(['sim', 'call', ...args, '--json'])).json()
const client = simClient
const events = (r: {events: Array<{event: string}>}) => r.events.map((e) => e.event)

describe('calls and clients (issue 12)', function () {
  this.timeout(120_000)
  let sb: Sandbox
  before(async () => {
    sb = new Sandbox()
    await lab(sb)
  })
  after(() => sb.remove())

  it('Push Notifications Behavior, foreground: the call comes over SIP; the push sent alongside is not used', async () => {
    await sb.ok(['sim', 'client', 'add', 'fred', '--node', 'imp-pub', '--device-pool', 'DP'])
    const r = await call(sb, ['bob', 'fred'])
    assert.deepEqual(
      [r.path, r.outcome, r.offeredAfterSeconds, r.push.status, r.push.used],
      ['sip', 'answered', 0, 200, false],
    )
    assert.ok(events(r).includes('sip-invite'))
    assert.equal(r.ringbackAfterSeconds, undefined)
    assert.equal(r.droppedAfterSeconds, undefined)
    // Messages in foreground: delivered directly, no push.
    const m = (await sb.ok(['sim', 'message', 'send', 'bob', 'fred', 'hi', '--json'])).json()
    assert.deepEqual([m.delivery, m.push], ['delivered', null])
  })

  it('background, iOS 13+: VoIP push, CallKit with caller ID, re-registration to the node the push names, then the INVITE; in the CPNS trace', async () => {
    await sb.ok(['sim', 'client', 'add', 'alice', '--node', 'imp-pub', '--device-pool', 'DP', '--suspended'])
    const r = await call(sb, ['bob', 'alice'])
    assert.deepEqual([r.path, r.outcome, r.channel, r.callKit], ['cloud', 'answered', 'voip', true])
    assert.match(r.display, /CallKit incoming video call: Bob Smith \(1001\)/)
    assert.deepEqual(
      [r.push.status, r.push.used, r.registration.node, r.registration.named],
      [200, true, 'cucm-pub', true],
    )
    assert.deepEqual(events(r).slice(0, 6), [
      'invite',
      'push-sent',
      'push-received',
      'display',
      'registered',
      'sip-invite',
    ])
    assert.equal(r.ringbackAfterSeconds, undefined, 'offered within 5 s')
    const tail = (await sb.ok(['file', 'tail', 'activelog', 'cm/trace/ccmpns/log4j/', '--lines', '40'])).stdout
    assert.match(tail, /call bob -> alice \+2s display: CallKit incoming video call/)
    assert.match(tail, /registered: alice registered to cucm-pub \(named in the push\)/)
  })

  it('background messages: the message channel; presence Away while suspended, Available in foreground', async () => {
    assert.equal((await client(sb, 'alice')).presence, 'Away')
    const m = (await sb.ok(['sim', 'message', 'send', 'bob', 'alice', 'lunch?', '--json'])).json()
    assert.deepEqual([m.delivery, m.push.status, m.push.channel, m.push.callKit], ['queued', 200, 'message', false])
    assert.match(m.push.display, /new message from bob/)
    const p = (await sb.ok(['sim', 'push', '--user', 'alice', '--json'])).json()
    assert.deepEqual([p.channel, p.callKit], ['voip', true], 'sim push --user: a call push (device pool)')
    await sb.ok(['sim', 'client', 'resume', 'alice'])
    assert.equal((await client(sb, 'alice')).presence, 'Available')
    await sb.ok(['sim', 'client', 'suspend', 'alice'])
  })

  it('Voice calls and missed calls: no ringback in 5 s → ringing on the caller; not offered in 13 s → dropped and a missed-call push', async () => {
    await sb.ok(['sim', 'fault', 'unreachable', 'push.webexconnect.com'])
    const r = await call(sb, ['bob', 'alice'])
    await sb.ok(['sim', 'fault', 'reachable', 'push.webexconnect.com'])
    assert.deepEqual(
      [r.outcome, r.ringbackAfterSeconds, r.droppedAfterSeconds, r.push.status, r.push.hop],
      ['dropped', 5, 13, 504, 'push-rest'],
    )
    assert.deepEqual(events(r).slice(-2), ['ringback-timer', 'dropped'])
    assert.equal(Date.parse(r.events.at(-1).at) - Date.parse(r.events[0].at), 13_000, 'on the simulated clock')
  })

  it('Apple Push: the caller hangs up → a second (missed-call) push; a shared line answers → a second push saying so', async () => {
    const hung = await call(sb, ['bob', 'alice', '--no-answer', '--hang-up-after', '20'])
    assert.deepEqual([hung.outcome, hung.secondPush.kind, hung.secondPush.status], ['caller-hung-up', 'missed', 200])
    assert.match(hung.secondPush.display, /Missed call from Bob Smith \(1001\)/)
    const shared = await call(sb, ['bob', 'alice', '--answer-on', 'fred', '--answer-after', '3'])
    assert.deepEqual(
      [shared.outcome, shared.secondPush.kind, shared.answeredAfterSeconds],
      ['answered-elsewhere', 'answered-elsewhere', 3],
    )
    assert.match(shared.secondPush.display, /answered on another device/)
  })

  it('External Presentation Name and Number are shown where configured (14)', async () => {
    await sb.ok([
      'sim',
      'client',
      'add',
      'desk',
      '--node',
      'imp-pub',
      '--device-pool',
      'DP',
      '--number',
      '2001',
      '--external-name',
      'ACME Support',
      '--external-number',
      '+18005550100',
    ])
    const r = await call(sb, ['desk', 'alice'])
    assert.deepEqual(r.callerId, {name: 'ACME Support', number: '+18005550100', external: true})
    assert.match(r.display, /ACME Support \(\+18005550100\)/)
  })

  it('China region (iOS, 12.5(1)SU3+, Jabber 12.9 MR): no CallKit, a toast with caller ID; not tapped in 13 s → missed call', async () => {
    const old = await sb.run([
      'sim',
      'client',
      'add',
      'li',
      '--node',
      'imp-pub',
      '--device-pool',
      'DP',
      '--region',
      'china',
      '--version',
      '12.8',
      '--json',
    ])
    assert.equal(old.exitCode, 2)
    assert.match(old.json().error.message, /12\.9 MR/)
    assert.equal(await client(sb, 'li'), undefined, 'nothing added')
    assert.equal(
      (await sb.run(['sim', 'client', 'add', 'li', '--node', 'imp-pub', '--platform', 'android', '--region', 'china']))
        .exitCode,
      2,
    )
    await sb.ok([
      'sim',
      'client',
      'add',
      'li',
      '--node',
      'imp-pub',
      '--device-pool',
      'DP',
      '--region',
      'china',
      '--version',
      '12.9',
      '--suspended',
    ])
    const tapped = await call(sb, ['bob', 'li', '--answer-after', '3'])
    assert.deepEqual([tapped.outcome, tapped.callKit, tapped.channel], ['answered', false, 'voip'])
    assert.match(tapped.display, /Message toast: incoming call from Bob Smith \(1001\)/)
    assert.ok(events(tapped).includes('tap'))
    const missed = await call(sb, ['bob', 'li', '--answer-after', '20'])
    assert.deepEqual(
      [missed.outcome, missed.droppedAfterSeconds, missed.secondPush.kind, missed.secondPush.channel],
      ['dropped', 13, 'missed', 'message'],
    )
  })

  it('Multiple Device Messaging: desktop active → no push to mobile; over 300 s inactive, mobile last active, or signed out → push', async () => {
    await sb.ok(['sim', 'client', 'add', 'al', '--app', 'jabber', '--platform', 'windows'])
    await sb.ok(['sim', 'client', 'add', 'al', '--node', 'imp-pub', '--device-pool', 'DP', '--suspended'])
    await sb.ok(['sim', 'client', 'active', 'al', '--device', 'windows'])
    const list = (await sb.ok(['sim', 'client', 'list', '--json'])).json()
    assert.deepEqual(
      list.desktops.map((d: {user: string; platform: string}) => [d.user, d.platform]),
      [['al', 'windows']],
    )
    const send = async () => (await sb.ok(['sim', 'message', 'send', 'bob', 'al', 'ping', '--json'])).json()
    let m = await send()
    assert.deepEqual([m.delivery, m.push, m.mdm.rule, m.mdm.pushToMobile], ['delivered', null, 'desktop-active', false])
    await sb.ok(['sim', 'clock', 'advance', '301s'])
    m = await send()
    assert.deepEqual([m.mdm.rule, m.push.status, m.push.channel], ['desktop-inactive', 200, 'message'])
    await sb.ok(['sim', 'client', 'active', 'al', '--device', 'windows'])
    await sb.ok(['sim', 'clock', 'advance', '10s'])
    await sb.ok(['sim', 'client', 'active', 'al', '--device', 'ios'])
    assert.equal((await send()).mdm.rule, 'mobile-last-active')
    await sb.ok(['sim', 'client', 'active', 'al', '--device', 'windows'])
    assert.equal((await send()).mdm.rule, 'desktop-active')
    // Windows + iOS: a user in an active call gets the push on iOS.
    const c = await call(sb, ['al', 'bob', '--duration', '120'])
    assert.equal(c.outcome, 'answered')
    await sb.ok(['sim', 'client', 'active', 'al', '--device', 'windows'])
    assert.equal((await send()).mdm.rule, 'windows-ios-in-call')
    await sb.ok(['sim', 'clock', 'advance', '3m'])
    await sb.ok(['sim', 'client', 'active', 'al', '--device', 'windows'])
    assert.equal((await send()).mdm.rule, 'desktop-active', 'the call is over')
    await sb.ok(['sim', 'client', 'sign-out', 'al', '--device', 'windows'])
    assert.equal((await send()).mdm.rule, 'desktop-signed-out')
  })

  it('Stopping Push Notifications: a user who signs out gets no more pushes; presence Offline', async () => {
    await sb.ok(['sim', 'client', 'add', 'sam', '--node', 'imp-pub', '--device-pool', 'DP', '--suspended'])
    await sb.ok(['sim', 'client', 'sign-out', 'sam'])
    assert.equal((await client(sb, 'sam')).presence, 'Offline')
    const p = await sb.run(['sim', 'push', '--user', 'sam', '--json'])
    assert.deepEqual([p.exitCode, p.json().status], [1, 410])
    assert.equal((await sb.ok(['sim', 'message', 'send', 'bob', 'sam', 'hi', '--json'])).json().delivery, 'offline')
    const r = await call(sb, ['bob', 'sam'])
    assert.deepEqual([r.outcome, r.push], ['unavailable', null])
    await sb.ok(['sim', 'client', 'sign-in', 'sam'])
    assert.equal((await call(sb, ['bob', 'sam'])).outcome, 'answered')
  })

  it('Local Push: an SSID is provisioned only as written (one rule for the session and the condition table)', async () => {
    await sb.ok([
      'sim',
      'client',
      'add',
      'dana',
      '--app',
      'webex',
      '--device-pool',
      'DP',
      '--suspended',
      '--ssid',
      'labwifi',
    ])
    const lp = (await client(sb, 'dana')).localPush
    assert.notEqual(lp?.state, 'open', JSON.stringify(lp))
    assert.match(
      JSON.stringify(await client(sb, 'dana')),
      /"problem":"SSID labwifi is not in LocalPushSSIDList \(LabWiFi;Ward2\)"/,
    )
    await sb.ok(['sim', 'client', 'delete', 'dana'])
  })

  it('Local Push: a session on a provisioned SSID carries the call (LPNS trace); off Wi-Fi no keepalive in 120 s → 401, later calls via APNS', async () => {
    await sb.ok([
      'sim',
      'client',
      'add',
      'carol',
      '--app',
      'webex',
      '--device-pool',
      'DP',
      '--suspended',
      '--ssid',
      'LabWiFi',
    ])
    let lp = (await client(sb, 'carol')).localPush
    assert.deepEqual([lp.state, lp.port, lp.node], ['open', 9560, 'cucm-pub'])
    const r = await call(sb, ['bob', 'carol'])
    assert.deepEqual([r.path, r.push.path, r.callKit, r.outcome], ['local', 'local', true, 'answered'])
    assert.match(
      (await sb.ok(['file', 'tail', 'activelog', 'cm/trace/lpns/log4j/', '--lines', '30'])).stdout,
      /call bob -> carol \+0s local-push/,
    )
    await sb.ok(['sim', 'clock', 'advance', '10m'])
    lp = (await client(sb, 'carol')).localPush
    assert.equal(Date.parse(lp.nextKeepaliveAt) - Date.parse(lp.lastKeepaliveAt), 120_000, 'a keepalive every 120 s')
    await sb.ok(['sim', 'client', 'wifi', 'carol', 'off'])
    const last = Date.parse((await client(sb, 'carol')).localPush.lastKeepaliveAt)
    assert.equal(
      (await client(sb, 'carol')).localPush.state,
      'open',
      'not yet: the server waits 120 s from the last keepalive',
    )
    // Issue 20, item 20: while the LPNS still holds the session, a call tries the WebSocket first, fails, falls back to APNS.
    const during = await call(sb, ['bob', 'carol'])
    const ev = events(during)
    assert.deepEqual([during.path, during.push.path, during.push.status], ['cloud', 'cloud', 200])
    assert.ok(
      ev.includes('local-push-failed') && ev.indexOf('local-push-failed') < ev.indexOf('push-sent'),
      ev.join(' '),
    )
    assert.match(
      (await sb.ok(['file', 'tail', 'activelog', 'cm/trace/lpns/log4j/', '--lines', '40'])).stdout,
      /Local push to carol over WebSocket \(9560\): failed, the device left the Wi-Fi/,
    )
    await sb.ok(['sim', 'clock', 'advance', '2m'])
    lp = (await client(sb, 'carol')).localPush
    assert.deepEqual([lp.state, lp.status], ['closed', 401])
    assert.equal(Date.parse(lp.closedAt) - last, 120_000, 'closed 120 s after the last keepalive')
    assert.match(
      (await sb.ok(['file', 'tail', 'activelog', 'cm/trace/lpns/log4j/'])).stdout,
      /closed with 401 Unauthorized/,
    )
    assert.equal((await call(sb, ['bob', 'carol'])).path, 'cloud', 'later calls go through APNS')
    await sb.ok(['sim', 'client', 'wifi', 'carol', 'Ward2'])
    assert.equal((await client(sb, 'carol')).localPush.state, 'open', 'back on a provisioned Wi-Fi')
    await sb.ok(['sim', 'client', 'wifi', 'carol', 'GuestNet'])
    lp = (await client(sb, 'carol')).localPush
    assert.deepEqual([lp.state, lp.status], ['closed', null], 'an unprovisioned SSID closes it')
    assert.match(lp.reason, /non-provisioned/)
  })

  it('Local Push: an expired OAuth token closes the session with 401; log off and device deletion close it too', async () => {
    await sb.ok([
      'sim',
      'client',
      'add',
      'dora',
      '--app',
      'webex',
      '--device-pool',
      'DP',
      '--suspended',
      '--ssid',
      'LabWiFi',
    ])
    await sb.ok(['sim', 'clock', 'advance', '61d'])
    const lp = (await client(sb, 'dora')).localPush
    assert.deepEqual([lp.state, lp.status], ['closed', 401])
    assert.match(lp.reason, /OAuth refresh token expired/)
    await sb.ok(['sim', 'client', 'sign-in', 'dora'])
    assert.equal((await client(sb, 'dora')).localPush.state, 'open')
    await sb.ok(['sim', 'client', 'sign-out', 'dora'])
    assert.deepEqual(
      [(await client(sb, 'dora')).localPush.state, (await client(sb, 'dora')).localPush.reason],
      ['closed', 'the user logged off'],
    )
    await sb.ok(['sim', 'client', 'sign-in', 'dora'])
    await sb.ok(['sim', 'client', 'delete', 'dora', '--device', 'ios'])
    assert.equal(await client(sb, 'dora'), undefined)
    assert.match(
      (await sb.ok(['file', 'tail', 'activelog', 'cm/trace/lpns/log4j/'])).stdout,
      /WebSocket session of dora closed: the device was deleted/,
    )
  })

  it('an MRA call: the push goes through the cloud and rings; the Expressway problem fails the re-registration, not CPNS (issue 20, item 8)', async () => {
    await sb.ok(['sim', 'client', 'add', 'mara', '--node', 'imp-pub', '--device-pool', 'DP', '--mra', '--suspended'])
    const alarmsBefore = (await sb.ok(['alarms', 'list', '--json']))
      .json()
      .alarms.filter((a: {name: string}) => a.name === 'PushNotificationSendFailed').length
    const r = await call(sb, ['bob', 'mara'])
    assert.deepEqual(
      [r.path, r.outcome, r.push.condition, r.push.hop, r.callKit],
      ['cloud', 'dropped', 'expressway-mra', 'expressway-c', true],
    )
    const ev = events(r)
    for (const e of ['push-sent', 'push-received', 'display', 'registration-failed', 'dropped'])
      assert.ok(ev.includes(e), `${e} in ${ev.join(' ')}`)
    assert.ok(!ev.includes('push-failed'))
    assert.match(r.detail, /could not re-register through Expressway: expressway-mra/)
    const trace = (
      await sb.ok(['file', 'tail', 'activelog', 'cm/trace/ccmpns/log4j/', '--node', r.activeNode, '--lines', '40'])
    ).stdout
    assert.match(trace, /Push notification sent to ios for mara: 200 OK/)
    assert.doesNotMatch(trace, /Push notification to ios failed at expressway-c/)
    const alarmsAfter = (await sb.ok(['alarms', 'list', '--json']))
      .json()
      .alarms.filter((a: {name: string}) => a.name === 'PushNotificationSendFailed').length
    assert.equal(alarmsAfter, alarmsBefore, 'not a CPNS send failure: no PushNotificationSendFailed alarm')
    const p = (await sb.run(['sim', 'push', '--user', 'mara', '--json'])).json()
    assert.deepEqual([p.status, p.condition, p.afterPush], [502, 'expressway-mra', true])
    // Fixed in Expressway: the same call is answered.
    await sb.ok(['expressway', 'set', 'mra', 'on'])
    await sb.ok(['cert', 'upload', 'tomcat-trust', 'Root-CA.pem', '--all-nodes'])
    await sb.ok(['expressway', 'trust', 'add', '--node-certs'])
    assert.equal((await call(sb, ['bob', 'mara'])).outcome, 'answered')
    await sb.ok(['sim', 'client', 'delete', 'mara'])
    await sb.ok(['expressway', 'set', 'mra', 'off'])
  })

  it('sim call from anyone: a number (desk phone, PSTN) or a name that is not a simulated client can call (issue 20, item 22)', async () => {
    const pstn = await call(sb, ['+14085550100', 'alice'])
    assert.deepEqual([pstn.caller, pstn.callerId.number, pstn.outcome], ['+14085550100', '+14085550100', 'answered'])
    assert.match(pstn.display, /\+14085550100/)
    const desk = await call(sb, ['Front Desk', 'alice'])
    assert.deepEqual(
      [desk.caller, desk.callerId.name, desk.callerId.number, desk.outcome],
      ['Front Desk', 'Front Desk', null, 'answered'],
    )
    const r = await sb.run(['sim', 'call', 'ghost', 'nobody'])
    assert.equal(r.exitCode, 2, 'the callee must still be a simulated client')
  })

  it('bad input: unknown users, devices, regions, versions, negative or non-numeric seconds: exit 2, one line, nothing changed', async () => {
    const before = (await sb.ok(['sim', 'client', 'list', '--json'])).stdout
    const clock = (await sb.ok(['sim', 'clock'])).stdout
    for (const args of [
      ['sim', 'call', '<script>', 'alice'],
      ['sim', 'call', 'bob', 'nobody'],
      ['sim', 'call', 'bob', 'alice', '--answer-after', '-3'],
      ['sim', 'call', 'bob', 'alice', '--answer-after', 'soon'],
      ['sim', 'call', 'bob', 'alice', '--no-answer', '--answer-after', '2'],
      ['sim', 'call', 'bob', 'alice', '--answer-on', 'nobody'],
      ['sim', 'client', 'add', 'zed', '--node', 'imp-pub', '--region', 'mars'],
      ['sim', 'client', 'add', 'zed', '--node', 'imp-pub', '--version', 'x.y'],
      ['sim', 'client', 'add', 'zed', '--app', 'webex', '--version', '39.0'],
      ['sim', 'client', 'active', 'alice', '--device', 'toaster'],
      ['sim', 'client', 'active', 'alice', '--device', 'windows'],
      ['sim', 'client', 'wifi', 'nobody', 'LabWiFi'],
      ['sim', 'client', 'wifi', 'alice', 'Guest WiFi'],
    ]) {
      const r = await sb.run(args)
      assert.equal(r.exitCode, 2, `${args.join(' ')}: ${r.stderr}`)
      assert.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: one line`)
    }
    assert.equal((await sb.ok(['sim', 'client', 'list', '--json'])).stdout, before)
    assert.equal((await sb.ok(['sim', 'clock'])).stdout, clock)
  })
})

describe('calls before 12.5(1)SU3 (issue 12)', function () {
  this.timeout(60_000)
  let sb: Sandbox
  after(() => sb.remove())

  it('the push does not name the active node: with the primary down the client hunts its device pool, longer than 5 s', async () => {
    sb = new Sandbox()
    await lab(sb, '11.5(1)SU8')
    await sb.ok(['sim', 'client', 'add', 'alice', '--node', 'imp-pub', '--device-pool', 'DP', '--suspended'])
    await sb.ok(['sim', 'fault', 'node-down', 'cucm-pub'])
    const r = await call(sb, ['bob', 'alice'])
    assert.deepEqual(
      [r.outcome, r.registration.named, r.registration.tried, r.registration.node],
      ['answered', false, ['cucm-pub', 'cucm-sub1'], 'cucm-sub1'],
    )
    assert.equal(r.ringbackAfterSeconds, 5)
    assert.ok(r.offeredAfterSeconds > 5 && r.offeredAfterSeconds <= 13)
    assert.equal(r.callerId.external, false)
    // Android (FCM) needs 12.5(1)SU3: the push is refused, the device never offers the call.
    await sb.ok([
      'sim',
      'client',
      'add',
      'andy',
      '--node',
      'imp-pub',
      '--device-pool',
      'DP',
      '--platform',
      'android',
      '--suspended',
    ])
    const a = await call(sb, ['bob', 'andy'])
    assert.deepEqual(
      [a.push.status, a.push.condition, a.outcome, a.droppedAfterSeconds],
      [501, 'release-android', 'dropped', 13],
    )
  })
})
