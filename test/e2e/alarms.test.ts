import assert from 'node:assert/strict'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {getOnboarding, saveOnboarding} from '../../src/features/guide/onboarding/store.js'
import {Store} from '../../src/store/store.js'
import {LAB, Sandbox, type Result} from '../helpers.js'

const TOKEN = 'cst-e2e-5b1d0c7a-support-token'
const PA = ['utils', 'managementAgent', 'alarms']

/** One clear line on stderr, nothing on stdout. */
function oneLineError(r: Result, pattern: RegExp): void {
  assert.equal(r.stdout, '')
  const lines = r.stderr.trimEnd().split('\n')
  assert.equal(lines.length, 1, r.stderr)
  assert.match(lines[0], /^Error: /)
  assert.match(lines[0], pattern)
}

/**
 * The onboarding commands are built in parallel; until they land, success paths set the cluster's onboarding row
 * directly in the state file (between commands), as `onboarding save` + completion will.
 */
function onboard(
  sb: Sandbox,
  o: {troubleshooting?: boolean; encryptedPii?: boolean; phase?: 'completed' | 'pending'} = {},
): void {
  const store = Store.open(sb.db)
  try {
    const row = getOnboarding(store, 1)
    saveOnboarding(store, {
      ...row,
      push: true,
      manageCerts: true,
      troubleshooting: o.troubleshooting ?? true,
      encryptedPii: o.encryptedPii ?? false,
      phase: o.phase ?? 'completed',
      customerClusterId: 'CCID-E2E',
      supportToken: TOKEN,
    })
  } finally {
    store.close()
  }
}

async function raise(sb: Sandbox, severity: string, ...more: string[]): Promise<number> {
  return (
    await sb.ok(['sim', 'alarm', 'raise', '--severity', severity, '--message', `${severity} alarm`, ...more, '--json'])
  ).json().firstId
}

describe('e2e: utils managementAgent alarms pushfrequency', () => {
  const sb = new Sandbox()
  before(async () => {
    await sb.ok(LAB)
  })
  after(() => sb.remove())

  it('shows the default, 30 minutes, as text and as {pushFrequencyMinutes}', async () => {
    const r = await sb.ok([...PA, 'pushfrequency'])
    assert.match(
      r.stdout,
      /^Alarm push frequency is 30 minutes \(default\)\.\nNext scheduled upload: 2026-01-05T09:30:00\.000Z\n$/,
    )
    const j = (await sb.ok([...PA, 'pushfrequency', '--json'])).json()
    assert.equal(j.pushFrequencyMinutes, 30)
    assert.equal(j.previous, null)
    assert.equal(j.nextUploadAt, '2026-01-05T09:30:00.000Z')
  })

  it('sets a value from 5 to 90 and reschedules the next upload', async () => {
    const r = await sb.ok([...PA, 'pushfrequency', '15'])
    assert.match(r.stdout, /^Alarm push frequency set to 15 minutes\./)
    const same = await sb.ok([...PA, 'pushfrequency', '15', '--json'])
    assert.deepEqual(
      [same.json().previous, same.json().changed, same.json().nextUploadAt],
      [15, false, '2026-01-05T09:15:00.000Z'],
    )
    const j = (await sb.ok([...PA, 'pushfrequency', '90', '--json'])).json()
    assert.deepEqual(
      {m: j.pushFrequencyMinutes, prev: j.previous, changed: j.changed, next: j.nextUploadAt},
      {m: 90, prev: 15, changed: true, next: '2026-01-05T10:30:00.000Z'},
    )
    assert.equal((await sb.ok([...PA, 'pushfrequency', '5', '--json'])).json().pushFrequencyMinutes, 5)
    assert.equal((await sb.ok([...PA, 'pushfrequency', '--json'])).json().pushFrequencyMinutes, 5)
  })

  for (const [bad, why] of [
    ['4', /MINUTES must be a whole number from 5 to 90, not "4"/],
    ['91', /from 5 to 90, not "91"/],
    ['0', /from 5 to 90/],
    ['7.5', /whole number from 5 to 90, not "7\.5"/],
    ['30.0', /whole number/],
    ['', /whole number from 5 to 90, not ""/],
    ['abc', /whole number from 5 to 90, not "abc"/],
    ['-5', /from 5 to 90|-5/],
  ] as const) {
    it(`refuses "${bad}" with exit 2, one line, nothing changed`, async () => {
      const r = await sb.ok([...PA, 'pushfrequency', bad], 2)
      oneLineError(r, why)
      assert.equal((await sb.ok([...PA, 'pushfrequency', '--json'])).json().pushFrequencyMinutes, 5)
    })
  }

  it('refuses two values with exit 2', async () => {
    const r = await sb.ok([...PA, 'pushfrequency', '10', '20'], 2)
    assert.match(r.stderr, /^Error: /)
  })

  it('bad input with --json prints one JSON error document', async () => {
    const r = await sb.ok([...PA, 'pushfrequency', '100', '--json'], 2)
    assert.equal(r.json().error.exitCode, 2)
    assert.equal(r.json().error.code, 'USAGE')
  })
})

describe('e2e: utils managementAgent alarms minpushlevel / pushlevel', () => {
  const sb = new Sandbox()
  before(async () => {
    await sb.ok(LAB)
  })
  after(() => sb.remove())

  it('shows the default, Error', async () => {
    const r = await sb.ok([...PA, 'minpushlevel'])
    assert.equal(
      r.stdout,
      'Minimum alarm push level is Error (default).\nAlarms of severity Critical and Error are sent to the Cisco Cloud.\n',
    )
    assert.equal((await sb.ok([...PA, 'pushlevel', '--json'])).json().minPushLevel, 'Error')
  })

  it('sets each level in any letter case; pushlevel is the same command', async () => {
    for (const [typed, level] of [
      ['critical', 'Critical'],
      ['WARNING', 'Warning'],
      ['NoTiCe', 'Notice'],
      ['information', 'Information'],
      ['Error', 'Error'],
    ]) {
      const j = (await sb.ok([...PA, typed === 'WARNING' ? 'pushlevel' : 'minpushlevel', typed, '--json'])).json()
      assert.equal(j.minPushLevel, level)
    }
    const r = await sb.ok([...PA, 'pushlevel', 'warning'])
    assert.equal(
      r.stdout,
      'Minimum alarm push level set to Warning.\nAlarms of severity Critical, Error and Warning are sent to the Cisco Cloud.\n',
    )
    assert.equal((await sb.ok([...PA, 'minpushlevel', '--json'])).json().minPushLevel, 'Warning')
  })

  for (const bad of ['fatal', 'Info', '', 'err', '3']) {
    it(`refuses the level "${bad}" with exit 2, nothing changed`, async () => {
      const r = await sb.ok([...PA, 'minpushlevel', bad], 2)
      oneLineError(
        r,
        bad ? /is not an alarm level\. Use one of Critical, Error, Warning, Notice, Information/ : /is empty/,
      )
      assert.equal((await sb.ok([...PA, 'pushlevel', '--json'])).json().minPushLevel, 'Warning')
    })
  }
})

describe('e2e: publisher only', () => {
  const sb = new Sandbox()
  before(async () => {
    await sb.ok(LAB)
  })
  after(() => sb.remove())

  for (const cmd of [
    ['pushfrequency'],
    ['pushfrequency', '10'],
    ['minpushlevel'],
    ['pushlevel', 'Critical'],
    ['pushnow'],
  ]) {
    for (const node of ['cucm-sub1', 'imp-pub']) {
      it(`${cmd.join(' ')} on ${node} exits 1 and says to log in to the publisher`, async () => {
        const r = await sb.ok([...PA, ...cmd, '--node', node], 1)
        oneLineError(
          r,
          new RegExp(`runs on the Unified CM publisher only; ${node} is .*Log in to the publisher cucm-pub`),
        )
      })
    }
  }

  it('nothing changed on the publisher', async () => {
    assert.equal((await sb.ok([...PA, 'pushfrequency', '--json'])).json().pushFrequencyMinutes, 30)
    assert.equal((await sb.ok([...PA, 'minpushlevel', '--json'])).json().minPushLevel, 'Error')
  })

  it('a publisher that is down cannot be logged in to (exit 1)', async () => {
    await sb.ok(['sim', 'fault', 'node-down', 'cucm-pub'])
    const r = await sb.ok([...PA, 'pushfrequency', '10'], 1)
    oneLineError(r, /cucm-pub is down/)
    await sb.ok(['sim', 'fault', 'node-up', 'cucm-pub'])
  })
})

describe('e2e: the alarm queue (sim alarm raise, system alarms, alarms list|status)', () => {
  const sb = new Sandbox()
  before(async () => {
    await sb.ok(LAB)
  })
  after(() => sb.remove())

  it('sim alarm raise prints its line with ESC, BEL and NUL escaped (no forged line, no retitled terminal)', async () => {
    // Its own state: the tests below count the alarms of the shared one.
    const own = new Sandbox()
    try {
      await own.ok(LAB)
      const r = await own.ok([
        'sim',
        'alarm',
        'raise',
        '--severity',
        'Error',
        '--message',
        'a\u001b]0;t\u0007b\u0000\u001b[2J',
      ])
      assert.doesNotMatch(r.stdout, /[\u0000\u0007\u001b]/)
      assert.match(r.stdout, /^Raised alarm 1 on cucm-pub: Error SimulatedAlarm: a\\e\]0;t\\x07b\\x00\\e\[2J$/m)
    } finally {
      own.remove()
    }
  })

  it('sim alarm raise queues an alarm with node, time, severity, text and PII', async () => {
    const r = await sb.ok([
      'sim',
      'alarm',
      'raise',
      '--severity',
      'error',
      '--message',
      'token fetch failed',
      '--node',
      'cucm-sub1',
      '--user',
      'jdoe',
      '--device',
      'BOTJDOE',
      '--json',
    ])
    const j = r.json()
    assert.deepEqual(
      {
        raised: j.raised,
        firstId: j.firstId,
        node: j.node,
        severity: j.severity,
        name: j.name,
        message: j.message,
        queued: j.queued,
      },
      {
        raised: 1,
        firstId: 1,
        node: 'cucm-sub1',
        severity: 'Error',
        name: 'SimulatedAlarm',
        message: 'token fetch failed',
        queued: 1,
      },
    )
    const a = (await sb.ok(['alarms', 'list', '--json'])).json().alarms[0]
    assert.deepEqual(
      {
        id: a.id,
        node: a.node,
        raisedAt: a.raisedAt,
        severity: a.severity,
        message: a.message,
        state: a.state,
        pii: a.pii,
      },
      {
        id: 1,
        node: 'cucm-sub1',
        raisedAt: '2026-01-05T09:00:00.000Z',
        severity: 'Error',
        message: 'token fetch failed',
        state: 'queued',
        pii: {userName: 'jdoe', hostName: 'cucm-sub1', deviceName: 'BOTJDOE'},
      },
    )
    const h = await sb.ok([
      'sim',
      'alarm',
      'raise',
      '--severity',
      'Notice',
      '--message',
      'hello',
      '--name',
      'HelloAlarm',
    ])
    assert.equal(h.stdout, 'Raised alarm 2 on cucm-pub: Notice HelloAlarm: hello\nQueued alarms: 2\n')
  })

  it('--count raises many at once', async () => {
    const j = (
      await sb.ok([
        'sim',
        'alarm',
        'raise',
        '--severity',
        'Warning',
        '--message',
        'backlog',
        '--count',
        '250',
        '--json',
      ])
    ).json()
    assert.deepEqual([j.raised, j.firstId, j.lastId, j.queued], [250, 3, 252, 252])
  })

  for (const [args, why] of [
    [['--severity', 'fatal', '--message', 'x'], /"fatal" is not an alarm level/],
    [['--message', 'x'], /Give the alarm severity/],
    [['--severity', 'Error'], /alarm text is empty/],
    [['--severity', 'Error', '--message', '   '], /alarm text is empty/],
    [['--severity', 'Error', '--message', 'x', '--count', '0'], /--count must be a whole number/],
    [['--severity', 'Error', '--message', 'x', '--count', '1.5'], /--count must be a whole number/],
    [['--severity', 'Error', '--message', 'x', '--node', 'nosuch'], /has no node nosuch/],
  ] as const) {
    it(`sim alarm raise ${args.join(' ')}: exit 2, nothing queued`, async () => {
      const r = await sb.ok(['sim', 'alarm', 'raise', ...args], 2)
      oneLineError(r, why)
      assert.equal((await sb.ok(['alarms', 'status', '--json'])).json().queued, 252)
    })
  }

  it('a node that is down cannot raise alarms (exit 1)', async () => {
    await sb.ok(['sim', 'fault', 'node-down', 'cucm-sub1'])
    oneLineError(
      await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Error', '--message', 'x', '--node', 'cucm-sub1'], 1),
      /cucm-sub1 is down/,
    )
    await sb.ok(['sim', 'fault', 'node-up', 'cucm-sub1'])
  })

  it('a service stopping or crashing raises an alarm on its node', async () => {
    await sb.ok(['utils', 'service', 'stop', 'Cisco Tomcat', '--node', 'cucm-sub1'])
    await sb.ok(['sim', 'fault', 'service-crash', 'imp-pub', 'Cisco', 'XCP', 'Router'])
    const a = (await sb.ok(['alarms', 'list', '--limit', '2', '--json'])).json().alarms
    assert.deepEqual(
      a.map((x: {node: string; severity: string; name: string}) => [x.node, x.severity, x.name]),
      [
        ['cucm-sub1', 'Notice', 'ServiceStopped'],
        ['imp-pub', 'Critical', 'CriticalServiceDown'],
      ],
    )
  })

  it("alarms list prints CUCM's table shape", async () => {
    const r = await sb.ok(['alarms', 'list', '--state', 'queued', '--limit', '1'])
    const lines = r.stdout.split('\n')
    assert.match(lines[0], /^id +raised +node +severity +name +state +batch +message$/)
    assert.match(lines[1], /^=+ =+ /)
    assert.match(lines[2], /CriticalServiceDown queued NULL/)
    assert.match(r.stdout, /\(the last 1 of 254; use --limit N for more\)/)
  })

  it('Management Agent activity is traced in cm/trace/cmas/log4j/ of the publisher', async () => {
    const list = await sb.ok(['file', 'list', 'activelog', 'cm/trace/cmas/log4j/'])
    assert.match(list.stdout, /cmas00001\.log/)
    const t = await sb.ok(['file', 'tail', 'activelog', 'cm/trace/cmas/log4j/', '--lines', '50'])
    assert.match(
      t.stdout,
      /INFO  \[AlarmCollector\] cmas\.ManagementAgent - Queued 250 alarms \(3-252\) SimulatedAlarm \(Warning\) from cucm-pub: backlog/,
    )
    assert.match(
      t.stdout,
      /WARN  \[AlarmCollector\] cmas\.ManagementAgent - Queued alarm 254 CriticalServiceDown \(Critical\) from imp-pub/,
    )
  })

  it('alarms status reports settings, counts and why an upload cannot be sent', async () => {
    const j = (await sb.ok(['alarms', 'status', '--json'])).json()
    assert.deepEqual(
      {
        f: j.pushFrequencyMinutes,
        l: j.minPushLevel,
        next: j.nextUploadAt,
        q: j.queued,
        u: j.uploaded,
        s: j.skipped,
        can: j.canSend,
        code: j.blockedBy.code,
        d: j.destination,
      },
      {
        f: 30,
        l: 'Error',
        next: '2026-01-05T09:30:00.000Z',
        q: 254,
        u: 0,
        s: 0,
        can: false,
        code: 'NOT_ONBOARDED',
        d: 'outbox',
      },
    )
  })
})

describe('e2e: pushnow failures', () => {
  const sb = new Sandbox()
  before(async () => {
    await sb.ok(LAB)
    await raise(sb, 'Critical')
  })
  after(() => sb.remove())

  it('not onboarded: exit 1, a clear error, the queue kept', async () => {
    const r = await sb.ok([...PA, 'pushnow'], 1)
    oneLineError(
      r,
      /Cluster lab is not onboarded for Push Notifications \(Push Notifications is not enabled\); nothing was sent and the 1 queued alarm is kept\. Complete Cisco Cloud Onboarding/,
    )
    const j = (await sb.ok([...PA, 'pushnow', '--json'], 1)).json()
    assert.equal(j.error.code, 'NOT_ONBOARDED')
    assert.equal((await sb.ok(['alarms', 'status', '--json'])).json().queued, 1)
  })

  it('the Cisco Management Agent Service stopped: exit 1, its own error, the queue kept', async () => {
    await sb.ok(['utils', 'service', 'stop', 'Cisco Management Agent Service'])
    const r = await sb.ok([...PA, 'pushnow'], 1)
    oneLineError(
      r,
      /The Cisco Management Agent Service is not running on the publisher cucm-pub; nothing was sent and the 2 queued alarms are kept\. Start it: ucadmin utils service start Cisco Management Agent Service/,
    )
    assert.equal((await sb.ok([...PA, 'pushnow', '--json'], 1)).json().error.code, 'CMAS_NOT_RUNNING')
    await sb.ok(['utils', 'service', 'start', 'Cisco Management Agent Service'])
    assert.equal((await sb.ok(['alarms', 'status', '--json'])).json().queued, 2)
  })

  it('a malformed UCADMIN_CLOUD_URL is bad input (exit 2)', async () => {
    onboard(sb)
    const r = await sb.ok([...PA, 'pushnow'], 2, {env: {UCADMIN_CLOUD_URL: 'ftp://cloud.example.com/'}})
    oneLineError(r, /UCADMIN_CLOUD_URL is not an http:\/\/ or https:\/\/ URL/)
    assert.equal((await sb.ok(['alarms', 'status', '--json'])).json().queued, 2)
  })

  it('"Send Troubleshooting information" off: exit 1, its own error', async () => {
    onboard(sb, {troubleshooting: false})
    const r = await sb.ok([...PA, 'pushnow'], 1)
    oneLineError(
      r,
      /"Send Troubleshooting information to the Cisco Cloud" is off for cluster lab; nothing was sent and the 2 queued alarms are kept\. Turn it on/,
    )
  })

  it('onboarding pending is not onboarded', async () => {
    onboard(sb, {phase: 'pending'})
    oneLineError(
      await sb.ok([...PA, 'pushnow'], 1),
      /not onboarded for Push Notifications \(Cisco Cloud Onboarding Pending\)/,
    )
  })
})

describe('e2e: scheduled uploads with sim clock advance', () => {
  const sb = new Sandbox()
  before(async () => {
    await sb.ok(LAB)
  })
  after(() => sb.remove())

  const uploads = (r: Result) => r.json().ran.filter((e: {kind: string}) => e.kind === 'alarm-upload')

  it('advance 2h with the default 30 minutes runs exactly four uploads', async () => {
    const r = await sb.ok(['sim', 'clock', 'advance', '2h', '--json'])
    assert.deepEqual(
      uploads(r).map((e: {at: string}) => e.at),
      ['2026-01-05T09:30:00.000Z', '2026-01-05T10:00:00.000Z', '2026-01-05T10:30:00.000Z', '2026-01-05T11:00:00.000Z'],
    )
  })

  it('queued alarms that cannot be sent stay queued, are traced, and the schedule goes on', async () => {
    await raise(sb, 'Critical')
    const r = await sb.ok(['sim', 'clock', 'advance', '30m', '--json'])
    assert.deepEqual(
      uploads(r).map((e: {summary: string}) => e.summary),
      ['lab: not sent (NOT_ONBOARDED): 1 alarm stays queued'],
    )
    const t = await sb.ok(['file', 'tail', 'activelog', 'cm/trace/cmas/log4j/', '--lines', '1'])
    assert.match(
      t.stdout,
      /^2026-01-05 11:30:00,000 ERROR \[AlarmUploadTimer\] cmas\.ManagementAgent - Scheduled upload not sent: Cluster lab is not onboarded/,
    )
    assert.equal((await sb.ok(['alarms', 'status', '--json'])).json().nextUploadAt, '2026-01-05T12:00:00.000Z')
  })

  it('a new frequency reschedules: 45 minutes gives two uploads in the next 2h', async () => {
    await sb.ok([...PA, 'pushfrequency', '45'])
    const r = await sb.ok(['sim', 'clock', 'advance', '2h', '--json'])
    assert.deepEqual(
      uploads(r).map((e: {at: string}) => e.at),
      ['2026-01-05T12:15:00.000Z', '2026-01-05T13:00:00.000Z'],
    )
  })

  it('human output folds runs of the same outcome into one line', async () => {
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Notice', '--message', 'x']) // keep the queue non-empty and blocked
    const r = await sb.ok(['sim', 'clock', 'advance', '1d'])
    const lines = r.stdout.trimEnd().split('\n')
    assert.equal(lines.length, 2, r.stdout)
    assert.match(
      lines[0],
      /alarm-upload: lab: not sent \(NOT_ONBOARDED\): 2 alarms stay queued \(32 times, the last at 2026-01-06T13:00:00\.000Z\)/,
    )
    assert.match(lines[1], /32 events ran$/)
  })

  for (const bad of ['-5m', 'abc', '0m', '5', '']) {
    it(`sim clock advance "${bad}" is bad input (exit 2), no upload runs`, async () => {
      const before = (await sb.ok(['sim', 'clock', '--json'])).json().now
      const r = await sb.ok(['sim', 'clock', 'advance', bad], 2)
      assert.match(r.stderr, /^Error: /)
      assert.equal((await sb.ok(['sim', 'clock', '--json'])).json().now, before)
    })
  }
})

describe('e2e: uploads from an onboarded cluster (onboarding row set directly)', () => {
  const sb = new Sandbox()
  before(async () => {
    await sb.ok(LAB)
    onboard(sb, {encryptedPii: true})
  })
  after(() => sb.remove())

  const outputs: string[] = []
  const run = async (args: string[], code = 0, opts: {input?: string; env?: Record<string, string>} = {}) => {
    const r = await sb.ok(args, code, opts)
    outputs.push(r.stdout, r.stderr)
    return r
  }

  it('pushnow sends the alarms at or above the level once: {uploaded, skippedBelowLevel, pending}', async () => {
    for (const l of ['Critical', 'Error', 'Warning', 'Notice', 'Information'])
      await raise(sb, l, '--user', 'jdoe', '--device', 'BOTJDOE')
    const r = await run([...PA, 'pushnow'])
    assert.equal(
      r.stdout,
      'Uploaded 2 alarms to the Cisco Cloud (outbox) in 1 batch.\nSkipped 3 alarms below the minimum push level (Error).\nPending alarms: 0\n',
    )
    assert.equal(r.stderr, '', 'no progress indicator without a terminal')
    const j = (await run([...PA, 'pushnow', '--json'])).json()
    assert.deepEqual({u: j.uploaded, s: j.skippedBelowLevel, p: j.pending}, {u: 0, s: 0, p: 0})
    assert.equal(
      (await run([...PA, 'pushnow'])).stdout,
      'No Push Notifications alarms are queued; nothing to upload.\n',
    )
  })

  it('the outbox keeps the batch; PII is encrypted and only the Support Token decrypts it', async () => {
    const o = (await run(['alarms', 'outbox', '--json'])).json()
    assert.equal(o.total, 1)
    assert.deepEqual(
      {
        n: o.batches[0].number,
        k: o.batches[0].kind,
        c: o.batches[0].alarmCount,
        pii: o.batches[0].pii,
        d: o.batches[0].destination,
      },
      {n: 1, k: 'pushnow', c: 2, pii: 'encrypted', d: 'outbox'},
    )
    const b = await run(['alarms', 'batch', '1'])
    assert.ok(!/jdoe|BOTJDOE|cucm-pub/.test(b.stdout), 'no clear PII in the upload')
    const file = join(sb.dir, 'batch.json')
    writeFileSync(file, b.stdout)
    const d = (
      await run(['alarms', 'decrypt', '--file', file, '--token-stdin', '--json'], 0, {input: `${TOKEN}\n`})
    ).json()
    assert.deepEqual(
      d.alarms.map((a: {severity: string; pii: unknown}) => [a.severity, a.pii]),
      [
        ['Critical', {userName: 'jdoe', hostName: 'cucm-pub', deviceName: 'BOTJDOE'}],
        ['Error', {userName: 'jdoe', hostName: 'cucm-pub', deviceName: 'BOTJDOE'}],
      ],
    )
    const h = await run(['alarms', 'decrypt', '--batch', o.batches[0].batchId], 0, {
      env: {UCADMIN_SUPPORT_TOKEN: TOKEN},
    })
    assert.match(h.stdout, /^id +raised +severity +name +user +host +device +message$/m)
    assert.match(h.stdout, /Critical +SimulatedAlarm jdoe cucm-pub BOTJDOE Critical alarm/)
    oneLineError(
      await run(['alarms', 'decrypt', '--batch', '1', '--token-stdin'], 1, {input: 'wrong-token\n'}),
      /That token does not decrypt batch/,
    )
    oneLineError(await run(['alarms', 'decrypt', '--batch', '1'], 2), /Give the Cisco Support Token/)
    oneLineError(await run(['alarms', 'decrypt', '--token', 'x'], 2), /Name the batch to decrypt/)
    oneLineError(await run(['alarms', 'decrypt', '--batch', '99', '--token', 'x'], 2), /no alarm batch 99/)
  })

  it('scheduled uploads: a harness sees exactly which alarms were uploaded when', async () => {
    await run([...PA, 'minpushlevel', 'Warning'])
    const a = await raise(sb, 'Warning')
    await run(['sim', 'clock', 'advance', '10m'])
    const b = await raise(sb, 'Critical')
    const c = await raise(sb, 'Notice')
    const adv = (await run(['sim', 'clock', 'advance', '1h', '--json'])).json()
    assert.deepEqual(
      adv.ran.map((e: {at: string; summary: string}) => [e.at, e.summary]),
      [
        ['2026-01-05T09:30:00.000Z', 'lab: 2 alarms uploaded in 1 batch, 1 below Warning skipped'],
        ['2026-01-05T10:00:00.000Z', 'lab: no alarms queued'],
      ],
    )
    const list = (await run(['alarms', 'list', '--limit', '3', '--json'])).json().alarms
    assert.deepEqual(
      list.map((x: {id: number; state: string; batch: number | null; settledAt: string}) => [
        x.id,
        x.state,
        x.batch,
        x.settledAt,
      ]),
      [
        [a, 'uploaded', 2, '2026-01-05T09:30:00.000Z'],
        [b, 'uploaded', 2, '2026-01-05T09:30:00.000Z'],
        [c, 'skipped', null, '2026-01-05T09:30:00.000Z'],
      ],
    )
    const doc = (await run(['alarms', 'batch', '2', '--json'])).json()
    assert.deepEqual(
      [doc.kind, doc.uploadedAt, doc.minPushLevel, doc.customerClusterId, doc.alarms.map((x: {id: number}) => x.id)],
      ['scheduled', '2026-01-05T09:30:00.000Z', 'Warning', 'CCID-E2E', [a, b]],
    )
  })

  it('with "Send encrypted PII" off, PII is removed', async () => {
    onboard(sb, {encryptedPii: false})
    await raise(sb, 'Critical', '--user', 'jdoe')
    await run([...PA, 'pushnow'])
    const doc = (await run(['alarms', 'batch', '3', '--json'])).json()
    assert.deepEqual(doc.pii, {mode: 'removed'})
    assert.ok(!JSON.stringify(doc).includes('jdoe'))
    const d = await run(['alarms', 'decrypt', '--batch', '3', '--token', TOKEN])
    assert.match(d.stdout, /carries no PII: it was removed before upload/)
  })

  it('the Cisco Support Token is never printed', () => {
    assert.ok(outputs.length > 10)
    for (const o of outputs) assert.ok(!o.includes(TOKEN), o)
  })
})

describe('e2e: HTTP destination (UCADMIN_CLOUD_URL)', () => {
  const sb = new Sandbox()
  let server: Server
  let url: string
  let status = 200
  const bodies: string[] = []

  before(async () => {
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        bodies.push(body)
        res.statusCode = status
        res.end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pn-alarms`
    await sb.ok(LAB)
    onboard(sb)
  })
  after(() => {
    server.closeAllConnections()
    server.close()
    sb.remove()
  })

  it('pushnow POSTs the batch; the outbox records where it went', async () => {
    await raise(sb, 'Critical')
    const j = (await sb.ok([...PA, 'pushnow', '--json'], 0, {env: {UCADMIN_CLOUD_URL: url}})).json()
    assert.deepEqual({u: j.uploaded, d: j.destination}, {u: 1, d: url})
    assert.equal(bodies.length, 1)
    const sent = JSON.parse(bodies[0])
    assert.equal(sent.alarms[0].severity, 'Critical')
    assert.equal(bodies[0], JSON.stringify((await sb.ok(['alarms', 'batch', '1', '--json'])).json()))
  })

  it('a failing endpoint: exit 1, a clear message, the alarms stay queued', async () => {
    status = 500
    await raise(sb, 'Error')
    const r = await sb.ok([...PA, 'pushnow'], 1, {env: {UCADMIN_CLOUD_URL: url}})
    oneLineError(
      r,
      /The upload to http:\/\/127\.0\.0\.1:\d+\/pn-alarms failed \(HTTP 500 Internal Server Error\); 1 alarm stays queued\./,
    )
    assert.equal((await sb.ok(['alarms', 'status', '--json'])).json().queued, 1)
    const refused = await sb.ok([...PA, 'pushnow', '--json'], 1, {env: {UCADMIN_CLOUD_URL: 'http://127.0.0.1:1/x'}})
    assert.equal(refused.json().error.code, 'UPLOAD_FAILED')
  })

  it('scheduled uploads are delivered by HTTP when the clock moves; a failure keeps them queued', async () => {
    const r = await sb.ok(['sim', 'clock', 'advance', '30m', '--json'], 0, {env: {UCADMIN_CLOUD_URL: url}})
    const ran = r.json().ran.map((e: {kind: string; summary: string}) => `${e.kind}: ${e.summary}`)
    // The batch the failed pushnow made waits to be sent again, as it is (issue 25 item 12).
    assert.equal(ran[0], 'alarm-upload: lab: 1 alarm waits in staged batches, to be sent again under their batch ids')
    assert.match(
      ran[1],
      /^alarm-delivery: lab: The upload to .* failed \(HTTP 500 Internal Server Error\); 1 alarm stays queued\.$/,
    )
    assert.equal((await sb.ok(['alarms', 'status', '--json'])).json().queued, 1)
    status = 200
    const ok = await sb.ok(['sim', 'clock', 'advance', '30m', '--json'], 0, {env: {UCADMIN_CLOUD_URL: url}})
    assert.match(
      ok.json().ran[1].summary,
      /^lab: 1 alarm in 1 batch delivered to http:\/\/127\.0\.0\.1:\d+\/pn-alarms$/,
    )
    const o = (await sb.ok(['alarms', 'outbox', '--json'])).json()
    assert.deepEqual(
      o.batches.map((b: {kind: string; destination: string}) => [b.kind, b.destination]),
      [
        ['pushnow', url],
        ['pushnow', url],
      ],
    )
  })
})
