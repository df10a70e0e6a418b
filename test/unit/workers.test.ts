import assert from 'node:assert/strict'
import {copyFileSync, mkdirSync} from 'node:fs'
import {join} from 'node:path'
import {Writable} from 'node:stream'
import {pathToFileURL} from 'node:url'
import type {Worker} from 'node:worker_threads'

import {UcError} from '../../src/core/errors.js'
import {type Manifest, readManifest} from '../../src/run/fast.js'
import {planWords} from '../../src/run/door.js'
import {WorkerPool} from '../../src/ssh/workers.js'
import {ROOT, Sandbox} from '../helpers.js'

/**
 * `serve ssh --tenants` on worker threads (issue 23 item 5): the main thread's WorkerPool against real workers (which
 * load src/ssh/worker.ts through the inherited tsx loader). A tenant's commands, its questions and its login go by
 * message; a worker that stops is replaced, and the commands it was running end with an error line.
 */
class Text extends Writable {
  text = ''
  override _write(chunk: Buffer | string, _e: BufferEncoding, done: () => void): void {
    this.text += String(chunk)
    done()
  }
}

describe('WorkerPool (serve ssh --tenants on worker threads)', function () {
  this.timeout(60_000)
  const sb = new Sandbox()
  const dir = join(sb.dir, 'class')
  const logs: string[] = []
  let manifest: Manifest
  let pool: WorkerPool

  before(async () => {
    mkdirSync(dir)
    await sb.ok(['apply', '-f', join(ROOT, 'labs', 'example.yaml')])
    copyFileSync(sb.db, join(dir, '.template.db'))
    manifest = readManifest(pathToFileURL(`${ROOT}/`))!
    pool = new WorkerPool({size: 2, dir, idleMs: 60_000, manifest, log: (l) => logs.push(l)})
  })
  after(async () => {
    await pool?.closeAll(1000)
    sb.remove()
  })

  const env = (tenant: string) => ({
    UCADMIN_SESSION: 'ssh',
    UCADMIN_TENANT: tenant,
    UCADMIN_DB: join(dir, `${tenant}.db`),
    NO_COLOR: '1',
  })
  async function run(tenant: string, line: string, ask?: (q: string) => Promise<boolean>) {
    const out = new Text()
    const err = new Text()
    const {ref, input} = planWords(line.split(' '), {kind: 'ssh', manifest, ownLab: true})
    const code = await pool.command(tenant, ref, input, {env: env(tenant), columns: 80, port: {out, err, ask}})
    return {code, out: out.text, err: err.text}
  }

  it('opens a tenant from the template on a worker: its target and banner; a name with no lab is refused', async () => {
    const opened = await pool.open(
      'alice',
      {name: 'alice', nodeHost: null, clusterName: null},
      {defaults: {}, login: true, banner: true},
    )
    assert.equal(opened.target.cluster, 'lab')
    assert.ok(opened.banner?.some((l) => /Welcome to the Platform Command Line Interface/.test(l)))
    assert.match(logs.join('\n'), /tenant alice opened \(1 open\)/)
    await assert.rejects(
      pool.open('../x', {name: '../x', nodeHost: null, clusterName: null}, {defaults: {}, login: true, banner: false}),
      (e: UcError) => e instanceof UcError && e.exitCode === 2,
    )
  })

  it("runs a tenant's commands there, its questions asked by the session", async () => {
    const r = await run('alice', 'show status')
    assert.equal(r.code, 0, r.err)
    assert.match(r.out, /Host Name/)
    const questions: string[] = []
    const no = await run('alice', 'onboarding disable', async (q) => {
      questions.push(q)
      return false
    })
    assert.notEqual(no.code, 0)
    assert.equal(questions.length, 1)
    assert.equal(JSON.parse((await run('alice', 'onboarding status --json')).out).pushEnabled, true)
    assert.equal((await run('alice', 'onboarding disable', async () => true)).code, 0)
    assert.equal(JSON.parse((await run('alice', 'onboarding status --json')).out).pushEnabled, false)
  })

  it("one tenant's long command leaves other tenants' commands to the other workers", async () => {
    await pool.open('bob', {name: 'bob', nodeHost: null, clusterName: null}, {defaults: {}, login: true, banner: false})
    // About ten million rows (a second or more); bob's commands meanwhile run on the other worker.
    const joins = 'abcdefghij'
      .split('')
      .map((t) => `processnode ${t}`)
      .join(', ')
    let longDone = false
    const long = run('alice', `run sql select count(*) from ${joins}`).then((r) => {
      longDone = true
      return r
    })
    for (let i = 0; i < 3; i++) {
      const r = await run('bob', 'show status')
      assert.equal(r.code, 0, r.err)
    }
    assert.equal(longDone, false, "bob's commands waited for alice's")
    // It counts them all, or (on a very slow machine) stops at run sql's time limit.
    const r = await long
    if (r.code === 0) assert.match(r.out, /9765625/)
    else assert.match(r.err, /ran longer than its limit/)
  })

  it('a worker that stops ends its command with an error line and is replaced; the tenant goes on', async () => {
    const slots = (pool as unknown as {slots: Array<{worker: Worker}>}).slots
    const r = await run('alice', 'state reset', async () => {
      // The question is asked while the worker holds the command: stop every worker under it.
      await Promise.all(slots.map((s) => s.worker.terminate()))
      return true
    })
    assert.equal(r.code, 1)
    assert.match(r.err, /^Error: The server's worker thread running this command stopped[^\n]*\n$/)
    assert.match(logs.join('\n'), /worker \d stopped \(exit 1\) with 1 command\(s\) running/)
    assert.match(logs.join('\n'), /worker \d replaced/)
    // The reset never ran: the lab is as it was.
    const after = await run('alice', 'onboarding status --json')
    assert.equal(after.code, 0, after.err)
    assert.equal(JSON.parse(after.out).pushEnabled, false)
    assert.equal((await run('alice', 'cluster show')).code, 0)
    assert.equal(pool.workers, 2)
  })
})
