import assert from 'node:assert/strict'
import {copyFileSync, statSync} from 'node:fs'
import {join} from 'node:path'

import {Clock, expandRan, type AnyHandler, type EventHandler} from '../../src/features/world/clock/clock.js'
import {EVENT_HANDLERS} from '../../src/compose/clock-events.js'
import {TRACE_MAX_FILES, TRACE_MAX_FILE_BYTES} from '../../src/features/platform/traces/traces.js'
import {Store} from '../../src/store/store.js'
import {LAB, Sandbox, onboard} from '../helpers.js'

const DAY = 86_400_000

/** Every event run on its own, as before fast-forwarding existed: the reference. */
const ONE_BY_ONE: Record<string, EventHandler> = Object.fromEntries(
  Object.entries(EVENT_HANDLERS).map(([k, h]: [string, AnyHandler]) => [k, typeof h === 'function' ? h : h.run]),
)

/** What a run leaves behind that anyone can see. */
function observable(store: Store) {
  const all = (sql: string) => store.db.prepare(sql).all()
  return {
    traces: all('SELECT node_id, dir, file, at, line FROM trace_lines ORDER BY node_id, dir, id'),
    files: all('SELECT * FROM trace_files ORDER BY node_id, dir, file'),
    tokens: all('SELECT * FROM node_tokens ORDER BY node_id'),
    events: all('SELECT due_at, kind, cluster_id, node_id, payload FROM events ORDER BY due_at, id'),
    alarms: all('SELECT * FROM pn_alarms ORDER BY id'),
    batches: all('SELECT uploaded_at, kind, alarm_count, payload FROM pn_alarm_outbox ORDER BY id'),
    clock: all("SELECT value FROM settings WHERE key = 'clock'"),
  }
}

describe('long simulated runs: fast-forwarded periodic work equals running every event', function () {
  this.timeout(180_000)
  const sb = new Sandbox()
  before(async () => {
    await sb.ok([...LAB, '--imp-subscriber', 'imp-sub1'])
    await onboard(sb)
    for (const s of ['Cisco Push Notification Service', 'Cisco XCP Config Manager', 'Cisco XCP Router'])
      await sb.ok(['utils', 'service', 'restart', ...s.split(' '), '--all-nodes'])
    // The fetch lines are DEBUG lines: raise CPNS's trace level so every fetch is written (issue 20, item 12).
    for (const node of ['cucm-pub', 'cucm-sub1'])
      await sb.ok(['set', 'trace', 'enable', 'Detailed', 'ccmpns', '--node', node])
  })
  after(() => sb.remove())

  /** Runs `days` on two copies of the current state, fast-forwarded and one by one, and compares. */
  function compare(name: string, days: number) {
    const fast = join(sb.dir, `${name}-fast.db`)
    const slow = join(sb.dir, `${name}-slow.db`)
    const a = Store.open(sb.db)
    a.db.pragma('wal_checkpoint(TRUNCATE)')
    a.close()
    copyFileSync(sb.db, fast)
    copyFileSync(sb.db, slow)
    const results = [fast, slow].map((path, i) => {
      const store = Store.open(path)
      const clock = new Clock(store, () => (i === 0 ? EVENT_HANDLERS : ONE_BY_ONE))
      const ran = clock.runUntil(clock.now() + days * DAY)
      const seen = observable(store)
      store.close()
      return {ran: expandRan(ran).events, seen}
    })
    const key = (e: {at: string; kind: string; summary: string}) => `${e.at} ${e.kind} ${e.summary}`
    assert.deepEqual(results[0].ran.map(key).sort(), results[1].ran.map(key).sort())
    for (const k of Object.keys(results[1].seen) as Array<keyof (typeof results)[0]['seen']>)
      assert.deepEqual(results[0].seen[k], results[1].seen[k], k)
    return results[0]
  }

  it('35 days on an onboarded 4-node lab: the token is good for 10 days, then expired (sim fault), its alarms are uploaded', async () => {
    // The machine token no longer expires with the clients' OAuth timer (issue 20, item 1): 10 good days, then expire it.
    compare('good', 10)
    await sb.ok(['sim', 'clock', 'advance', '10d'])
    await sb.ok(['sim', 'fault', 'token-expire'])
    const r = compare('expiry', 25)
    assert.ok(r.seen.alarms.length >= 4)
    assert.ok(r.seen.batches.length >= 1)
  })

  it('with troubleshooting off the queued alarms stay and every upload attempt is traced the same way', async () => {
    await sb.ok(['onboarding', 'save', '--troubleshooting', 'off'])
    compare('blocked', 25)
  })

  it('traces roll over: at most TRACE_MAX_FILES files of TRACE_MAX_FILE_BYTES per service and node', async () => {
    await sb.ok(['sim', 'clock', 'advance', '365d'])
    const files = (
      await sb.ok(['file', 'list', 'activelog', 'cm/trace/ccmpns/log4j/', '--node', 'cucm-sub1', '--json'])
    ).json().files as Array<{file: string; bytes: number}>
    assert.equal(files.length, TRACE_MAX_FILES)
    for (const f of files) assert.ok(f.bytes <= TRACE_MAX_FILE_BYTES, `${f.file}: ${f.bytes}`)
    const tail = await sb.ok([
      'file',
      'tail',
      'activelog',
      'cm/trace/ccmpns/log4j/',
      '--node',
      'cucm-sub1',
      '--lines',
      '1',
    ])
    assert.match(
      tail.stdout,
      /^2027-01-\d\d \d\d:\d0:00,000 DEBUG \[Timer-\d{3}\] ccmpns\.CCMPNServer \(CCMPNServer\.java:306\) - fetchAndStoreAccessToken\(\) Response received : 400\n$/,
    )
    assert.ok(statSync(sb.db).size < 5_000_000, `${statSync(sb.db).size} bytes`)
  })

  it('--summary counts events by kind; --json lists them only on request when there are many', async () => {
    const human = await sb.ok(['sim', 'clock', 'advance', '30d', '--summary'])
    assert.match(human.stdout, /^token-fetch\s+4320\nalarm-upload\s+1440\nClock: .* \(\+30d\), 5760 events ran\n$/)
    // Without --summary, runs of the same outcome fold into one line each, as long as they fit on a screen.
    const folded = await sb.ok(['sim', 'clock', 'advance', '1d'])
    assert.match(
      folded.stdout,
      /^\S+  token-fetch: lab: access token fetch cucm-pub \d{3}, .* \(144 times, the last at \S+\)\n\S+  alarm-upload: lab: .* \(48 times, the last at \S+\)\nClock: /,
    )
    const j = (await sb.ok(['sim', 'clock', 'advance', '30d', '--json'])).json()
    assert.deepEqual(j.summary, {'token-fetch': 4320, 'alarm-upload': 1440})
    assert.equal(j.eventCount, 5760)
    assert.equal(j.ran, undefined)
    const all = (await sb.ok(['sim', 'clock', 'advance', '1d', '--json', '--events'])).json()
    assert.equal(all.ran.length, 192)
    const fetches = all.ran
      .filter((e: {kind: string}) => e.kind === 'token-fetch')
      .map((e: {at: string}) => Date.parse(e.at))
    assert.equal(fetches.length, 144)
    assert.ok(fetches.every((t: number, i: number) => i === 0 || t - fetches[i - 1] === 600_000))
    const few = (await sb.ok(['sim', 'clock', 'advance', '1h', '--json'])).json()
    assert.equal(few.ran.length, 8)
    assert.equal((await sb.ok(['sim', 'clock', 'advance', '1h', '--json', '--summary'])).json().ran, undefined)
  })

  it('far jumps are cheap (100 years, to year 9999) and the clock stops at the end of 9999', async () => {
    const r = (await sb.ok(['sim', 'clock', 'advance', '36500d', '--json', '--summary'])).json()
    assert.equal(r.advancedBy, '36500d')
    await sb.ok(['sim', 'clock', 'set', '9999-12-31T00:00:00Z'])
    const past = await sb.ok(['sim', 'clock', 'advance', '2d'], 2)
    assert.match(past.stderr, /^Error: The clock cannot go past the end of year 9999/)
    assert.ok(statSync(sb.db).size < 5_000_000)
  })

  it('sim clock set refuses dates that do not exist and times without a zone (exit 2, one line)', async () => {
    for (const bad of [
      '2026-02-30',
      '2027-02-29T00:00:00Z',
      '2026-03-01T09:00:00',
      '2026-03-01T25:00:00Z',
      '2026-13-01',
    ]) {
      const r = await sb.ok(['sim', 'clock', 'set', bad], 2)
      assert.equal(r.stderr.trim().split('\n').length, 1, bad)
      assert.match(r.stderr, /^Error: ".*" is not a/)
    }
  })
})
