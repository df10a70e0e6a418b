import assert from 'node:assert/strict'

import {
  DESKTOP_INACTIVE_S,
  DROP_AFTER_S,
  KEEPALIVE_S,
  LPNS_PORT,
  RINGBACK_AFTER_S,
  type ClientSpec,
  callShown,
  callerIdFor,
  checkClientSpec,
  lpnsClientProblem,
  mdmDecision,
  messageShown,
  secondPushShown,
} from '../../src/features/paths/calls/rules.js'
import {parseRelease} from '../../src/features/world/cluster/releases.js'
import {specOf} from '../../src/cli/base.js'
import {parseInput} from '../../src/run/parse.js'
import SimCall from '../../src/commands/sim/call.js'

const ios = (over: Partial<ClientSpec> = {}): ClientSpec => ({
  app: 'jabber',
  platform: 'ios',
  version: '15.0',
  os: '17',
  region: 'global',
  ...over,
})
const bob = {user: 'bob', displayName: 'Bob Smith', number: '1001', externalName: null, externalNumber: null}
const refused = (s: ClientSpec, re: RegExp) =>
  assert.throws(
    () => checkClientSpec(s),
    (e: any) => e.exitCode === 2 && re.test(e.message),
  )

describe("calls and clients: the guide's rules", () => {
  it("the guide's numbers: ringback after 5 s, dropped after 13 s, desktop inactive over 300 s, keepalive 120 s, port 9560", () => {
    assert.deepEqual(
      [RINGBACK_AFTER_S, DROP_AFTER_S, DESKTOP_INACTIVE_S, KEEPALIVE_S, LPNS_PORT],
      [5, 13, 300, 120, 9560],
    )
  })

  it('support matrix: too-old clients are refused naming the minimum; China is iOS only and needs Jabber 12.9 MR / Webex App 41.4', () => {
    refused(ios({version: '11.8'}), /minimum is 11\.9/)
    refused(ios({app: 'webex', version: '40.5'}), /minimum is 40\.6/)
    refused(ios({platform: 'android', version: '12.9'}), /minimum is 12\.9\.1/)
    refused(ios({platform: 'android', app: 'webex', version: '40.7', os: '14'}), /minimum is 40\.8/)
    refused(ios({platform: 'android', os: '7.1'}), /Android 8\.0/)
    refused(ios({region: 'china', version: '12.8'}), /Cisco Jabber 12\.9 MR/)
    refused(ios({region: 'china', app: 'webex', version: '41.3'}), /Webex App 41\.4/)
    refused(ios({region: 'china', platform: 'android', os: '14'}), /iOS devices only/)
    assert.throws(
      () => checkClientSpec(ios({version: 'twelve'})),
      (e: any) => e.exitCode === 2,
    )
    checkClientSpec(ios({region: 'china', version: '12.9'}))
    checkClientSpec(ios({region: 'china', version: '12.9 MR'}))
    checkClientSpec(ios({platform: 'android', version: '12.9.1', os: '8.0'}))
  })

  it('iOS 13 and later with a CallKit client: VoIP channel, CallKit with caller ID (as a video call)', () => {
    const s = callShown(parseRelease('14SU3'), ios(), callerIdFor(parseRelease('14SU3'), bob), false)
    assert.deepEqual([s.channel, s.callKit, s.shown, s.autoRegister], ['voip', true, true, true])
    assert.match(s.display, /CallKit incoming video call: Bob Smith \(1001\)/)
    assert.equal(messageShown(ios(), 'bob').channel, 'message', 'messages: the separate message channel')
  })

  it('External Presentation Name and Number where configured and the release supports it (12.5(1)SU3, 14), else the original', () => {
    const ext = {...bob, externalName: 'ACME Support', externalNumber: '+18005550100'}
    assert.deepEqual(callerIdFor(parseRelease('12.5(1)SU3'), ext), {
      name: 'ACME Support',
      number: '+18005550100',
      external: true,
    })
    assert.deepEqual(callerIdFor(parseRelease('11.5(1)SU8'), ext), {name: 'Bob Smith', number: '1001', external: false})
    assert.deepEqual(callerIdFor(parseRelease('14SU3'), bob), {name: 'Bob Smith', number: '1001', external: false})
  })

  it('iOS 12 devices use the single push channel; Jabber 12.8 and earlier registers and shows the call in the app (no CallKit)', () => {
    const r = parseRelease('12.5(1)SU3')
    const id = callerIdFor(r, bob)
    const twelve = callShown(r, ios({os: '12', version: '12.8'}), id, false)
    assert.deepEqual([twelve.channel, twelve.callKit], ['single', false])
    assert.equal(messageShown(ios({os: '12'}), 'bob').channel, 'single')
    assert.equal(
      callShown(parseRelease('14SU3'), ios({os: '12', version: '12.8'}), id, false).shown,
      false,
      '14SU3: iOS 12 "No support"',
    )
    const old = callShown(r, ios({version: '12.8'}), id, false)
    assert.deepEqual([old.channel, old.callKit, old.autoRegister], ['voip', false, true])
    assert.match(old.display, /registers and shows the call/)
  })

  it('Mainland China: no CallKit, a message toast with caller ID, tap to answer; nothing before 12.5(1)SU3', () => {
    const r = parseRelease('12.5(1)SU3')
    const s = callShown(r, ios({region: 'china', version: '12.9'}), callerIdFor(r, bob), false)
    assert.deepEqual([s.channel, s.callKit, s.tapToAnswer, s.autoRegister], ['voip', false, true, false])
    assert.match(s.display, /Message toast: incoming call from Bob Smith \(1001\)/)
    const old = callShown(
      parseRelease('11.5(1)SU8'),
      ios({region: 'china', version: '12.9'}),
      callerIdFor(r, bob),
      false,
    )
    assert.equal(old.shown, false)
    assert.match(
      secondPushShown(ios({region: 'china'}), callerIdFor(r, bob), 'missed').display,
      /Missed call from Bob Smith/,
    )
  })

  it('Android: the VoIP (FCM) push with caller ID, no CallKit', () => {
    const r = parseRelease('12.5(1)SU3')
    const s = callShown(r, ios({platform: 'android', os: '14'}), callerIdFor(r, bob), false)
    assert.deepEqual([s.channel, s.callKit], ['voip', false])
    assert.match(s.display, /Bob Smith \(1001\)/)
  })

  it('Multiple Device Messaging: mobile last active, desktop inactive over 300 s, desktop signed out; Windows + iOS in an active call', () => {
    const t = 1_000_000
    const desk = (lastActiveAt: number, signedIn = true, platform: 'windows' | 'mac' = 'windows') => [
      {platform, signedIn, lastActiveAt},
    ]
    assert.equal(mdmDecision(t, {platform: 'ios', lastActiveAt: t - 10_000}, [], false).rule, 'mobile-only')
    assert.deepEqual(
      Object.values(mdmDecision(t, {platform: 'ios', lastActiveAt: t - 10_000}, desk(t - 5000), false)).slice(0, 2),
      [false, 'desktop-active'],
    )
    assert.deepEqual(
      Object.values(mdmDecision(t, {platform: 'ios', lastActiveAt: t - 1000}, desk(t - 5000), false)).slice(0, 2),
      [true, 'mobile-last-active'],
    )
    assert.equal(
      mdmDecision(t, {platform: 'ios', lastActiveAt: t - 400_000}, desk(t - 300_000), false).pushToMobile,
      false,
      'exactly 300 s is not over 300 s',
    )
    assert.deepEqual(
      Object.values(mdmDecision(t, {platform: 'ios', lastActiveAt: t - 400_000}, desk(t - 301_000), false)).slice(0, 2),
      [true, 'desktop-inactive'],
    )
    assert.deepEqual(
      Object.values(mdmDecision(t, {platform: 'ios', lastActiveAt: t - 10_000}, desk(t - 5000, false), false)).slice(
        0,
        2,
      ),
      [true, 'desktop-signed-out'],
    )
    assert.deepEqual(
      Object.values(mdmDecision(t, {platform: 'ios', lastActiveAt: t - 10_000}, desk(t - 5000), true)).slice(0, 2),
      [true, 'windows-ios-in-call'],
    )
    assert.equal(
      mdmDecision(t, {platform: 'ios', lastActiveAt: t - 10_000}, desk(t - 5000, true, 'mac'), true).pushToMobile,
      false,
      'the in-call rule is for Windows + iOS',
    )
  })

  it('Local Push needs iOS 16.5, Jabber 14.2 / Webex App 43.6, and no MRA', () => {
    assert.equal(lpnsClientProblem({...ios(), mra: false}), null)
    assert.match(lpnsClientProblem({...ios(), mra: true})!, /MRA/)
    assert.match(lpnsClientProblem({...ios({os: '16.4'}), mra: false})!, /16\.5/)
    assert.match(lpnsClientProblem({...ios({version: '14.1'}), mra: false})!, /14\.2/)
    assert.match(lpnsClientProblem({...ios({app: 'webex', version: '43.5'}), mra: false})!, /43\.6/)
    assert.match(lpnsClientProblem({...ios({platform: 'android', os: '14'}), mra: false})!, /Android/)
  })

  it('seconds: whole seconds from 0 to a day, typed by the one parser, with the defaults in the flag definitions', () => {
    const spec = specOf(SimCall, 'sim:call')
    const flags = (argv: string[]) => parseInput(spec, ['bob', 'alice', ...argv]).flags
    assert.deepEqual([flags([])['answer-after'], flags([])['hang-up-after'], flags([]).duration], [2, 30, 60])
    assert.equal(flags(['--answer-after', '8'])['answer-after'], 8)
    for (const bad of [
      ['--answer-after', '-1'],
      ['--answer-after', 'abc'],
      ['--duration', '86401'],
      ['--hang-up-after', '1e3'],
      ['--no-answer', '--answer-after', '3'],
    ]) {
      assert.throws(
        () => flags(bad),
        (e: any) => e.exitCode === 2,
        bad.join(' '),
      )
    }
  })
})
