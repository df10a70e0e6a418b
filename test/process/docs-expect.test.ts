import assert from 'node:assert/strict'
import {execa} from 'execa'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {BIN, LAB, ROOT, Sandbox} from '../helpers.js'

/**
 * The expect example of docs/shell-and-ssh.md, run as printed (only the port and a known_hosts file of the sandbox
 * added) against `serve ssh` with OpenSSH: any expect that times out or meets the end of output fails the run.
 */
describe('the expect example in docs/shell-and-ssh.md', function () {
  this.timeout(60_000)
  let sb: Sandbox
  beforeEach(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
    await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: 'Adm1n-pass'})
  })
  afterEach(() => sb.remove())

  it('logs in, restarts Cisco Tomcat, runs run sql and quits', async () => {
    const doc = readFileSync(join(ROOT, 'docs', 'shell-and-ssh.md'), 'utf8')
    const script = /expect \(checked against[^\n]*\n\n```\n([\s\S]*?)```/.exec(doc)![1]
    const server = execa('node', [BIN, 'serve', 'ssh', '--port', '0'], {
      env: {UCADMIN_DB: sb.db, UCADMIN_NODE: undefined, UCADMIN_CLUSTER: undefined},
      reject: false,
      stdin: 'ignore',
    })
    let out = ''
    server.stdout!.on('data', (d: Buffer) => (out += d.toString()))
    try {
      let port = 0
      for (let i = 0; i < 200 && !port; i++) {
        port = Number(/^Listening on 127\.0\.0\.1:(\d+)/.exec(out)?.[1] ?? 0)
        if (!port) await new Promise((r) => setTimeout(r, 50))
      }
      assert.ok(port, out)
      const body = script.replace('-p 2222 ', `-p ${port} -o UserKnownHostsFile=${join(sb.dir, 'known_hosts')} `)
      const file = join(sb.dir, 'doc.exp')
      writeFileSync(file, `log_user 1\nexpect_after { timeout { exit 2 } eof { exit 3 } }\n${body}`)
      const r = await execa('expect', ['-f', file], {reject: false, env: {PW: 'Adm1n-pass'}, timeout: 50_000})
      assert.equal(r.exitCode, 0, r.stdout + r.stderr)
      assert.match(r.stdout, /Cisco Tomcat\[STARTED\]/)
      assert.match(r.stdout, /admin:quit/)
    } finally {
      server.kill('SIGTERM')
      await server
    }
  })
})
