import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import ssh2 from 'ssh2'

import {Sandbox, onboard} from '../helpers.js'
import {ServerProcess} from './ssh-server.js'

const {Client} = ssh2

/** Issue 25 items 2 and 3, as the attacker did them: a session of cluster prod against a real `serve ssh`. */

function exec(
  port: number,
  user: string,
  password: string,
  command: string,
  input?: string,
): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    const c = new Client()
    c.on('error', reject)
    c.on('ready', () =>
      c.exec(command, (err, stream) => {
        if (err) return reject(err)
        let stdout = ''
        let stderr = ''
        let code = -1
        stream.on('data', (d: Buffer) => (stdout += d.toString()))
        stream.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
        stream.on('exit', (n: number) => (code = n))
        stream.on('close', () => {
          c.end()
          resolve({code, stdout, stderr})
        })
        if (input !== undefined) stream.end(input)
      }),
    )
    c.connect({host: '127.0.0.1', port, username: user, password, readyTimeout: 20_000, hostVerifier: () => true})
  })
}

describe('serve ssh: a session reads only its own cluster and no file of the server (issue 25 items 2, 3)', function () {
  this.timeout(120_000)
  const sb = new Sandbox()
  const secret = 'Sup3rS3cretOpsPassw0rd'
  const pwFile = join(sb.dir, 'ops.pw')
  let server: ServerProcess
  let otherToken = ''
  const PA = ['utils', 'managementAgent', 'alarms']
  const run = (command: string, input?: string) => exec(server.port, 'admin', 'Adm1n-pass', command, input)

  before(async () => {
    writeFileSync(pwFile, `${secret}\n`, {mode: 0o600})
    await sb.ok(['cluster', 'create', 'other', '--version', '14SU3', '--publisher', 'o-pub', '--seed', '22'])
    await sb.ok(['cluster', 'create', 'prod', '--version', '14SU3', '--publisher', 'p-pub', '--seed', '11'])
    for (const c of ['other', 'prod']) {
      await onboard(sb, ['--cluster', c])
      await sb.ok(['onboarding', 'save', '--encrypted-pii', 'on', '--cluster', c])
    }
    // Batch 1 is the other cluster's, with PII in it.
    await sb.ok([
      'sim',
      'alarm',
      'raise',
      '--severity',
      'Critical',
      '--message',
      'other',
      '--user',
      'other-user',
      '--cluster',
      'other',
    ])
    await sb.ok([...PA, 'pushnow', '--cluster', 'other'])
    otherToken = (await sb.ok(['onboarding', 'status', '--json', '--cluster', 'other'])).json().supportToken
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Critical', '--message', 'prod', '--cluster', 'prod'])
    await sb.ok([...PA, 'pushnow', '--cluster', 'prod'])
    await sb.ok(['account', 'add', 'admin', '--password-stdin', '--node', 'p-pub'], 0, {input: 'Adm1n-pass\n'})
    server = await ServerProcess.start(sb)
  })
  after(async () => {
    await server?.stop(15_000)
    sb.remove()
  })

  it('2. cluster export|graph of another cluster, its batches and its PII are out of reach; exports carry no seed', async () => {
    for (const cmd of ['cluster export other', 'cluster graph other', 'cluster export other --format json']) {
      const r = await run(cmd)
      assert.equal(r.code, 2, `${cmd}: ${r.stdout}${r.stderr}`)
      assert.match(
        r.stderr,
        /^Error: This session is logged in to cluster prod; it cannot run commands on cluster other\./,
        cmd,
      )
      assert.doesNotMatch(r.stdout, /seed|o-pub/, cmd)
    }
    for (const cmd of ['alarms batch 1', `alarms decrypt --batch 1 --token ${otherToken}`]) {
      const r = await run(cmd)
      assert.equal(r.code, 2, `${cmd}: ${r.stdout}${r.stderr}`)
      assert.match(r.stderr, /There is no alarm batch 1 in the outbox of cluster prod/, cmd)
      assert.doesNotMatch(r.stdout, /other-user/)
    }
    // A host of the other cluster: not found, and the error does not name that cluster.
    const fault = await run('sim fault node-down o-pub')
    assert.equal(fault.code, 2, fault.stderr)
    assert.match(fault.stderr, /^Error: Cluster prod has no node o-pub\./)
    assert.doesNotMatch(fault.stderr, /other/)
    // Its own batch, its own export (without the seed, which reproduces the cluster's tokens), its own list.
    assert.equal((await run('alarms batch 2')).code, 0)
    const own = await run('cluster export')
    assert.equal(own.code, 0, own.stderr)
    assert.match(own.stdout, /p-pub/)
    assert.doesNotMatch(own.stdout, /seed/)
    const list = await run('cluster list --json')
    assert.deepEqual(
      JSON.parse(list.stdout).clusters.map((c: {name: string}) => c.name),
      ['prod'],
    )
    // From the server's own shell the export still carries the seed.
    assert.match((await sb.ok(['cluster', 'export', 'prod'])).stdout, /seed: 11/)
  })

  it("3. no command reads or writes a file of the server, and no error shows a file's content", async () => {
    for (const cmd of [
      `run sql --file ${pwFile}`,
      `alarms decrypt --file ${pwFile} --token x`,
      `cluster export --output ${join(sb.dir, 'x.yaml')}`,
      `cluster graph --output ${join(sb.dir, 'x.svg')}`,
    ]) {
      const r = await run(cmd)
      assert.equal(r.code, 2, `${cmd}: ${r.stdout}${r.stderr}`)
      assert.match(r.stderr, /^Error: A session over SSH cannot (read|write) files on the server/, cmd)
      assert.doesNotMatch(r.stdout + r.stderr, new RegExp(secret))
    }
    for (const cmd of [`apply -f ${pwFile}`, `diff -f ${pwFile}`, `account add x --authorized-key ${pwFile}`]) {
      const r = await run(cmd)
      assert.equal(r.code, 2, cmd)
      assert.doesNotMatch(r.stdout + r.stderr, new RegExp(secret))
    }
    const mine = await run('run sql select count(*) from processnode')
    assert.equal(mine.code, 0, mine.stderr)
    // And on the server's own shell, a file that is not a statement is refused without being shown.
    const local = await sb.ok(['run', 'sql', '--file', pwFile, '--cluster', 'prod'], 2)
    assert.match(local.stderr, /ops\.pw does not hold a SQL statement .*its text is not shown/)
    assert.doesNotMatch(local.stderr, new RegExp(secret))
    const key = await sb.ok(['account', 'add', 'x', '--authorized-key', pwFile], 2)
    assert.doesNotMatch(key.stderr, new RegExp(secret))
  })
})
