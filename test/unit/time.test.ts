import assert from 'node:assert/strict'

import {UsageError} from '../../src/core/errors.js'
import {formatDuration, parseDuration, parseInstant} from '../../src/core/time.js'

describe('durations and instants', () => {
  it('reads the durations harnesses use', () => {
    assert.equal(parseDuration('90s'), 90_000)
    assert.equal(parseDuration('45m'), 2_700_000)
    assert.equal(parseDuration('2h'), 7_200_000)
    assert.equal(parseDuration('61d'), 61 * 86_400_000)
    assert.equal(parseDuration('1h30m'), 5_400_000)
    assert.equal(parseDuration('1.5h'), 5_400_000)
  })

  for (const bad of ['', '-5m', '5', 'm', '0s', '2x', '1h 30m', 'soon', '5m-']) {
    it(`rejects the duration "${bad}"`, () => {
      assert.throws(() => parseDuration(bad), UsageError)
    })
  }

  it('prints durations in whole units', () => {
    assert.equal(formatDuration(5_400_000), '1h30m')
    assert.equal(formatDuration(61 * 86_400_000), '61d')
  })

  it('reads ISO 8601 with a zone and refuses local times', () => {
    assert.equal(parseInstant('2026-03-01T09:00:00Z'), Date.parse('2026-03-01T09:00:00Z'))
    assert.equal(parseInstant('2026-03-01T10:00:00+01:00'), Date.parse('2026-03-01T09:00:00Z'))
    assert.equal(parseInstant('2026-03-01'), Date.parse('2026-03-01T00:00:00Z'))
    assert.throws(() => parseInstant('2026-03-01T09:00:00'), UsageError)
    assert.throws(() => parseInstant('yesterday'), UsageError)
    assert.throws(() => parseInstant('2026-13-45T00:00:00Z'), UsageError)
  })

  it('refuses dates and times that do not exist instead of rolling them over', () => {
    for (const bad of [
      '2026-02-30',
      '2026-02-29T00:00:00Z',
      '2026-04-31T12:00:00Z',
      '2026-00-10',
      '2026-01-01T24:00:00Z',
      '2026-01-01T10:60:00Z',
      '2026-01-01T10:00:00+15:00',
    ]) {
      assert.throws(
        () => parseInstant(bad),
        (e: Error) => e instanceof UsageError && /is not a/.test(e.message),
        bad,
      )
    }
    assert.equal(parseInstant('2028-02-29T00:00:00Z'), Date.parse('2028-02-29T00:00:00Z'))
    assert.equal(parseInstant('2026-03-01 10:00:00+0100'), Date.parse('2026-03-01T09:00:00Z'))
    assert.throws(() => parseInstant('2026-03-01T09:00:00'), /with a zone \(add Z for UTC/)
  })
})
