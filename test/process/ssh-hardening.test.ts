import assert from 'node:assert/strict'
import {existsSync} from 'node:fs'

import ssh2 from 'ssh2'

import {Store} from '../../src/store/store.js'
import {LAB, Sandbox} from '../helpers.js'
import {ServerProcess} from './ssh-server.js'
import {logged} from './server-log.js'

const {Client} = ssh2

/** Issue 14 points 1-5 and issue 13 point 6, against a real `serve ssh` on 127.0.0.1 (ephemeral port). */

interface Login {
  password: string
  keyboard?: boolean
  onPrompt?: (text: string) => void
}

function connect(port: number, user: string, login: Login): Promise<InstanceType<typeof Client>> {
  return new Promise((resolve, reject) => {
    const c = new Client()
    c.on('ready', () => resolve(c))
    c.on('error', reject)
    c.on('close', () => reject(new Error('closed before login')))
    c.on('keyboard-interactive', (_n, _i, _l, prompts, finish) => {
      for (const p of prompts) login.onPrompt?.(p.prompt)
      finish(prompts.map(() => login.password))
    })
    c.connect({
      host: '127.0.0.1',
      port,
      username: user,
      ...(login.keyboard ? {tryKeyboard: true} : {password: login.password}),
      readyTimeout: 20_000,
      hostVerifier: () => true,
    })
  })
}

function exec(
  c: InstanceType<typeof Client>,
  command: string,
): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    c.exec(command, (err, stream) => {
      if (err) return reject(err)
      let stdout = ''
      let stderr = ''
      let code = -1
      stream.on('data', (d: Buffer) => (stdout += d.toString()))
      stream.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      stream.on('exit', (n: number) => (code = n))
      stream.on('close', () => resolve({code, stdout, stderr}))
    })
  })
}

async function run(port: number, user: string, password: string, command: string) {
  const c = await connect(port, user, {password})
  try {
    return await exec(c, command)
  } finally {
    c.end()
  }
}

const TWO = ['cluster', 'create', 'other', '--version', '14SU3', '--publisher', 'o-pub']

describe('serve ssh hardening', function () {
  this.timeout(120_000)

  describe('a session stays in its cluster (issue 14 point 1)', () => {
    const sb = new Sandbox()
    let server: ServerProcess
    before(async () => {
      await sb.ok(LAB)
      await sb.ok(TWO)
      await sb.ok(['cluster', 'use', 'lab'])
      await sb.ok(['account', 'add', 'admin', '--password-stdin', '--node', 'cucm-pub'], 0, {input: 'Adm1n-pass\n'})
      server = await ServerProcess.start(sb)
    })
    after(async () => {
      await server?.stop(15_000)
      sb.remove()
    })

    it('refuses commands that name or change another cluster, or the current one, and changes nothing', async () => {
      const before = (await sb.ok(['cluster', 'list', '--json'])).json()
      for (const cmd of [
        'cluster delete other --yes',
        'cluster delete lab --yes',
        'cluster use other',
        'cluster use lab',
        'cluster create x --version 14SU3 --publisher x-pub',
        'cluster show other',
        'cluster export --all',
        'utils service list --cluster other',
        'token procedure --source-cluster other',
        'utils service restart Cisco Tomcat --node o-pub',
        'sim alarm raise --severity Error --message x --count 1000000',
      ]) {
        const r = await run(server.port, 'admin', 'Adm1n-pass', cmd)
        assert.equal(r.code, 2, `${cmd}: ${r.stderr}`)
        assert.match(
          r.stderr,
          /^Error: (An SSH session stays in its cluster|This session is logged in to|Over SSH, sim alarm raise --count takes at most 10,000)[^\n]*\n$/,
          cmd,
        )
        // A hint that sends you to the server's system shell keeps its bash form there.
        if (/system shell/.test(r.stderr)) assert.match(r.stderr, /`ucadmin [^`]+` on the server's system shell/, cmd)
      }
      assert.deepEqual((await sb.ok(['cluster', 'list', '--json'])).json(), before)
      const own = await run(server.port, 'admin', 'Adm1n-pass', 'cluster show --json')
      assert.equal(own.code, 0, own.stderr)
      assert.equal(JSON.parse(own.stdout).name, 'lab')
    })
  })

  describe('login (issue 13 point 6)', () => {
    const sb = new Sandbox()
    let server: ServerProcess
    before(async () => {
      await sb.ok(LAB)
      await sb.ok(TWO)
      await sb.ok(['account', 'add', 'nobody', '--password-stdin'], 0, {input: 'Nob0dy-pass\n'})
      await sb.ok(['account', 'add', 'onother', '--password-stdin', '--node', 'o-pub'], 0, {input: 'Oth3r-pass\n'})
      const store = Store.open(sb.db)
      store.db.prepare("DELETE FROM settings WHERE key = 'current_cluster'").run()
      store.close()
      server = await ServerProcess.start(sb)
    })
    after(async () => {
      await server?.stop(15_000)
      sb.remove()
    })

    it('offers keyboard-interactive with a prompt that `expect "password:"` matches', async () => {
      const prompts: string[] = []
      const c = await connect(server.port, 'onother', {
        password: 'Oth3r-pass',
        keyboard: true,
        onPrompt: (p) => prompts.push(p),
      })
      c.end()
      assert.equal(prompts.length, 1)
      assert.match(prompts[0], /password: $/)
    })

    it("with two clusters and none current: the account's node picks the cluster, else the session says how to choose", async () => {
      const on = await run(server.port, 'onother', 'Oth3r-pass', 'cluster show --json')
      assert.equal(on.code, 0, on.stderr)
      assert.equal(JSON.parse(on.stdout).name, 'other')
      const none = await run(server.port, 'nobody', 'Nob0dy-pass', 'show status')
      assert.equal(none.code, 1)
      assert.match(
        none.stderr,
        /^Error: There are 2 clusters \(lab, other\) and none is current, so this session does not know which one it is on\. On the server: give the account a node .*--cluster NAME.*cluster use NAME\.\n$/,
      )
    })
  })

  describe('failed logins (issue 14 point 2) and redaction (point 3)', () => {
    const sb = new Sandbox()
    let server: ServerProcess
    before(async () => {
      await sb.ok(LAB)
      await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: 'Adm1n-pass\n'})
      await sb.ok(['account', 'add', 'ops', '--password-stdin'], 0, {input: 'Op5-pass\n'})
      server = await ServerProcess.start(sb, ['--lockout', '5', '--max-auth-tries', '1'])
    })
    after(async () => {
      await server?.stop(15_000)
      sb.remove()
    })

    it('keeps secrets out of the log', async () => {
      const token = 'AbC123xyzSECRETtokenValue0123456789_-='
      await run(server.port, 'ops', 'Op5-pass', `run sql update machineaccountdetails set refreshtoken='${token}'`)
      await run(server.port, 'ops', 'Op5-pass', 'alarms decrypt --batch 1 --token Sup3rS3cretSupportT0kenValue')
      await run(server.port, 'ops', 'Op5-pass', 'utils service list --password hunter2')
      await logged(server, /exec ops: utils service list/)
      assert.ok(!server.stderr.includes(token.slice(0, 12)), server.stderr)
      assert.ok(!server.stderr.includes('Sup3rS3cret'), server.stderr)
      assert.ok(!server.stderr.includes('hunter2'), server.stderr)
      assert.match(server.stderr, /exec ops: run sql update machineaccountdetails set refreshtoken=<redacted> \(exit/)
      assert.match(server.stderr, /exec ops: alarms decrypt --batch 1 --token <redacted> \(exit/)
    })

    it('counts parallel attempts when they start, keeps the lock in the state file across a restart', async () => {
      const burst = await Promise.allSettled(
        Array.from({length: 20}, (_, i) => connect(server.port, 'admin', {password: `wrong-${i}`})),
      )
      assert.ok(burst.every((b) => b.status === 'rejected'))
      // At most --lockout attempts were checked; the rest were refused before any password check.
      const checked = server.stderr.split('\n').filter((l) => /failed password for admin from/.test(l)).length
      assert.ok(checked <= 5, `${checked} attempts were checked:\n${server.stderr}`)
      await logged(server, /refused admin from 127\.0\.0\.1: too many failed logins/)
      await assert.rejects(connect(server.port, 'admin', {password: 'Adm1n-pass'}))
      assert.equal(await server.stop(15_000), 0)
      server = await ServerProcess.start(sb, ['--lockout', '5'])
      await assert.rejects(connect(server.port, 'admin', {password: 'Adm1n-pass'}))
      await logged(
        server,
        /refused admin from 127\.0\.0\.1: too many failed logins \((account|address) locked for 1[45] more min\)/,
      )
      const store = Store.open(sb.db)
      const locks = store.db.prepare('SELECT key FROM ssh_lockouts ORDER BY key').all() as Array<{key: string}>
      store.close()
      assert.deepEqual(
        locks.map((l) => l.key),
        ['addr:127.0.0.1', 'user:admin'],
      )
    })
  })

  describe('one session cannot starve the others (point 4)', () => {
    const sb = new Sandbox()
    let server: ServerProcess
    before(async () => {
      await sb.ok(LAB)
      await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: 'Adm1n-pass\n'})
      server = await ServerProcess.start(sb)
    })
    after(async () => {
      await server?.stop(15_000)
      sb.remove()
    })

    it('a client that never reads holds only its own session; others run; SIGTERM still stops the server', async () => {
      const stuck = await connect(server.port, 'admin', {password: 'Adm1n-pass'})
      const big = "run sql select printf('%.*c', 1000000, 'x') from processnode"
      await new Promise<void>((resolve, reject) =>
        stuck.exec(Array(20).fill(big).join('\n'), (err, stream) => {
          if (err) return reject(err)
          stream.pause() // never reads: the server must not buffer 80 MB for it
          resolve()
        }),
      )
      await new Promise((r) => setTimeout(r, 500))
      const other = await run(server.port, 'admin', 'Adm1n-pass', 'utils service list')
      assert.equal(other.code, 0, other.stderr)
      assert.match(other.stdout, /Cisco Tomcat\[STARTED\]/)
      assert.equal(await server.stop(15_000), 0)
      assert.match(server.stderr, /stopped\n$/)
      stuck.end()
    })
  })

  describe('serve ssh flags (point 5)', () => {
    it('--host not-an-ip, --idle-timeout 30d: exit 2 before anything is written', async () => {
      const sb = new Sandbox()
      try {
        for (const args of [
          ['--host', 'not-an-ip'],
          ['--idle-timeout', '30d'],
        ]) {
          const r = await sb.run(['serve', 'ssh', '--port', '0', ...args])
          assert.equal(r.exitCode, 2, r.stderr)
          assert.match(
            r.stderr,
            /^Error: --(host must be an IP address|idle-timeout 30d is longer than the server can wait)[^\n]*\n$/,
          )
          assert.equal(existsSync(sb.db), false)
        }
        const r = await sb.run(['serve', 'ssh', '--port', '0', '--node', 'unknown'])
        assert.equal(r.exitCode, 2)
        assert.equal(existsSync(sb.db), false)
      } finally {
        sb.remove()
      }
    })

    it('--node unknown on a state file: exit 2, no host key written, never listening', async () => {
      const sb = new Sandbox()
      try {
        await sb.ok(LAB)
        const r = await sb.run(['serve', 'ssh', '--port', '0', '--node', 'unknown'])
        assert.equal(r.exitCode, 2)
        assert.equal(r.stdout, '')
        assert.match(r.stderr, /^Error: Cluster lab has no node unknown\.[^\n]*\n$/)
        const store = Store.open(sb.db)
        const keys = store.db.prepare('SELECT count(*) AS n FROM ssh_host_keys').get() as {n: number}
        store.close()
        assert.equal(keys.n, 0)
      } finally {
        sb.remove()
      }
    })
  })
})
