import assert from 'node:assert/strict'

import {LAB, Sandbox, onboard} from '../helpers.js'

/**
 * Issue 19.3: time moves one way (the context's moveClock), whichever command moves it. A call that lasts an hour
 * and `sim clock advance` over the same hour leave the alarm state identical: the scheduled upload that falls due
 * during the call is staged and delivered (it used to stay undone until the next `sim clock advance`).
 */
describe('one moveClock: sim call and sim clock advance', function () {
  this.timeout(60_000)
  const sbs: Sandbox[] = []
  after(() => sbs.forEach((s) => s.remove()))

  async function lab(): Promise<Sandbox> {
    const sb = new Sandbox()
    sbs.push(sb)
    await sb.ok(LAB)
    await onboard(sb)
    // The restarts onboarding leaves pending, so that the call's push succeeds (a failed one raises an alarm).
    for (const s of ['Cisco Push Notification Service', 'Cisco XCP Config Manager', 'Cisco XCP Router'])
      await sb.ok(['utils', 'service', 'restart', s, '--all-nodes'])
    for (const u of ['alice', 'bob']) await sb.ok(['sim', 'client', 'add', u, '--node', 'imp-pub'])
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Critical', '--message', 'disk full'])
    return sb
  }

  const alarmState = async (sb: Sandbox) => ({
    clock: (await sb.ok(['sim', 'clock', '--json'])).json().now,
    list: (await sb.ok(['alarms', 'list', '--json'])).json(),
    outbox: (await sb.ok(['alarms', 'outbox', '--json'])).json(),
  })

  it('leave the same alarm state for the same simulated span, the due upload delivered', async () => {
    const [byCall, byClock] = [await lab(), await lab()]
    const start = Date.parse((await byCall.ok(['sim', 'clock', '--json'])).json().now)
    await byCall.ok(['sim', 'call', 'bob', 'alice', '--no-answer', '--hang-up-after', '3600'])
    const end = Date.parse((await byCall.ok(['sim', 'clock', '--json'])).json().now)
    assert.ok(end - start >= 3_600_000, 'the call moved the clock by its length')
    await byClock.ok(['sim', 'clock', 'advance', `${(end - start) / 1000}s`])

    const [a, b] = [await alarmState(byCall), await alarmState(byClock)]
    assert.deepEqual(a, b)
    assert.deepEqual(
      [a.list.queued, a.list.uploaded],
      [0, 1],
      'the upload due during the call carried the queued alarm',
    )
    assert.ok(
      a.outbox.batches.length > 0 &&
        a.outbox.batches.every((b: {deliveredAt: string | null}) => b.deliveredAt !== null),
      'and was delivered',
    )
  })
})
