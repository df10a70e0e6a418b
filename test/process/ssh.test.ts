import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {execa} from 'execa'

import {LAB, ROOT, Sandbox} from '../helpers.js'
import {runExpect} from './expect.js'
import {OPENSSH, OPENSSH_TEXT, Shell} from './ssh-client.js'
import {ServerProcess} from './ssh-server.js'
import {logged} from './server-log.js'

const SSH = OPENSSH
const SSH_TEXT = OPENSSH_TEXT

type Method = 'password' | 'keyboard-interactive'

function sshPassword(port: number, user: string, password: string, command: string, method: Method = 'password') {
  return execa(
    'sshpass',
    [
      '-e',
      'ssh',
      ...SSH,
      '-o',
      'PubkeyAuthentication=no',
      '-o',
      `PreferredAuthentications=${method}`,
      '-p',
      String(port),
      `${user}@127.0.0.1`,
      command,
    ],
    {
      env: {SSHPASS: password},
      reject: false,
      stripFinalNewline: false,
      stdin: 'ignore',
      timeout: 30_000,
    },
  )
}

function sshKey(port: number, user: string, key: string, command: string) {
  return execa(
    'ssh',
    [
      ...SSH,
      '-i',
      key,
      '-o',
      'IdentitiesOnly=yes',
      '-o',
      'PreferredAuthentications=publickey',
      '-o',
      'BatchMode=yes',
      '-p',
      String(port),
      `${user}@127.0.0.1`,
      command,
    ],
    {
      reject: false,
      stripFinalNewline: false,
      stdin: 'ignore',
      timeout: 30_000,
    },
  )
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {
  commands: Record<string, unknown>
}
const hasRunSql = 'run:sql' in manifest.commands

describe('ucadmin serve ssh', function () {
  this.timeout(90_000)
  let sb: Sandbox
  let server: ServerProcess
  let key: string
  const others: ServerProcess[] = []

  before(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
    await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: 'Adm1n-pass\n'})
    await sb.ok(['account', 'add', 'impadmin', '--password-stdin', '--node', 'imp-pub'], 0, {input: 'Imp-pass1\n'})
    key = join(sb.dir, 'id_ed25519')
    await execa('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'robot@test', '-f', key])
    await sb.ok(['account', 'add', 'robot', '--authorized-key', `${key}.pub`, '--node', 'cucm-sub1'])
    server = await ServerProcess.start(sb)
  })

  after(async () => {
    for (const s of [server, ...others]) await s?.stop()
    sb?.remove()
  })

  it('binds to loopback and prints its address and host key fingerprint', () => {
    assert.match(server.stdout, /^Listening on 127\.0\.0\.1:\d+\nHost key: ssh-ed25519 SHA256:[A-Za-z0-9+/]{43}\n$/)
  })

  it('runs exec requests with the CLI output and exit status, with password and keyboard-interactive logins', async () => {
    const expected = (await sb.ok(['utils', 'service', 'list'])).stdout
    for (const method of ['password', 'keyboard-interactive'] as const) {
      const r = await sshPassword(server.port, 'admin', 'Adm1n-pass', 'utils service list', method)
      assert.equal(r.exitCode, 0, `${method}: ${r.stderr}`)
      assert.equal(r.stdout, expected)
    }
    await logged(server, /login admin from 127\.0\.0\.1 \(password\)/)
    await logged(server, /login admin from 127\.0\.0\.1 \(keyboard-interactive\)/)
  })

  it("gives a failed exec command its exit status and CUCM's failure line", async () => {
    const r = await sshPassword(server.port, 'admin', 'Adm1n-pass', 'utils service restart Cisco Nope')
    assert.equal(r.exitCode, 2)
    assert.equal(r.stdout, 'Executed command unsuccessfully\n')
    assert.match(r.stderr, /^Error: Unknown service "Cisco Nope"/)
    const j = await sshPassword(server.port, 'admin', 'Adm1n-pass', 'cluster show nope --json')
    assert.equal(j.exitCode, 2)
    assert.equal(JSON.parse(j.stdout).error.exitCode, 2)
    const ok = await sshPassword(server.port, 'admin', 'Adm1n-pass', 'cluster show --json')
    assert.equal(ok.exitCode, 0)
    assert.equal(JSON.parse(ok.stdout).name, 'lab')
  })

  it("logs in with a public key, on the account's node, and keeps the session there", async () => {
    const r = await sshKey(server.port, 'robot', key, 'show status')
    assert.equal(r.exitCode, 0, r.stderr)
    assert.match(r.stdout, /Host Name\s+: cucm-sub1\n/)
    const other = await sshKey(server.port, 'robot', key, 'show status --node cucm-pub')
    assert.equal(other.exitCode, 2)
    assert.match(other.stderr, /This session is logged in to cucm-sub1; it cannot run commands on cucm-pub/)
    const acct = await sshKey(server.port, 'robot', key, 'account list')
    assert.equal(acct.exitCode, 2)
    assert.match(acct.stderr, /Accounts are managed on the server, not over SSH/)
    const reset = await sshKey(server.port, 'robot', key, 'state reset --yes')
    assert.equal(reset.exitCode, 2)
    assert.match(reset.stderr, /Snapshots act on the whole shared state file, so they are not available over SSH/)
    assert.equal((await sshKey(server.port, 'robot', key, 'show status')).exitCode, 0)
    const me = await sshKey(server.port, 'robot', key, 'show myself --json')
    assert.equal(JSON.parse(me.stdout).account, 'robot', 'show myself names the account the session logged in with')
  })

  it('refuses wrong passwords, unknown accounts, passwords of key-only accounts and keys not on file', async () => {
    const wrong = await sshPassword(server.port, 'admin', 'not-the-password', 'show status')
    assert.notEqual(wrong.exitCode, 0)
    assert.equal(wrong.stdout, '')
    const ki = await sshPassword(server.port, 'admin', 'not-the-password', 'show status', 'keyboard-interactive')
    assert.notEqual(ki.exitCode, 0)
    assert.equal(ki.stdout, '')
    const nobody = await sshPassword(server.port, 'nobody', 'Adm1n-pass', 'show status')
    assert.notEqual(nobody.exitCode, 0)
    const keyOnly = await sshPassword(server.port, 'robot', '', 'show status')
    assert.notEqual(keyOnly.exitCode, 0)
    const wrongKey = await sshKey(server.port, 'admin', key, 'show status')
    assert.equal(wrongKey.exitCode, 255)
    assert.match(wrongKey.stderr, /Permission denied/)
    await logged(server, /failed password for admin from 127\.0\.0\.1: wrong password/)
    await logged(server, /failed password for nobody from 127\.0\.0\.1: no such account/)
  })

  it('serves an expect script as CUCM does: banner, admin: prompt, echo, CRLF, service restart', async () => {
    const r = await runExpect(
      sb.dir,
      'cucm-session',
      `spawn ssh ${SSH_TEXT} -o PubkeyAuthentication=no -o PreferredAuthentications=keyboard-interactive -p ${server.port} admin@127.0.0.1
want "password:"
send "$env(PW)\\r"
want "Command Line Interface is starting up, please wait ..."
want "Welcome to the Platform Command Line Interface"
wantre "\\r\\nadmin:$"
send "set cli pagination off\\r"
want "set cli pagination off\\r\\nAutomatic pagination is turned off\\r\\nadmin:"
send "\\r"
wantre "^\\r\\nadmin:$"
send "utils service restart Cisco Tomcat\\r"
want "utils service restart Cisco Tomcat\\r\\n Don't press Ctrl-c while the service is getting RESTARTED."
want "Cisco Tomcat\\[STARTED\\]  \\r\\nadmin:"
send "utils service list\\r"
want "Primary Node =true\\r\\nadmin:"
send "quit\\r"
expect eof
catch wait result
exit [lindex $result 3]
`,
      {PW: 'Adm1n-pass'},
    )
    assert.equal(r.code, 0, r.stderr + r.transcript)
    assert.doesNotMatch(r.transcript, /\x1b/)
    // Every line end the server sends is CRLF.
    const afterLogin = r.transcript.slice(r.transcript.indexOf('Command Line Interface'))
    assert.doesNotMatch(afterLogin, /[^\r]\n/)
    // The real banner's order, with the node's VM; the simulator's own line is not in it (show myself has it).
    assert.match(
      afterLogin,
      /^Command Line Interface is starting up, please wait \.\.\.\r\n\r\n {3}Welcome to the Platform Command Line Interface\r\n\r\nVMware Installation:\r\n {2}\d+ vCPU: .+\r\n {2}Disk 1: \d+GB, Partitions aligned\r\n {2}\d+ Mbytes RAM\r\n\r\nadmin:/,
    )
    assert.doesNotMatch(afterLogin, /simulated by ucadmin/)
  })

  it('reads `run sql` output in an expect session', async function () {
    if (!hasRunSql) this.skip()
    const r = await runExpect(
      sb.dir,
      'run-sql',
      `spawn ssh ${SSH_TEXT} -o PubkeyAuthentication=no -o PreferredAuthentications=password -p ${server.port} impadmin@127.0.0.1
want "password:"
send "$env(PW)\\r"
wantre "\\r\\nadmin:$"
send "set cli pagination off\\r"
wantre "\\r\\nadmin:$"
send "run sql select name from processnode\\r"
wantre "run sql select name from processnode\\r\\nname *\\r\\n=+ *\\r\\n"
wantre "\\r\\nadmin:$"
send "exit\\r"
expect eof
`,
      {PW: 'Imp-pass1'},
    )
    assert.equal(r.code, 0, r.stderr + r.transcript)
    assert.match(r.transcript, /imp-pub|cucm-pub/)
  })

  it('pages long output on a small terminal until pagination is turned off', async () => {
    const r = await runExpect(
      sb.dir,
      'pager',
      `set stty_init "rows 10 cols 100"
spawn ssh ${SSH_TEXT} -o PubkeyAuthentication=no -o PreferredAuthentications=password -p ${server.port} impadmin@127.0.0.1
want "password:"
send "$env(PW)\\r"
wantre "\\r\\nadmin:$"
send "utils service list\\r"
want "Press <enter> for 1 line, <space> for one page, or <q> to quit"
send " "
want "Press <enter> for 1 line, <space> for one page, or <q> to quit"
send "q"
wantre "\\r\\nadmin:$"
send "set cli pagination off\\r"
wantre "\\r\\nadmin:$"
send "utils service list\\r"
wantre "Primary Node =true\\r\\nadmin:$"
send "exit\\r"
expect eof
`,
      {PW: 'Imp-pass1'},
    )
    assert.equal(r.code, 0, r.stderr + r.transcript)
    const last = r.transcript.slice(r.transcript.lastIndexOf('Automatic pagination is turned off'))
    assert.doesNotMatch(last, /Press <enter>/)
  })

  it('keeps concurrent sessions isolated, each on its own node', async () => {
    const session = (name: string, user: string, pw: string, body: string) =>
      runExpect(
        sb.dir,
        name,
        `spawn ssh ${SSH_TEXT} -o PubkeyAuthentication=no -o PreferredAuthentications=password -p ${server.port} ${user}@127.0.0.1
want "password:"
send "$env(PW)\\r"
wantre "\\r\\nadmin:$"
send "set cli pagination off\\r"
wantre "\\r\\nadmin:$"
${body}
send "exit\\r"
expect eof
`,
        {PW: pw},
      )
    const [a, b] = await Promise.all([
      session(
        'pub',
        'admin',
        'Adm1n-pass',
        'send "utils service stop Cisco Tomcat\\r"\nwant "Cisco Tomcat\\[STOPPED\\]  \\r\\nadmin:"\nsend "show status\\r"\nwantre "Host Name +: cucm-pub"',
      ),
      session(
        'imp',
        'impadmin',
        'Imp-pass1',
        'send "show status\\r"\nwantre "Host Name +: imp-pub"\nsend "utils service list\\r"\nwant "Cisco XCP Router\\[STARTED\\]"\nwantre "\\r\\nadmin:$"',
      ),
    ])
    assert.equal(a.code, 0, a.stderr + a.transcript)
    assert.equal(b.code, 0, b.stderr + b.transcript)
    const state = async (node: string) =>
      (await sb.ok(['utils', 'service', 'list', '--node', node, '--json']))
        .json()
        .services.find((s: {name: string}) => s.name === 'Cisco Tomcat').state
    assert.equal(await state('cucm-pub'), 'STOPPED')
    assert.equal(await state('imp-pub'), 'STARTED')
    await sb.ok(['utils', 'service', 'start', 'Cisco Tomcat'])

    const runs = await Promise.all(
      Array.from({length: 9}, (_, i) =>
        i % 3 === 0
          ? sshPassword(server.port, 'admin', 'Adm1n-pass', 'show status')
          : i % 3 === 1
            ? sshPassword(server.port, 'impadmin', 'Imp-pass1', 'show status')
            : sshKey(server.port, 'robot', key, 'show status'),
      ),
    )
    const hosts = runs.map((r) => /Host Name\s+: (\S+)/.exec(r.stdout)?.[1])
    assert.deepEqual(hosts, [
      'cucm-pub',
      'imp-pub',
      'cucm-sub1',
      'cucm-pub',
      'imp-pub',
      'cucm-sub1',
      'cucm-pub',
      'imp-pub',
      'cucm-sub1',
    ])
  })

  // An SSH shell asks on its own admin: prompt, as `ucadmin shell` does: the wizard runs there too (exec still refuses it).
  it("runs `onboarding wizard` in an SSH shell, asking on the session's prompt", async () => {
    const own = new Sandbox()
    try {
      await own.ok(LAB)
      await own.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: 'Adm1n-pass\n'})
      const s = await ServerProcess.start(own)
      others.push(s)
      const sh = await Shell.open(s.port, 'admin', 'Adm1n-pass')
      sh.send('onboarding wizard\r')
      let from = 0
      for (;;) {
        const m = await sh.waitFor(
          /Continue \(y\/n\)\?$|The task flow is complete\.\r\nadmin:$|Executed command unsuccessfully\r\nadmin:$/,
          from,
        )
        if (!m.startsWith('Continue')) break
        from = sh.output.length
        sh.send('y\r')
      }
      assert.match(sh.output, /The task flow is complete\./)
      // Parameters by their names, as the page shows them.
      assert.match(
        sh.output,
        /Enable Multiple Device Messaging, Stream Management on IM and Presence\. Continue \(y\/n\)\?/,
      )
      assert.doesNotMatch(sh.output, /needs a terminal/)
      sh.close()
      const exec = await sshPassword(s.port, 'admin', 'Adm1n-pass', 'onboarding wizard')
      assert.equal(exec.exitCode, 2)
      assert.match(exec.stderr, /needs a terminal/)
    } finally {
      own.remove()
    }
  })

  it('keeps its host key in the state file across restarts', async () => {
    const again = await ServerProcess.start(sb, ['--json'])
    others.push(again)
    // JSON Lines: the address document is one line (issue 24 item 5).
    assert.equal(again.stdout.split('\n').length, 2)
    const doc = JSON.parse(again.stdout.split('\n')[0])
    assert.deepEqual(Object.keys(doc).sort(), ['host', 'hostKey', 'port'])
    assert.equal(doc.host, '127.0.0.1')
    assert.equal(`Host key: ${doc.hostKey.type} ${doc.hostKey.fingerprint}`, server.stdout.split('\n')[1])
    const scan = await execa('ssh-keyscan', ['-t', 'ed25519', '-p', String(again.port), '127.0.0.1'], {reject: false})
    assert.ok(scan.stdout.includes(doc.hostKey.publicKey), scan.stdout)
    assert.equal(await again.stop(), 0)
  })

  it('stops cleanly on SIGTERM, telling open sessions', async () => {
    const s = await ServerProcess.start(sb)
    others.push(s)
    const r = await runExpect(
      sb.dir,
      'shutdown',
      `spawn ssh ${SSH_TEXT} -o PubkeyAuthentication=no -o PreferredAuthentications=password -p ${s.port} admin@127.0.0.1
want "password:"
send "$env(PW)\\r"
wantre "\\r\\nadmin:$"
exec kill -TERM ${s.pid}
want "The server is shutting down."
expect eof
`,
      {PW: 'Adm1n-pass'},
    )
    assert.equal(r.code, 0, r.stderr + r.transcript + s.stderr)
    assert.equal(await s.exited(), 0)
    assert.match(s.stderr, /stopping \(SIGTERM\)\n[\s\S]*logout admin from 127\.0\.0\.1\n.*stopped\n$/)
  })

  it('limits failed logins per connection, then per account and client address', async () => {
    // Lock-outs are kept in the state file: this test locks 127.0.0.1 out of a state file of its own.
    const own = new Sandbox()
    await own.ok(LAB)
    await own.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: 'Adm1n-pass\n'})
    await own.ok(['account', 'add', 'impadmin', '--password-stdin', '--node', 'imp-pub'], 0, {input: 'Imp-pass1\n'})
    const s = await ServerProcess.start(own, ['--max-auth-tries', '2', '--lockout', '3'])
    others.push(s)
    const r = await runExpect(
      own.dir,
      'tries',
      `spawn ssh ${SSH_TEXT} -o PubkeyAuthentication=no -o PreferredAuthentications=password -o NumberOfPasswordPrompts=5 -p ${s.port} admin@127.0.0.1
want "password:"
send "wrong-1\\r"
want "password:"
send "wrong-2\\r"
expect {
  "password:" { puts stderr "third prompt"; exit 4 }
  eof {}
}
`,
    )
    assert.equal(r.code, 0, r.stderr + r.transcript)
    await logged(s, /disconnecting 127\.0\.0\.1: 2 failed logins/)
    assert.notEqual((await sshPassword(s.port, 'admin', 'wrong-3', 'show status')).exitCode, 0)
    const locked = await sshPassword(s.port, 'admin', 'Adm1n-pass', 'show status')
    assert.notEqual(locked.exitCode, 0)
    assert.equal(locked.stdout, '')
    const sameAddress = await sshPassword(s.port, 'impadmin', 'Imp-pass1', 'show status')
    assert.notEqual(sameAddress.exitCode, 0)
    await logged(s, /refused admin from 127\.0\.0\.1: too many failed logins/)
    await s.stop()
    own.remove()
  })

  it('closes idle sessions', async () => {
    const s = await ServerProcess.start(sb, ['--idle-timeout', '1s'])
    others.push(s)
    const r = await runExpect(
      sb.dir,
      'idle',
      `spawn ssh ${SSH_TEXT} -o PubkeyAuthentication=no -o PreferredAuthentications=password -p ${s.port} admin@127.0.0.1
want "password:"
send "$env(PW)\\r"
wantre "\\r\\nadmin:$"
want "No input for 1s: closing the session."
expect eof
`,
      {PW: 'Adm1n-pass'},
    )
    assert.equal(r.code, 0, r.stderr + r.transcript)
    await logged(s, /idle timeout: admin from 127\.0\.0\.1/)
  })
})
