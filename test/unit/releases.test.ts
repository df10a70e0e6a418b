import assert from 'node:assert/strict'

import {UsageError} from '../../src/core/errors.js'
import {
  atLeast,
  buildNumber,
  compareReleases,
  knownReleases,
  parseRelease,
  supports,
} from '../../src/features/world/cluster/releases.js'

describe('Cisco release names', () => {
  it('parses the forms CUCM uses and prints them canonically', () => {
    assert.equal(parseRelease('11.5(1)SU2').name, '11.5(1)SU2')
    assert.equal(parseRelease('12.5(1)').name, '12.5(1)')
    assert.equal(parseRelease('12.0(1)').name, '12.0(1)')
    assert.equal(parseRelease('10.5(2)SU5').name, '10.5(2)SU5')
    assert.equal(parseRelease('14').name, '14')
    assert.equal(parseRelease('14SU3').name, '14SU3')
    assert.equal(parseRelease('15su1').name, '15SU1')
    assert.equal(parseRelease('14.0(1)SU3').name, '14SU3')
  })

  it('orders releases by train, then SU', () => {
    const names = [
      '15SU1',
      '11.5(1)SU8',
      '14',
      '12.5(1)SU3',
      '11.5(1)SU2',
      '12.0(1)',
      '14SU3',
      '10.5(2)SU5',
      '12.5(1)',
      '15',
    ]
    const sorted = names
      .map(parseRelease)
      .sort(compareReleases)
      .map((r) => r.name)
    assert.deepEqual(sorted, [
      '10.5(2)SU5',
      '11.5(1)SU2',
      '11.5(1)SU8',
      '12.0(1)',
      '12.5(1)',
      '12.5(1)SU3',
      '14',
      '14SU3',
      '15',
      '15SU1',
    ])
    assert.ok(atLeast(parseRelease('14SU3'), '12.5(1)SU3'))
    assert.ok(!atLeast(parseRelease('11.5(1)SU8'), '12.0(1)'))
  })

  for (const bad of [
    '',
    '14.5',
    '12.5',
    '12.5(1)SU',
    '12.5(1)SU0',
    'SU3',
    '13',
    '13SU1',
    '11.5(1)SU99',
    '12.7(1)',
    '14SU3a1',
    'latest',
    '14 SU3 x',
  ]) {
    it(`rejects "${bad}" as bad input`, () => {
      assert.throws(
        () => parseRelease(bad),
        (e: unknown) => e instanceof UsageError && e.exitCode === 2,
      )
    })
  }

  it('knows every release of every train, in order', () => {
    const all = knownReleases()
    for (let i = 1; i < all.length; i++) assert.ok(compareReleases(all[i - 1], all[i]) < 0)
    assert.ok(all.some((r) => r.name === '11.5(1)SU8'))
  })

  it('prints a platform build number', () => {
    assert.equal(buildNumber(parseRelease('12.5(1)SU3')), '12.5.1.13900-1')
    assert.equal(buildNumber(parseRelease('14')), '14.0.1.10000-1')
  })
})

describe("the guide's feature support tables", () => {
  const yes = (r: string, f: string) => assert.equal(supports(parseRelease(r), f), true, `${r} should support ${f}`)
  const no = (r: string, f: string) => assert.equal(supports(parseRelease(r), f), false, `${r} should not support ${f}`)

  it('iOS 13+ (APNS) needs 11.5(1)SU8 on 11.x, 12.5(1)SU3 on 12.x', () => {
    no('11.5(1)SU7', 'ios')
    yes('11.5(1)SU8', 'ios')
    no('12.0(1)SU3', 'ios')
    no('12.5(1)SU2', 'ios')
    yes('12.5(1)SU3', 'ios')
    yes('14', 'ios')
    yes('15SU1', 'ios')
  })

  it('Android (FCM) needs 12.5(1)SU3', () => {
    no('11.5(1)SU9', 'android')
    no('12.5(1)SU2', 'android')
    yes('12.5(1)SU3', 'android')
    yes('14SU1', 'android')
  })

  it('Local Push needs 14SU3', () => {
    no('14SU2', 'lpns')
    yes('14SU3', 'lpns')
    yes('15', 'lpns')
  })

  it('the registration node is in pushes from 12.5(1)SU3', () => {
    no('12.5(1)SU2', 'registration-node')
    yes('12.5(1)SU3', 'registration-node')
  })

  it('the push network services arrive with 11.5(1)SU3', () => {
    no('11.5(1)SU2', 'network-services')
    yes('11.5(1)SU3', 'network-services')
  })
})
