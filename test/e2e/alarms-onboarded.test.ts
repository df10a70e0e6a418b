import assert from 'node:assert/strict'

import {LAB, Sandbox, onboard} from '../helpers.js'

describe('alarm uploads from an onboarded cluster (the whole path through the CLI)', () => {
  let sb: Sandbox
  beforeEach(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
  })
  afterEach(() => sb.remove())

  it('pushnow refuses before onboarding and uploads after it, at or above the level, once', async () => {
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Critical', '--message', 'disk full'])
    const before = await sb.run(['utils', 'managementAgent', 'alarms', 'pushnow', '--json'])
    assert.equal(before.exitCode, 1)
    assert.equal(before.json().error.code, 'NOT_ONBOARDED')
    await onboard(sb)
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'warning', '--message', 'below the level'])
    const r = (await sb.ok(['utils', 'managementAgent', 'alarms', 'pushnow', '--json'])).json()
    assert.equal(r.uploaded, 1)
    assert.equal(r.skippedBelowLevel, 1)
    assert.equal(r.pending, 0)
    const again = (await sb.ok(['utils', 'managementAgent', 'alarms', 'pushnow', '--json'])).json()
    assert.equal(again.uploaded, 0)
  })

  it('scheduled uploads run on the clock; troubleshooting off stops them and keeps the queue', async () => {
    await onboard(sb)
    await sb.ok(['utils', 'managementAgent', 'alarms', 'pushfrequency', '15'])
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Error', '--message', 'one'])
    const adv = (await sb.ok(['sim', 'clock', 'advance', '1h', '--json'])).json()
    assert.equal(adv.ran.filter((e: {kind: string}) => e.kind === 'alarm-upload').length, 4)
    assert.equal((await sb.ok(['alarms', 'list', '--json'])).json().uploaded, 1)
    await sb.ok(['onboarding', 'save', '--troubleshooting', 'off'])
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Error', '--message', 'two'])
    const off = await sb.run(['utils', 'managementAgent', 'alarms', 'pushnow', '--json'])
    assert.equal(off.exitCode, 1)
    assert.equal(off.json().error.code, 'TROUBLESHOOTING_OFF')
    assert.equal((await sb.ok(['alarms', 'list', '--json'])).json().queued, 1)
  })

  it('with encrypted PII the batch carries no host name in clear; the Cisco Support Token decrypts it', async () => {
    await onboard(sb)
    await sb.ok(['onboarding', 'save', '--encrypted-pii', 'on'])
    await sb.ok([
      'sim',
      'alarm',
      'raise',
      '--severity',
      'Error',
      '--message',
      'token fetch failed',
      '--node',
      'cucm-sub1',
      '--user',
      'alice',
    ])
    await sb.ok(['utils', 'managementAgent', 'alarms', 'pushnow'])
    const batch = await sb.ok(['alarms', 'batch', '1'])
    assert.doesNotMatch(batch.stdout, /cucm-sub1|alice/)
    const token = (await sb.ok(['onboarding', 'status', '--json'])).json().supportToken
    const dec = await sb.ok(['alarms', 'decrypt', '--batch', '1', '--token-stdin', '--json'], 0, {input: `${token}\n`})
    assert.match(dec.stdout, /alice/)
    assert.match(dec.stdout, /cucm-sub1/)
    const wrong = await sb.run(['alarms', 'decrypt', '--batch', '1', '--token-stdin'], {input: 'not-the-token\n'})
    assert.equal(wrong.exitCode, 1)
  })
})
