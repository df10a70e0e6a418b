import assert from 'node:assert/strict'
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'

import {execa} from 'execa'

import {BIN, LAB, Sandbox, onboard} from '../helpers.js'

/** Issue 25 items 10, 11 and 12: alarm uploads to a cloud endpoint that is slow, huge or silent. */

const PA = ['utils', 'managementAgent', 'alarms']

type Answer = (req: IncomingMessage, res: ServerResponse, n: number) => void

describe('hardening: alarm uploads to a hostile cloud (issue 25 items 10-12)', function () {
  this.timeout(60_000)
  let sb: Sandbox
  let server: Server
  let url = ''
  let answer: Answer = (_q, res) => res.end()
  const received: Array<{batchId: string; key: string}> = []
  /** Requests that were left without an answer (released at the end of each test). */
  const held: ServerResponse[] = []
  const waiting = (): number => held.length

  before(async () => {
    server = createServer((req, res) => {
      let body = ''
      req.on('data', (c) => (body += c))
      req.on('end', () => {
        const n = received.length
        received.push({
          batchId: (JSON.parse(body) as {batchId: string}).batchId,
          key: String(req.headers['idempotency-key']),
        })
        answer(req, res, n)
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pn`
  })
  after(() => {
    server.closeAllConnections()
    server.close()
  })
  beforeEach(async () => {
    sb = new Sandbox()
    received.length = 0
    answer = (_q, res) => res.end()
    await sb.ok(LAB)
    await onboard(sb)
    await sb.ok(['onboarding', 'save', '--troubleshooting', 'on'])
  })
  afterEach(() => {
    for (const r of held.splice(0)) r.destroy()
    sb.remove()
  })

  it('12. a batch that timed out is sent again under the same batch id, by pushnow and by the scheduled upload', async () => {
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Critical', '--message', 'one'])
    answer = (_q, res) => held.push(res) // silent: the upload times out
    const r = await sb.ok([...PA, 'pushnow'], 1, {env: {UCADMIN_CLOUD_URL: url, UCADMIN_CLOUD_TIMEOUT: '300ms'}})
    assert.match(r.stderr, /no answer within 0\.3s\); 1 alarm stays queued/)
    assert.equal((await sb.ok(['alarms', 'status', '--json'])).json().queued, 1)
    // The clock moves (the scheduled upload runs) while the endpoint is still silent; then again when it answers.
    await sb.ok(['sim', 'clock', 'advance', '31m'], 0, {env: {UCADMIN_CLOUD_URL: url, UCADMIN_CLOUD_TIMEOUT: '300ms'}})
    answer = (_q, res) => res.end()
    const ok = await sb.ok(['sim', 'clock', 'advance', '30m', '--json'], 0, {env: {UCADMIN_CLOUD_URL: url}})
    assert.ok(ok.json().ran.some((e: {summary: string}) => /1 alarm in 1 batch delivered/.test(e.summary)))
    assert.equal(received.length, 3)
    assert.equal(new Set(received.map((x) => x.batchId)).size, 1, 'every attempt is the same batch')
    for (const x of received) assert.equal(x.key, x.batchId)
    const status = (await sb.ok(['alarms', 'status', '--json'])).json()
    assert.deepEqual([status.queued, status.uploaded, status.batches], [0, 1, 1])
    // Nothing is sent twice once it arrived.
    await sb.ok([...PA, 'pushnow'], 0, {env: {UCADMIN_CLOUD_URL: url}})
    assert.equal(received.length, 3)
  })

  it('10. network waits hold no lock: other commands write while the endpoint has not answered', async () => {
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Critical', '--message', 'backlog', '--count', '1500'])
    answer = (_q, res) => held.push(res)
    const child = execa('node', [BIN, ...PA, 'pushnow'], {
      env: {UCADMIN_DB: sb.db, UCADMIN_CLOUD_URL: url, UCADMIN_CLOUD_TIMEOUT: '60', NO_COLOR: '1'},
      reject: false,
    })
    for (let i = 0; i < 400 && waiting() === 0; i++) await new Promise((r) => setTimeout(r, 25))
    assert.equal(waiting(), 1, 'the first batch reached the endpoint')
    // The upload waits for the network: writers go on (the busy timeout is 15 s; the write lock is free).
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Critical', '--message', 'meanwhile'])
    await sb.ok(['utils', 'service', 'restart', 'Cisco', 'Tomcat'])
    assert.equal(waiting(), 1, 'still waiting for the first answer')
    answer = (_q, res) => res.end()
    held.shift()!.end()
    const r = await child
    assert.equal(r.exitCode, 0, String(r.stderr))
    assert.match(String(r.stdout), /Uploaded 1500 alarms .* in 2 batches/)
    assert.equal((await sb.ok(['alarms', 'status', '--json'])).json().queued, 1)

    // The same for the delivery of a scheduled upload after `sim clock advance` (it used to run inside the move's
    // transaction, holding the write lock while the endpoint waited).
    answer = (_q, res) => held.push(res)
    const clock = execa('node', [BIN, 'sim', 'clock', 'advance', '31m'], {
      env: {UCADMIN_DB: sb.db, UCADMIN_CLOUD_URL: url, UCADMIN_CLOUD_TIMEOUT: '60', NO_COLOR: '1'},
      reject: false,
    })
    for (let i = 0; i < 400 && waiting() === 0; i++) await new Promise((r) => setTimeout(r, 25))
    assert.equal(waiting(), 1, 'the scheduled batch reached the endpoint')
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Critical', '--message', 'while the clock delivers'])
    held.shift()!.end()
    const c = await clock
    assert.equal(c.exitCode, 0, String(c.stderr))
    assert.match(String(c.stdout), /1 alarm in 1 batch delivered/)
  })

  it('10. the network waits of one command are bounded as a whole; what did not go stays staged under its ids', async () => {
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Critical', '--message', 'backlog', '--count', '5000'])
    // Each answer takes 200 ms: 5 batches would take 1 s; the command may wait 500 ms in all.
    answer = (_q, res) => {
      const t = setTimeout(() => res.end(), 200)
      res.on('close', () => clearTimeout(t))
    }
    const r = await sb.ok([...PA, 'pushnow', '--json'], 1, {
      env: {UCADMIN_CLOUD_URL: url, UCADMIN_CLOUD_TIMEOUT: '500ms'},
    })
    const j = r.json()
    assert.equal(j.error.code, 'UPLOAD_FAILED')
    assert.ok(j.batches >= 1 && j.batches < 5, `${j.batches} batches arrived`)
    assert.match(j.error.message, /no answer within the 0\.5s this upload may wait in all/)
    assert.equal(j.pending, 5000 - j.uploaded)
    const firstTry = received.map((x) => x.batchId)
    // Once the endpoint is fast, the next pushnow sends the batches that did not arrive, under the same ids.
    answer = (_q, res) => res.end()
    received.length = 0
    const ok = (await sb.ok([...PA, 'pushnow', '--json'], 0, {env: {UCADMIN_CLOUD_URL: url}})).json()
    assert.equal(ok.uploaded, 5000 - j.uploaded)
    assert.equal(
      received[0].batchId,
      firstTry.at(-1),
      'the batch in flight when time ran out is sent again under its id',
    )
    assert.equal((await sb.ok(['alarms', 'status', '--json'])).json().uploaded, 5000)
  })

  it('11. a huge answer body is not read: the upload succeeds and the endpoint could send only a little of it', async () => {
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Critical', '--message', 'one'])
    const HUGE = 256 * 1024 * 1024
    let sent = 0
    let finished = false
    answer = (_q, res) => {
      res.writeHead(200, {'content-type': 'application/octet-stream', 'content-length': String(HUGE)})
      const chunk = Buffer.alloc(1024 * 1024, 0x61)
      const pump = () => {
        while (sent < HUGE && !res.destroyed) {
          sent += chunk.length
          if (!res.write(chunk)) return void res.once('drain', pump)
        }
        finished = sent >= HUGE
        res.end()
      }
      res.on('close', () => undefined)
      pump()
    }
    const r = await sb.ok([...PA, 'pushnow', '--json'], 0, {env: {UCADMIN_CLOUD_URL: url}})
    assert.equal(r.json().uploaded, 1)
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.equal(finished, false, 'the client stopped reading')
    assert.ok(sent < 64 * 1024 * 1024, `${sent} bytes were sent`)
  })
})
