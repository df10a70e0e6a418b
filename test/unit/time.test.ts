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
})
