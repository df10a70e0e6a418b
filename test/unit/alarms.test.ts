import {REACTIONS} from './fixture.js'
import assert from 'node:assert/strict'
import {createServer, type IncomingMessage, type Server} from 'node:http'
import {mkdtempSync, rmSync} from 'node:fs'
import type {AddressInfo} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {PassThrough} from 'node:stream'

import type {IOStreams} from '../../src/command/io.js'
import {runHandler} from '../../src/run/runner.js'

import {decryptBatch, parseBatchDocument, type BatchDocument} from '../../src/features/platform/alarms/crypto.js'
import {
  BATCH_SIZE,
  cloudDestination,
  deliverAfterClockMove,
  pushNow,
  uploadBlocker,
  type Destination,
} from '../../src/features/guide/alarm-upload/upload.js'
import {
  ALARM_UPLOAD_EVENT,
  LEVELS,
  atOrAbove,
  followingUpload,
  levelsSent,
  nextUploadAt,
  parseLevel,
  checkPushFrequency,
  raiseAlarm,
  raiseAlarms,
  rank,
  serviceChangeAlarm,
  setMinPushLevel,
  setPushFrequency,
} from '../../src/features/platform/alarms/alarms.js'
import {Clock, EPOCH, expandRan} from '../../src/features/world/clock/clock.js'
import {UcError} from '../../src/core/errors.js'
import {EVENT_HANDLERS} from '../../src/compose/clock-events.js'
import {controlService} from '../../src/features/platform/services/control.js'
import {setNodeFault} from '../../src/features/scenario/faults/faults.js'
import {createCluster} from '../../src/features/guide/install/install.js'
import {countAlarms, findBatch, lastAlarms, lastBatches} from '../../src/features/platform/alarms/store.js'
import {type ClusterRow, type NodeRow, listNodes} from '../../src/features/world/cluster/store.js'
import {getOnboarding, saveOnboarding} from '../../src/features/guide/onboarding/store.js'
import {Store} from '../../src/store/store.js'
import {tailTrace, traceFiles} from '../../src/features/platform/traces/store.js'

const MIN = 60_000
const TOKEN = 'cst-7f3a9c1e-unit-test-support-token'

function rejects(fn: () => unknown, exit: 1 | 2, code?: string): UcError {
  try {
    fn()
  } catch (error) {
    assert.ok(error instanceof UcError, `expected a UcError, got ${String(error)}`)
    assert.equal(error.exitCode, exit, error.message)
    if (code) assert.equal(error.code, code, error.message)
    assert.ok(!error.message.includes('\n'), 'one line')
    return error
  }
  assert.fail('expected an error')
}

async function rejectsAsync(p: Promise<unknown>, exit: 1 | 2, code?: string): Promise<UcError> {
  try {
    await p
  } catch (error) {
    assert.ok(error instanceof UcError, `expected a UcError, got ${String(error)}`)
    assert.equal(error.exitCode, exit)
    if (code) assert.equal(error.code, code, error.message)
    return error
  }
  assert.fail('expected an error')
}

class Lab {
  readonly dir = mkdtempSync(join(tmpdir(), 'ucadmin-alarms-'))
  readonly store = Store.open(join(this.dir, 'state.db'))
  readonly clock = new Clock(this.store, () => EVENT_HANDLERS)
  readonly cluster: ClusterRow
  readonly nodes: NodeRow[]

  constructor() {
    this.cluster = createCluster(this.store, this.clock, {
      name: 'lab',
      version: '14SU3',
      publisher: 'cucm-pub',
      subscribers: ['cucm-sub1'],
      impPublisher: 'imp-pub',
      impSubscribers: [],
    })
    this.nodes = listNodes(this.store, this.cluster.id)
  }

  node(host: string): NodeRow {
    return listNodes(this.store, this.cluster.id).find((n) => n.host === host)!
  }

  get pub(): NodeRow {
    return this.node('cucm-pub')
  }

  onboard(
    o: {
      push?: boolean
      troubleshooting?: boolean
      encryptedPii?: boolean
      phase?: 'disabled' | 'pending' | 'completed'
      token?: string | null
    } = {},
  ): void {
    const row = getOnboarding(this.store, this.cluster.id)
    saveOnboarding(this.store, {
      ...row,
      push: o.push ?? true,
      manageCerts: true,
      troubleshooting: o.troubleshooting ?? true,
      encryptedPii: o.encryptedPii ?? false,
      phase: o.phase ?? 'completed',
      customerClusterId: 'CCID-0001',
      supportToken: o.token === undefined ? TOKEN : o.token,
      completedAt: this.clock.now(),
    })
  }

  raise(severity: string, extra: {host?: string; user?: string; device?: string; message?: string} = {}): number {
    return raiseAlarm(this.store, this.clock, this.node(extra.host ?? 'cucm-pub'), {
      severity,
      name: 'TestAlarm',
      message: extra.message ?? `a ${severity} alarm`,
      source: 'sim',
      pii: {user: extra.user, device: extra.device},
    })
  }

  cmasTrace(): string[] {
    const dir = 'cm/trace/cmas/log4j'
    const files = traceFiles(this.store, this.pub.id, dir)
    return files.flatMap((f) => tailTrace(this.store, this.pub.id, dir, f.file, 100_000))
  }

  payloads(): BatchDocument[] {
    return lastBatches(this.store, this.cluster.id, 100_000).map((b) =>
      parseBatchDocument(findBatch(this.store, String(b.id))!.payload, 'batch'),
    )
  }

  close(): void {
    this.store.close()
    rmSync(this.dir, {recursive: true, force: true})
  }
}

const OUTBOX: Destination = {kind: 'outbox'}

describe('alarms: levels and settings', () => {
  it('orders the five levels from Critical down to Information', () => {
    assert.deepEqual([...LEVELS], ['Critical', 'Error', 'Warning', 'Notice', 'Information'])
    assert.ok(
      rank('Critical') < rank('Error') &&
        rank('Error') < rank('Warning') &&
        rank('Warning') < rank('Notice') &&
        rank('Notice') < rank('Information'),
    )
    assert.ok(atOrAbove('Critical', 'Error'))
    assert.ok(atOrAbove('Error', 'Error'))
    assert.ok(!atOrAbove('Warning', 'Error'))
    assert.ok(atOrAbove('Information', 'Information'))
    assert.deepEqual(levelsSent('Error'), ['Critical', 'Error'])
    assert.deepEqual(levelsSent('Critical'), ['Critical'])
    assert.deepEqual(levelsSent('Information'), [...LEVELS])
  })

  it('parses levels in any letter case and refuses others with exit 2', () => {
    assert.equal(parseLevel('warning'), 'Warning')
    assert.equal(parseLevel('CRITICAL'), 'Critical')
    assert.equal(parseLevel(' InFoRmAtIoN '), 'Information')
    for (const bad of ['', '  ', 'fatal', 'Info', 'Err', 'Errors', '3']) rejects(() => parseLevel(bad), 2, 'BAD_LEVEL')
  })

  it('accepts push frequencies 5..90 as whole minutes only', () => {
    assert.equal(checkPushFrequency(5), 5)
    assert.equal(checkPushFrequency(90), 90)
    for (const bad of [4, 0, 91, -5, 7.5, Number.NaN]) rejects(() => checkPushFrequency(bad), 2, 'BAD_FREQUENCY')
  })

  it('schedule math: the next upload counts from the due time, with no drift', () => {
    assert.equal(followingUpload(EPOCH, 30), EPOCH + 30 * MIN)
    assert.equal(followingUpload(EPOCH + 7, 5), EPOCH + 7 + 5 * MIN)
  })
})

describe('alarms: the schedule on the simulated clock', () => {
  let lab: Lab
  beforeEach(() => (lab = new Lab()))
  afterEach(() => lab.close())

  it('every new cluster has an upload scheduled 30 minutes after its creation', () => {
    assert.equal(nextUploadAt(lab.store, lab.cluster.id), EPOCH + 30 * MIN)
  })

  it('advancing 2h with the default 30 minutes runs exactly four uploads, at 30, 60, 90 and 120 minutes', () => {
    const ran = expandRan(lab.clock.runUntil(EPOCH + 120 * MIN)).events.filter((e) => e.kind === ALARM_UPLOAD_EVENT)
    assert.deepEqual(
      ran.map((e) => e.at),
      [30, 60, 90, 120].map((m) => new Date(EPOCH + m * MIN).toISOString()),
    )
    assert.equal(nextUploadAt(lab.store, lab.cluster.id), EPOCH + 150 * MIN)
  })

  it('changing pushfrequency reschedules: the next upload is MINUTES after the change, then every MINUTES', () => {
    lab.clock.runUntil(EPOCH + 50 * MIN) // one upload at 30
    setPushFrequency(lab.store, lab.clock, lab.pub, 45)
    assert.equal(nextUploadAt(lab.store, lab.cluster.id), EPOCH + 95 * MIN)
    const ran = expandRan(lab.clock.runUntil(EPOCH + 185 * MIN)).events.filter((e) => e.kind === ALARM_UPLOAD_EVENT)
    assert.deepEqual(
      ran.map((e) => e.at),
      [95, 140, 185].map((m) => new Date(EPOCH + m * MIN).toISOString()),
    )
  })

  it('setting the same frequency again keeps the schedule', () => {
    lab.clock.runUntil(EPOCH + 10 * MIN)
    setPushFrequency(lab.store, lab.clock, lab.pub, 30)
    assert.equal(nextUploadAt(lab.store, lab.cluster.id), EPOCH + 30 * MIN)
  })

  it('a scheduled upload sends what is queued at its time, once; later alarms wait for the next one', () => {
    lab.onboard()
    const a = lab.raise('Error')
    lab.clock.runUntil(EPOCH + 40 * MIN) // upload at 30 sends a
    const b = lab.raise('Critical')
    lab.clock.runUntil(EPOCH + 60 * MIN) // upload at 60 sends b only
    const docs = lab.payloads()
    assert.deepEqual(
      docs.map((d) => [d.uploadedAt, d.kind, d.alarms.map((x) => x.id)]),
      [
        [new Date(EPOCH + 30 * MIN).toISOString(), 'scheduled', [a]],
        [new Date(EPOCH + 60 * MIN).toISOString(), 'scheduled', [b]],
      ],
    )
  })

  it('a scheduled upload that cannot send logs to the CMAS trace, keeps the queue and stays scheduled', () => {
    lab.raise('Critical')
    const ran = expandRan(lab.clock.runUntil(EPOCH + 60 * MIN)).events
    assert.equal(ran.length, 2)
    assert.match(ran[0].summary, /not sent \(NOT_ONBOARDED\): 1 alarm stays queued/)
    assert.equal(countAlarms(lab.store, lab.cluster.id).queued, 1)
    assert.equal(nextUploadAt(lab.store, lab.cluster.id), EPOCH + 90 * MIN)
    assert.ok(lab.cmasTrace().some((l) => /ERROR .*Scheduled upload not sent: Cluster lab is not onboarded/.test(l)))
    // Once onboarded, the next scheduled upload sends it.
    lab.onboard()
    lab.clock.runUntil(EPOCH + 90 * MIN)
    assert.equal(countAlarms(lab.store, lab.cluster.id).uploaded, 1)
  })
})

describe('alarms: uploads (pushnow)', () => {
  let lab: Lab
  beforeEach(() => (lab = new Lab()))
  afterEach(() => lab.close())

  it('sends every queued alarm at or above the minimum level once; below it is skipped and never sent', async () => {
    lab.onboard()
    const ids = Object.fromEntries(LEVELS.map((l) => [l, lab.raise(l)]))
    setMinPushLevel(lab.store, lab.clock, lab.pub, 'Warning')
    const r = await pushNow(lab.store, lab.clock, lab.cluster, OUTBOX)
    assert.deepEqual(
      {uploaded: r.uploaded, skipped: r.skippedBelowLevel, pending: r.pending, batches: r.batches},
      {uploaded: 3, skipped: 2, pending: 0, batches: 1},
    )
    assert.deepEqual(
      lab.payloads()[0].alarms.map((a) => a.id),
      [ids.Critical, ids.Error, ids.Warning],
    )
    // Once: a second pushnow has nothing; lowering the level does not resurrect skipped alarms.
    setMinPushLevel(lab.store, lab.clock, lab.pub, 'Information')
    const again = await pushNow(lab.store, lab.clock, lab.cluster, OUTBOX)
    assert.deepEqual(
      {uploaded: again.uploaded, skipped: again.skippedBelowLevel, pending: again.pending},
      {uploaded: 0, skipped: 0, pending: 0},
    )
    assert.equal(lab.payloads().length, 1)
    const states = lastAlarms(lab.store, lab.cluster.id, 10).map((a) => [a.severity, a.state])
    assert.deepEqual(states, [
      ['Critical', 'uploaded'],
      ['Error', 'uploaded'],
      ['Warning', 'uploaded'],
      ['Notice', 'skipped'],
      ['Information', 'skipped'],
    ])
  })

  it('the default level is Error', async () => {
    lab.onboard()
    for (const l of LEVELS) lab.raise(l)
    const r = await pushNow(lab.store, lab.clock, lab.cluster, OUTBOX)
    assert.equal(r.minPushLevel, 'Error')
    assert.equal(r.uploaded, 2)
    assert.equal(r.skippedBelowLevel, 3)
  })

  it('splits large queues into batches of 1000, oldest first, each alarm in exactly one batch', async () => {
    lab.onboard()
    const r0 = raiseAlarms(
      lab.store,
      lab.clock,
      lab.pub,
      {severity: 'Error', name: 'Bulk', message: 'bulk', source: 'sim'},
      2 * BATCH_SIZE + 500,
    )
    const r = await pushNow(lab.store, lab.clock, lab.cluster, OUTBOX)
    assert.equal(r.uploaded, 2500)
    assert.equal(r.batches, 3)
    const docs = lab.payloads()
    assert.deepEqual(
      docs.map((d) => d.alarms.length),
      [1000, 1000, 500],
    )
    const all = docs.flatMap((d) => d.alarms.map((a) => a.id))
    assert.equal(new Set(all).size, 2500)
    assert.equal(all[0], r0.firstId)
    assert.equal(all.at(-1), r0.lastId)
  })

  it('refuses, changing nothing, when CMAS is not running, the cluster is not onboarded, or troubleshooting is off', async () => {
    lab.raise('Critical')
    const check = async (expect: string, queued = 1) => {
      const e = await rejectsAsync(pushNow(lab.store, lab.clock, lab.cluster, OUTBOX), 1, expect)
      assert.match(
        e.message,
        queued === 1
          ? /nothing was sent and the 1 queued alarm is kept/
          : new RegExp(`nothing was sent and the ${queued} queued alarms are kept`),
      )
      assert.equal(countAlarms(lab.store, lab.cluster.id).queued, queued)
    }
    await check('NOT_ONBOARDED') // never onboarded
    lab.onboard({phase: 'pending'})
    await check('NOT_ONBOARDED')
    lab.onboard({push: false})
    await check('NOT_ONBOARDED')
    lab.onboard({troubleshooting: false})
    await check('TROUBLESHOOTING_OFF')
    lab.onboard({encryptedPii: true, token: null})
    await check('NO_SUPPORT_TOKEN')
    lab.onboard()
    controlService(lab.store, lab.clock, lab.pub, 'Cisco Management Agent Service', 'stop', REACTIONS) // queues a ServiceStopped alarm
    await check('CMAS_NOT_RUNNING', 2)
    controlService(lab.store, lab.clock, lab.pub, 'Cisco Management Agent Service', 'start', REACTIONS)
    setNodeFault(lab.store, lab.clock, lab.pub, 'node-down', REACTIONS)
    lab.raise('Error', {host: 'cucm-sub1'})
    assert.equal(uploadBlocker(lab.store, lab.cluster)?.code, 'CMAS_NOT_RUNNING')
    assert.equal(lab.payloads().length, 0)
  })

  it('a stopped CMAS queues its own alarm and sends it once restarted', async () => {
    lab.onboard()
    controlService(lab.store, lab.clock, lab.pub, 'Cisco Management Agent Service', 'stop', REACTIONS)
    controlService(lab.store, lab.clock, lab.pub, 'Cisco Management Agent Service', 'start', REACTIONS)
    setMinPushLevel(lab.store, lab.clock, lab.pub, 'Notice')
    const r = await pushNow(lab.store, lab.clock, lab.cluster, OUTBOX)
    assert.equal(r.uploaded, 1)
    assert.equal(lab.payloads()[0].alarms[0].name, 'ServiceStopped')
  })
})

describe('alarms: raised by the system', () => {
  let lab: Lab
  beforeEach(() => (lab = new Lab()))
  afterEach(() => lab.close())

  it('a service stopping raises a Notice, a crash a Critical alarm, on the node where it happened', () => {
    controlService(lab.store, lab.clock, lab.node('cucm-sub1'), 'Cisco Tomcat', 'stop', REACTIONS)
    controlService(lab.store, lab.clock, lab.node('imp-pub'), 'Cisco XCP Router', 'crash', REACTIONS)
    controlService(lab.store, lab.clock, lab.node('cucm-sub1'), 'Cisco Tomcat', 'start', REACTIONS)
    const a = lastAlarms(lab.store, lab.cluster.id, 10)
    assert.deepEqual(
      a.map((x) => [x.node, x.severity, x.name, x.source, x.hostName]),
      [
        ['cucm-sub1', 'Notice', 'ServiceStopped', 'system', 'cucm-sub1'],
        ['imp-pub', 'Critical', 'CriticalServiceDown', 'system', 'imp-pub'],
      ],
    )
    assert.ok(
      !a.some((x) => x.message.includes('cucm-sub1') || x.message.includes('imp-pub')),
      'no host names in alarm texts',
    )
    assert.equal(serviceChangeAlarm('X', 'start'), undefined)
    assert.equal(serviceChangeAlarm('X', 'restart'), undefined)
  })

  it("raiseAlarm validates its input and traces to the publisher's CMAS log", () => {
    rejects(() => lab.raise('bogus'), 2, 'BAD_LEVEL')
    rejects(
      () => raiseAlarm(lab.store, lab.clock, lab.pub, {severity: 'Error', name: 'X', message: '  '}),
      2,
      'BAD_ALARM',
    )
    rejects(
      () => raiseAlarm(lab.store, lab.clock, lab.pub, {severity: 'Error', name: 'has space', message: 'x'}),
      2,
      'BAD_ALARM',
    )
    const id = raiseAlarm(lab.store, lab.clock, lab.node('cucm-sub1'), {
      severity: 'error',
      name: 'PushNotificationTokenFetchFailed',
      message: 'token fetch failed',
      pii: {user: 'jdoe'},
    })
    const row = lastAlarms(lab.store, lab.cluster.id, 1)[0]
    assert.equal(row.id, id)
    assert.deepEqual(
      [row.severity, row.raisedAt, row.userName, row.hostName, row.deviceName],
      ['Error', lab.clock.now(), 'jdoe', 'cucm-sub1', null],
    )
    assert.ok(
      lab
        .cmasTrace()
        .some((l) => l.includes(`Queued alarm ${id} PushNotificationTokenFetchFailed (Error) from cucm-sub1`)),
    )
  })
})

describe('alarms: PII', () => {
  let lab: Lab
  beforeEach(() => (lab = new Lab()))
  afterEach(() => lab.close())

  it('with "Send encrypted PII" on, PII is AES-256-GCM encrypted and the Support Token decrypts it', async () => {
    lab.onboard({encryptedPii: true})
    const id = lab.raise('Critical', {host: 'cucm-sub1', user: 'jdoe', device: 'BOTJDOE'})
    await pushNow(lab.store, lab.clock, lab.cluster, OUTBOX)
    const raw = findBatch(lab.store, '1')!.payload
    for (const secret of ['jdoe', 'BOTJDOE', 'cucm-sub1', TOKEN])
      assert.ok(!raw.includes(secret), `${secret} is not in the upload`)
    const doc = parseBatchDocument(raw, 'batch')
    assert.equal(doc.pii.mode, 'encrypted')
    assert.equal((doc.pii as {algorithm: string}).algorithm, 'AES-256-GCM')
    const clear = decryptBatch(doc, TOKEN)
    assert.deepEqual(
      clear.alarms.map((a) => [a.id, a.pii]),
      [[id, {userName: 'jdoe', hostName: 'cucm-sub1', deviceName: 'BOTJDOE'}]],
    )
    assert.equal((clear.pii as {mode: string}).mode, 'decrypted')
  })

  it('a wrong token, or a tampered or moved ciphertext, does not decrypt', async () => {
    lab.onboard({encryptedPii: true})
    lab.raise('Critical', {user: 'a'})
    lab.raise('Critical', {user: 'b'})
    await pushNow(lab.store, lab.clock, lab.cluster, OUTBOX)
    const doc = parseBatchDocument(findBatch(lab.store, '1')!.payload, 'batch')
    const e = rejects(() => decryptBatch(doc, 'not-the-token'), 1, 'WRONG_TOKEN')
    assert.ok(!e.message.includes('not-the-token') && !e.message.includes(TOKEN))
    const swapped = structuredClone(doc)
    ;[swapped.alarms[0].pii, swapped.alarms[1].pii] = [swapped.alarms[1].pii, swapped.alarms[0].pii]
    rejects(() => decryptBatch(swapped, TOKEN), 1, 'WRONG_TOKEN')
    const tampered = structuredClone(doc)
    const p = tampered.alarms[0].pii as {data: string}
    p.data = Buffer.from(Buffer.from(p.data, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64')
    rejects(() => decryptBatch(tampered, TOKEN), 1, 'WRONG_TOKEN')
  })

  it('each batch has its own salt (and so its own key)', async () => {
    lab.onboard({encryptedPii: true})
    raiseAlarms(
      lab.store,
      lab.clock,
      lab.pub,
      {severity: 'Error', name: 'Bulk', message: 'bulk', pii: {user: 'u'}},
      BATCH_SIZE + 1,
    )
    await pushNow(lab.store, lab.clock, lab.cluster, OUTBOX)
    const salts = lab.payloads().map((d) => (d.pii as {salt: string}).salt)
    assert.equal(salts.length, 2)
    assert.notEqual(salts[0], salts[1])
    for (const d of lab.payloads())
      assert.ok(decryptBatch(d, TOKEN).alarms.every((a) => (a.pii as {userName: string}).userName === 'u'))
  })

  it('with it off, PII is removed before upload', async () => {
    lab.onboard({encryptedPii: false})
    lab.raise('Critical', {host: 'cucm-sub1', user: 'jdoe', device: 'BOTJDOE'})
    await pushNow(lab.store, lab.clock, lab.cluster, OUTBOX)
    const raw = findBatch(lab.store, '1')!.payload
    for (const secret of ['jdoe', 'BOTJDOE', 'cucm-sub1', 'cucm-pub', TOKEN])
      assert.ok(!raw.includes(secret), `${secret} is not in the upload`)
    const doc = parseBatchDocument(raw, 'batch')
    assert.deepEqual(doc.pii, {mode: 'removed'})
    assert.ok(doc.alarms.every((a) => !('pii' in a)))
    assert.equal(decryptBatch(doc, 'any'), doc)
  })

  it('refuses documents that are not batches', () => {
    rejects(() => parseBatchDocument('nope', 'x'), 2, 'BAD_BATCH')
    rejects(() => parseBatchDocument('{"a":1}', 'x'), 2, 'BAD_BATCH')
  })
})

describe('alarms: HTTP destination (UCADMIN_CLOUD_URL)', () => {
  let lab: Lab
  let server: Server
  let url: string
  const received: Array<{body: string; headers: IncomingMessage['headers']}> = []
  /** What the server answers for the n-th request (0-based): a status, or 'hang'. */
  let answer: (n: number) => number | 'hang' = () => 200

  before(async () => {
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        const a = answer(received.length)
        received.push({body, headers: req.headers})
        if (a === 'hang') return
        res.statusCode = a
        res.end(a === 200 ? 'ok' : 'no')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pn-alarms`
  })
  after(() => {
    server.closeAllConnections()
    server.close()
  })
  beforeEach(() => {
    lab = new Lab()
    lab.onboard({encryptedPii: true})
    received.length = 0
    answer = () => 200
  })
  afterEach(() => lab.close())

  it('parses the destination: outbox by default, http(s) URLs, credentials as Basic auth, a timeout', () => {
    assert.deepEqual(cloudDestination({}), {kind: 'outbox'})
    const d = cloudDestination({UCADMIN_CLOUD_URL: 'https://u%40x:p@cloud.example.com/a', UCADMIN_CLOUD_TIMEOUT: '2s'})
    assert.equal(d.kind, 'http')
    if (d.kind !== 'http') return
    assert.equal(d.shown, 'https://cloud.example.com/a')
    assert.equal(d.timeoutMs, 2000)
    assert.equal(d.authorization, `Basic ${Buffer.from('u@x:p').toString('base64')}`)
    for (const bad of ['ftp://x', 'not a url', 'file:///etc/passwd'])
      rejects(() => cloudDestination({UCADMIN_CLOUD_URL: bad}), 2, 'BAD_CLOUD_URL')
    rejects(() => cloudDestination({UCADMIN_CLOUD_URL: url, UCADMIN_CLOUD_TIMEOUT: '5m'}), 2, 'BAD_CLOUD_TIMEOUT')
  })

  it('POSTs the same JSON batch the outbox keeps, with the batch id as idempotency key', async () => {
    lab.raise('Critical', {user: 'jdoe'})
    lab.raise('Error')
    const r = await pushNow(lab.store, lab.clock, lab.cluster, cloudDestination({UCADMIN_CLOUD_URL: url}))
    assert.equal(r.uploaded, 2)
    assert.equal(r.destination, url)
    assert.equal(received.length, 1)
    const stored = findBatch(lab.store, '1')!
    assert.equal(received[0].body, stored.payload)
    assert.equal(received[0].headers['content-type'], 'application/json')
    assert.equal(received[0].headers['idempotency-key'], stored.pkid)
    assert.equal(stored.destination, url)
    assert.equal(
      (decryptBatch(parseBatchDocument(received[0].body, 'body'), TOKEN).alarms[0].pii as {userName: string}).userName,
      'jdoe',
    )
  })

  it('on failure nothing is lost: the batch stays queued and the error is clear', async () => {
    lab.raise('Critical')
    answer = () => 500
    const e = await rejectsAsync(
      pushNow(lab.store, lab.clock, lab.cluster, cloudDestination({UCADMIN_CLOUD_URL: url})),
      1,
      'UPLOAD_FAILED',
    )
    assert.match(e.message, /HTTP 500/)
    assert.equal(countAlarms(lab.store, lab.cluster.id).queued, 1)
    // The batch stays staged (not delivered) under its id, to be sent again as it is.
    assert.deepEqual(
      lastBatches(lab.store, lab.cluster.id, 10).map((b) => b.deliveredAt),
      [null],
    )
    // A refused connection and a timeout likewise.
    await rejectsAsync(
      pushNow(lab.store, lab.clock, lab.cluster, cloudDestination({UCADMIN_CLOUD_URL: 'http://127.0.0.1:1/x'})),
      1,
      'UPLOAD_FAILED',
    )
    answer = () => 'hang'
    const t = await rejectsAsync(
      pushNow(
        lab.store,
        lab.clock,
        lab.cluster,
        cloudDestination({UCADMIN_CLOUD_URL: url, UCADMIN_CLOUD_TIMEOUT: '200ms'}),
      ),
      1,
      'UPLOAD_FAILED',
    )
    assert.match(t.message, /no answer within 0.2s/)
    assert.equal(countAlarms(lab.store, lab.cluster.id).queued, 1)
    // The endpoint is back: the alarm goes, once.
    answer = () => 200
    const ok = await pushNow(lab.store, lab.clock, lab.cluster, cloudDestination({UCADMIN_CLOUD_URL: url}))
    assert.equal(ok.uploaded, 1)
    // Every attempt carried the same batch id (issue 25 item 12: receivers drop duplicates by it).
    assert.equal(new Set(received.map((x) => x.headers['idempotency-key'])).size, 1)
  })

  it('when a later batch fails, what arrived stays uploaded and the rest stays queued (exit 1)', async () => {
    raiseAlarms(lab.store, lab.clock, lab.pub, {severity: 'Error', name: 'Bulk', message: 'bulk'}, 2 * BATCH_SIZE + 1)
    answer = (n) => (n === 1 ? 503 : 200)
    const r = await pushNow(lab.store, lab.clock, lab.cluster, cloudDestination({UCADMIN_CLOUD_URL: url}))
    assert.equal(r.uploaded, BATCH_SIZE)
    assert.equal(r.pending, BATCH_SIZE + 1)
    assert.equal(r.error?.code, 'UPLOAD_FAILED')
    const again = await pushNow(lab.store, lab.clock, lab.cluster, cloudDestination({UCADMIN_CLOUD_URL: url}))
    assert.equal(again.uploaded, BATCH_SIZE + 1)
    const ids = received
      .filter((_, i) => i !== 1)
      .flatMap((x) => (JSON.parse(x.body) as BatchDocument).alarms.map((a) => a.id))
    assert.equal(ids.length, 2 * BATCH_SIZE + 1)
    assert.equal(new Set(ids).size, ids.length, 'each alarm arrived once')
  })

  it('scheduled uploads are delivered when the clock has moved; a failed delivery queues them again', async () => {
    lab.raise('Critical')
    lab.clock.runUntil(EPOCH + 30 * MIN)
    answer = () => 500
    const failed = await deliverAfterClockMove(lab.store, lab.clock, {UCADMIN_CLOUD_URL: url})
    assert.equal(failed.length, 1)
    assert.match(failed[0].summary, /failed \(HTTP 500 Internal Server Error\); 1 alarm stays queued/)
    assert.equal(countAlarms(lab.store, lab.cluster.id).queued, 1)
    assert.ok(lab.cmasTrace().some((l) => /ERROR .*Upload of batch .* failed: HTTP 500/.test(l)))
    answer = () => 200
    lab.clock.runUntil(EPOCH + 60 * MIN)
    const ok = await deliverAfterClockMove(lab.store, lab.clock, {UCADMIN_CLOUD_URL: url})
    assert.match(ok[0].summary, /1 alarm in 1 batch delivered to/)
    assert.equal(countAlarms(lab.store, lab.cluster.id).uploaded, 1)
    assert.deepEqual(await deliverAfterClockMove(lab.store, lab.clock, {UCADMIN_CLOUD_URL: url}), [])
  })
})

describe('alarms: pushnow through the command runner', () => {
  let lab: Lab
  beforeEach(() => (lab = new Lab()))
  afterEach(() => lab.close())

  function streams(tty: boolean): {io: IOStreams; out: () => string; err: () => string} {
    const out = new PassThrough()
    const err = new PassThrough()
    let o = ''
    let e = ''
    out.on('data', (c) => (o += String(c)))
    err.on('data', (c) => (e += String(c)))
    return {
      io: {in: new PassThrough(), out, err, stdinIsTTY: tty, stdoutIsTTY: tty, color: false, columns: 80},
      out: () => o,
      err: () => e,
    }
  }

  const run = (s: ReturnType<typeof streams>, json = false) =>
    runHandler('alarms/alarms#pushnow', {args: {}, argv: [], flags: {json}}, {io: s.io, env: {}, store: lab.store})

  it('shows a progress indicator on stderr at a terminal only', async () => {
    lab.onboard()
    raiseAlarms(lab.store, lab.clock, lab.pub, {severity: 'Error', name: 'Bulk', message: 'bulk'}, 2 * BATCH_SIZE + 500)
    const tty = streams(true)
    assert.equal(await run(tty), 0)
    assert.match(tty.err(), /\rPacking alarms: 1000\/2500 \(40%\)/)
    assert.match(tty.err(), /\rPacking alarms: 2500\/2500 \(100%\)/)
    assert.ok(tty.err().endsWith('\r\u001B[K'), 'the line is cleared at the end')
    assert.match(tty.out(), /^Uploaded 2500 alarms to the Cisco Cloud \(outbox\) in 3 batches\./)

    raiseAlarms(lab.store, lab.clock, lab.pub, {severity: 'Error', name: 'Bulk', message: 'bulk'}, 1500)
    const script = streams(false)
    assert.equal(await run(script), 0)
    assert.equal(script.err(), '')
    raiseAlarms(lab.store, lab.clock, lab.pub, {severity: 'Error', name: 'Bulk', message: 'bulk'}, 1500)
    const json = streams(true)
    assert.equal(await run(json, true), 0)
    assert.equal(json.err(), '')
    assert.deepEqual(JSON.parse(json.out()).uploaded, 1500)
  })
})
