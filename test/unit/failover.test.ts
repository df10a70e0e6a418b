import assert from 'node:assert/strict'

import {DELAY_RANGE_MS_PER_USER, failoverDelayMs, haPairs, partnerOf} from '../../src/features/paths/failover/imha.js'
import {reloginCheck} from '../../src/features/paths/failover/relogin.js'
import {createCluster} from '../../src/features/guide/install/install.js'
import {listNodes} from '../../src/features/world/cluster/store.js'
import {tempStore} from './fixture.js'

describe('failover rules', () => {
  it("the delay: 7,500 background users (a 15,000-user OVA split across the pair) take 15 minutes, inside the guide's 10-20", () => {
    assert.equal(failoverDelayMs(7500), 15 * 60_000)
    assert.equal(7500 * DELAY_RANGE_MS_PER_USER.low, 10 * 60_000)
    assert.equal(7500 * DELAY_RANGE_MS_PER_USER.high, 20 * 60_000)
    assert.equal(failoverDelayMs(0), 0)
  })

  it('pairs IM and Presence nodes two by two, publisher first; an odd node has no backup; the re-login arithmetic', () => {
    const t = tempStore()
    try {
      const c = createCluster(t.store, t.clock, {
        name: 'x',
        version: '11.5(1)SU8',
        publisher: 'p',
        subscribers: [],
        impPublisher: 'i1',
        impSubscribers: ['i2', 'i3'],
        licensing: 'plm',
      })
      assert.deepEqual(
        haPairs(t.store, c.id).map((p) => [p.primary.host, p.backup?.host ?? null]),
        [
          ['i1', 'i2'],
          ['i3', null],
        ],
      )
      const [, , i2, i3] = listNodes(t.store, c.id)
      assert.equal(partnerOf(t.store, i2)?.host, 'i1')
      assert.equal(partnerOf(t.store, i3), undefined)
      const r = reloginCheck(t.store, c, i2, 532)
      assert.deepEqual([r.windowSeconds, r.ok, r.note], [133, true, null], '532 / (253 - 120) = 4')
      const big = reloginCheck(t.store, c, i2, 20000)
      assert.equal(big.ok, false)
      assert.equal(big.requiredUpperLimitAllowed, false)
      assert.match(big.fix!, /lower the Client Re-Login Lower Limit/)
    } finally {
      t.close()
    }
  })
})
