import assert from 'node:assert/strict'
import {mkdirSync} from 'node:fs'
import {connect as tcp, type Socket} from 'node:net'
import {join} from 'node:path'

import {execa} from 'execa'

import {Store} from '../../src/store/store.js'
import {BIN, LAB, ROOT, Sandbox} from '../helpers.js'
import {runExpect} from './expect.js'
import {OPENSSH_TEXT, Shell, connect, run} from './ssh-client.js'
import {ServerProcess} from './ssh-server.js'
import {firstLine, logged} from './server-log.js'

/**
 * Issue 23 (tenants), issue 24 item 5 (serve ssh --json, --exit-on-stdin-close) and issue 25 items 7-9 (login grace
 * from accept, startup caps, attempts of a server that is gone, a waiting confirmation holds nobody), against a real
 * `serve ssh` child process and ssh2's client (what paramiko does).
 */

const EXAMPLE = join(ROOT, 'labs', 'example.yaml')
const PW: Record<string, string> = {alice: 'Alice-pass1', bob: 'Bob-pass12', admin: 'Adm1n-pass'}
const clockOf = (r: {stdout: string}) => JSON.parse(r.stdout).now as string

async function ok(port: number, user: string, command: string) {
  const r = await run(port, user, PW[user], command)
  assert.equal(r.code, 0, `${user}: ${command}: ${r.stderr}`)
  return r
}

describe('serve ssh --tenants', function () {
  this.timeout(120_000)
  const sb = new Sandbox()
  const dir = join(sb.dir, 'class')
  let server: ServerProcess
  before(async () => {
    mkdirSync(dir, {mode: 0o700})
    for (const name of ['alice', 'bob'])
      await sb.ok(['account', 'add', name, '--password-stdin'], 0, {input: `${PW[name]}\n`})
    server = await ServerProcess.start(sb, ['--tenants', dir, '--template', EXAMPLE])
  })
  after(async () => {
    await server?.stop(15_000)
    sb.remove()
  })

  it('the same two trainees over OpenSSH: a question in one lab while the other answers its own and resets its lab', async () => {
    const before = {
      alice: clockOf(await ok(server.port, 'alice', 'sim clock --json')),
      bob: clockOf(await ok(server.port, 'bob', 'sim clock --json')),
    }
    await ok(server.port, 'alice', 'onboarding save --push on')
    await ok(server.port, 'bob', 'onboarding save --push on')
    const login = (
      user: string,
    ) => `spawn ssh ${OPENSSH_TEXT} -o PubkeyAuthentication=no -o PreferredAuthentications=password -p ${server.port} ${user}@127.0.0.1
set ${user} $spawn_id
want "password:"
send "$env(PW_${user.toUpperCase()})\\r"
wantre "\\r\\nadmin:$"`
    const r = await runExpect(
      sb.dir,
      'openssh-trainees',
      `${login('alice')}
send "sim clock advance 2d\\r"
want "(+2d)"
wantre "\\r\\nadmin:$"
send "onboarding disable\\r"
want "Continue (y/n)?"
${login('bob')}
send "onboarding disable --yes\\r"
wantre "Push Notifications Disabled.*\\r\\nadmin:$"
send "state reset --yes\\r"
wantre "State reset: no clusters.*\\r\\nadmin:$"
send "quit\\r"
expect eof
set spawn_id $alice
send "n\\r"
wantre "Executed command unsuccessfully\\r\\nadmin:$"
send "quit\\r"
expect eof
`,
      {PW_ALICE: PW.alice, PW_BOB: PW.bob},
      30,
    )
    assert.equal(r.code, 0, r.stderr + r.transcript)
    // alice: her clock moved 2 days, her answer kept Push Notifications on, her lab is whole.
    const alice = JSON.parse((await ok(server.port, 'alice', 'onboarding status --json')).stdout)
    assert.equal(alice.pushEnabled, true)
    assert.equal(
      Date.parse(clockOf(await ok(server.port, 'alice', 'sim clock --json'))) - Date.parse(before.alice),
      2 * 86_400_000,
    )
    // bob: his lab is empty and his clock never moved with hers.
    const bob = await run(server.port, 'bob', PW.bob, 'cluster show')
    assert.equal(bob.code, 2, bob.stderr)
    assert.equal(clockOf(await ok(server.port, 'bob', 'sim clock --json')), before.bob)
    await ok(server.port, 'bob', 'state restore template --yes')
  })

  it('two trainees advance their own clocks, answer their own confirmations and reset their own labs', async () => {
    const start = clockOf(await ok(server.port, 'bob', 'sim clock --json'))
    await ok(server.port, 'alice', 'sim clock advance 61d')
    assert.equal(clockOf(await ok(server.port, 'bob', 'sim clock --json')), start)
    assert.notEqual(clockOf(await ok(server.port, 'alice', 'sim clock --json')), start)

    // alice waits at a question; bob's confirmation and alice's own other session go on meanwhile.
    const sh = await Shell.open(server.port, 'alice', PW.alice)
    sh.send('onboarding disable\r')
    await sh.waitFor(/Continue \(y\/n\)\?$/)
    await ok(server.port, 'bob', 'onboarding disable --yes')
    await ok(server.port, 'alice', 'show version active')
    const mark = sh.output.length
    sh.send('n\r')
    await sh.waitFor(/Executed command unsuccessfully\r\nadmin:$/, mark)
    sh.close()
    assert.equal(JSON.parse((await ok(server.port, 'alice', 'onboarding status --json')).stdout).pushEnabled, true)
    assert.equal(JSON.parse((await ok(server.port, 'bob', 'onboarding status --json')).stdout).pushEnabled, false)

    // Snapshots of her own lab, by name, over her own door.
    // She sees her files by their names, never the server's folders.
    assert.match(
      (await ok(server.port, 'alice', 'state save base')).stdout,
      /^Saved snapshot "base" \(alice\.db\.snapshots\/base\.db\): /,
    )
    assert.match((await ok(server.port, 'alice', 'state reset --yes')).stdout, /^State reset: /)
    const listed = JSON.parse((await ok(server.port, 'alice', 'state list --json')).stdout)
    assert.deepEqual(
      listed.snapshots.map((s: {name: string; path: string}) => [s.name, s.path]),
      [
        ['base', 'alice.db.snapshots/base.db'],
        ['template', 'alice.db.snapshots/template.db'],
      ],
    )
    assert.equal(listed.directory, 'alice.db.snapshots')
    assert.match((await ok(server.port, 'alice', 'state list')).stdout, /\n2 snapshots in alice\.db\.snapshots\n$/)
    const kept = await run(server.port, 'alice', PW.alice, 'state delete template')
    assert.equal(kept.code, 2)
    assert.match(
      kept.stderr,
      /^Error: "template" is the lab you started with, kept so that you can always go back to it\. Delete your own snapshots by name \(see `state list`\)\.\n$/,
    )
    for (const cmd of ['state save peek', 'state list', 'state list --json', 'state delete peek']) {
      const r = await ok(server.port, 'alice', cmd)
      assert.ok(!r.stdout.includes(dir) && !r.stderr.includes(dir), `${cmd}: ${r.stdout}${r.stderr}`)
    }
    const none = await run(server.port, 'alice', PW.alice, 'cluster show')
    assert.equal(none.code, 2, none.stderr)
    // The fix is her own `state restore` in the session's form (not `cluster create`, which the session refuses).
    const fix =
      /There is no cluster in your lab\. Restore the lab you started with: (state restore template --yes) \(or a snapshot of yours: state list\)\./.exec(
        none.stderr,
      )
    assert.ok(fix, none.stderr)
    assert.match((await ok(server.port, 'bob', 'cluster show')).stdout, /lab/)
    await ok(server.port, 'alice', fix[1])
    assert.equal(clockOf(await ok(server.port, 'alice', 'sim clock --json')), start)
    assert.match(
      (await ok(server.port, 'alice', 'state restore base --yes')).stdout,
      /^Restored "base" \(alice\.db\.snapshots\/base\.db\): /,
    )
    assert.match((await ok(server.port, 'alice', 'cluster show')).stdout, /lab/)
    assert.notEqual(clockOf(await ok(server.port, 'alice', 'sim clock --json')), start)

    // The trainer sees both, each with its own clock.
    const list = (await sb.ok(['tenants', 'list', '--dir', dir, '--json'])).json()
    assert.deepEqual(
      list.tenants.map((t: {name: string}) => t.name),
      ['alice', 'bob'],
    )
    assert.notEqual(list.tenants[0].clock, list.tenants[1].clock)
    assert.ok(list.tenants.every((t: {lastLogin: string | null}) => t.lastLogin !== null))
  })

  it("a session reaches neither another tenant's file nor the server's files", async () => {
    for (const cmd of [
      'state restore ../bob.db --yes',
      `state restore ${join(dir, 'bob.db')} --yes`,
      'state save /tmp/x',
      'state save ../bob',
      `tenants list --dir ${dir}`,
      `tenants reset bob --dir ${dir} --yes`,
      'apply -f ../bob.db',
      `run sql --file ${join(dir, 'bob.db')}`,
      'run sql --file ../bob.db',
      `alarms decrypt --file ${join(dir, 'bob.db')} --token x`,
    ]) {
      const r = await run(server.port, 'alice', PW.alice, cmd)
      assert.equal(r.code, 2, `${cmd}: ${r.stderr}`)
    }
    // No error line echoes a byte of another tenant's file.
    const sql = await run(server.port, 'alice', PW.alice, `run sql --file ${join(dir, 'bob.db')}`)
    assert.match(sql.stderr, /^Error: A session over SSH cannot read files on the server \(--file\)/)
    // A name is one of her own snapshots, never another tenant's lab.
    const r = await run(server.port, 'alice', PW.alice, 'state restore bob --yes')
    assert.equal(r.code, 2)
    assert.match(r.stderr, /No snapshot named "bob"/)
    assert.equal(JSON.parse((await ok(server.port, 'bob', 'onboarding status --json')).stdout).pushEnabled, false)
  })

  it('the trainer resets and deletes labs; a deleted tenant starts again from the template', async () => {
    const template = clockOf(await ok(server.port, 'bob', 'sim clock --json'))
    await ok(server.port, 'bob', 'sim clock advance 1h')
    const before = (await sb.ok(['tenants', 'show', 'alice', '--dir', dir, '--json'])).json().lastLogin
    assert.ok(before, 'alice has logged in')
    const reset = await sb.ok(['tenants', 'reset', 'alice', '--dir', dir, '--yes'])
    assert.match(reset.stdout, /^Tenant alice reset to the template: lab/)
    // The lab is the template again; the account's last login is kept (the trainer's record).
    assert.equal((await sb.ok(['tenants', 'show', 'alice', '--dir', dir, '--json'])).json().lastLogin, before)
    assert.equal(clockOf(await ok(server.port, 'alice', 'sim clock --json')), template)
    assert.equal(JSON.parse((await ok(server.port, 'alice', 'onboarding status --json')).stdout).pushEnabled, true)
    assert.match((await sb.ok(['tenants', 'delete', 'bob', '--dir', dir, '--yes'])).stdout, /^Deleted tenant bob\.\n$/)
    const gone = await sb.run(['tenants', 'show', 'bob', '--dir', dir])
    assert.equal(gone.exitCode, 2)
    assert.match(gone.stderr, /There is no tenant "bob"/)
    assert.equal(clockOf(await ok(server.port, 'bob', 'sim clock --json')), template)
    assert.equal(JSON.parse((await ok(server.port, 'bob', 'onboarding status --json')).stdout).pushEnabled, true)
    assert.match((await sb.ok(['tenants', 'show', 'bob', '--dir', dir])).stdout, /^Tenant: +bob\n/)
  })

  it('closes a lab nobody uses after --tenant-idle, and opens it again at the next login', async () => {
    const s = await ServerProcess.start(sb, ['--tenants', dir, '--tenant-idle', '1s'])
    try {
      await ok(s.port, 'alice', 'show status')
      await logged(s, /tenant alice closed \(idle; 0 open\)/)
      await ok(s.port, 'alice', 'show status')
      await logged(s, /tenant alice opened[\s\S]*tenant alice opened/)
      assert.equal(s.stderr.match(/tenant alice opened/g)?.length, 2)
    } finally {
      await s.stop(15_000)
    }
  })

  it('more than ten workers: no MaxListenersExceededWarning in the log', async () => {
    const s = await ServerProcess.start(sb, ['--tenants', dir, '--workers', '12'])
    await logged(s, /on 12 worker threads/)
    // Started without --template: the log names the template an earlier start wrote to the folder.
    assert.match(s.stderr, /new tenants start from the template written there earlier \(\S+\.template\.db;/)
    await ok(s.port, 'alice', 'show version active')
    assert.equal(await s.stop(15_000), 0)
    // The whole log, read once the server has exited.
    assert.doesNotMatch(s.stderr, /Warning/)
  })

  it('bad tenant flags exit 2 before the server listens', async () => {
    for (const args of [
      ['--tenants', join(sb.dir, 'nope')],
      ['--template', EXAMPLE],
      ['--tenants', dir, '--template', join(sb.dir, 'nope.yaml')],
      ['--tenants', dir, '--template', sb.db + '-not'],
    ]) {
      const r = await sb.run(['serve', 'ssh', '--port', '0', ...args])
      assert.equal(r.exitCode, 2, `${args.join(' ')}: ${r.stderr}`)
      assert.match(r.stderr, /^Error: [^\n]+\n$/)
      assert.equal(r.stdout, '')
    }
  })

  it('without a template, an account with no lab is told why', async () => {
    const empty = new Sandbox()
    const d = join(empty.dir, 'labs')
    mkdirSync(d)
    await empty.ok(['account', 'add', 'alice', '--password-stdin'], 0, {input: `${PW.alice}\n`})
    const s = await ServerProcess.start(empty, ['--tenants', d])
    try {
      // The trainer reads it in the log at start-up.
      await logged(
        s,
        /tenants in \S+: no template, so an account with no lab there is refused \(start with --template FILE/,
      )
      const r = await run(s.port, 'alice', PW.alice, 'show status')
      assert.equal(r.code, 1)
      assert.match(r.stderr, /^Error: There is no lab for alice yet, and the server has no template/)
    } finally {
      await s.stop(15_000)
      empty.remove()
    }
  })
})

describe('serve ssh: a waiting confirmation holds nobody (issue 23 item 4, issue 25 item 9)', function () {
  this.timeout(120_000)
  const sb = new Sandbox()
  let server: ServerProcess
  before(async () => {
    await sb.ok(['apply', '-f', EXAMPLE])
    await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: `${PW.admin}\n`})
    server = await ServerProcess.start(sb)
  })
  after(async () => {
    await server?.stop(15_000)
    sb.remove()
  })

  it("other sessions' commands and new logins go on; a client that hangs up at the question changes nothing", async () => {
    const waiting = await Shell.open(server.port, 'admin', PW.admin)
    waiting.send('onboarding disable\r')
    await waiting.waitFor(/Continue \(y\/n\)\?$/)
    // Another session's command, and a new login, while the question waits.
    assert.match((await ok(server.port, 'admin', 'show version active')).stdout, /Active Master Version/)
    const fresh = await connect(server.port, 'admin', PW.admin)
    fresh.end()
    waiting.close()
    // The hang-up is seen; the command never runs afterwards.
    await logged(server, /logout admin[^\n]*\n[\s\S]*logout admin[^\n]*\n[\s\S]*logout admin/)
    assert.equal(JSON.parse((await ok(server.port, 'admin', 'onboarding status --json')).stdout).pushEnabled, true)
  })

  it('an answered question runs the command once, printing its output once', async () => {
    const sh = await Shell.open(server.port, 'admin', PW.admin)
    sh.send('onboarding disable\r')
    await sh.waitFor(/Continue \(y\/n\)\?$/)
    const mark = sh.output.length
    sh.send('y\r')
    await sh.waitFor(/\nadmin:$/, mark)
    sh.close()
    assert.equal(sh.output.slice(mark).match(/^Saved\b/gm)?.length, 1, sh.output.slice(mark))
    assert.equal(JSON.parse((await ok(server.port, 'admin', 'onboarding status --json')).stdout).pushEnabled, false)
  })
})

describe('serve ssh: connections that do not log in (issue 25 items 7 and 8)', function () {
  this.timeout(120_000)
  const sb = new Sandbox()
  before(async () => {
    await sb.ok(LAB)
    await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: `${PW.admin}\n`})
  })
  after(() => sb.remove())

  const silent = (port: number) =>
    new Promise<{sock: Socket; closed: Promise<void>}>((resolve, reject) => {
      const sock = tcp(port, '127.0.0.1', () => resolve({sock, closed}))
      const closed = new Promise<void>((r) => sock.once('close', () => r()))
      sock.on('error', reject)
      sock.on('data', () => undefined)
    })

  it('the login grace time starts at accept (no SSH banner needed) and connections not logged in are capped per address', async () => {
    const server = await ServerProcess.start(sb, ['--login-grace', '5s', '--per-source-max-startups', '3'])
    try {
      const held = await Promise.all([1, 2, 3].map(() => silent(server.port)))
      const fourth = await silent(server.port)
      await fourth.closed
      await logged(server, /refused a connection from 127\.0\.0\.1: 3 from that address not logged in yet/)
      // The three silent ones never sent a banner: the grace time still ends them.
      await Promise.all(held.map((h) => h.closed))
      await logged(server, /(login grace time over: closing a connection from 127\.0\.0\.1\n[\s\S]*){3}/)
      assert.equal(server.stderr.match(/login grace time over: closing a connection from 127\.0\.0\.1/g)?.length, 3)
      // And a real login goes through afterwards.
      await ok(server.port, 'admin', 'show status')
    } finally {
      await server.stop(15_000)
    }
  })

  it('attempts of a server killed during a burst of logins do not count after a restart', async () => {
    let server = await ServerProcess.start(sb)
    const burst = Array.from({length: 30}, () =>
      connect(server.port, 'admin', PW.admin)
        .then((c) => c.end())
        .catch(() => undefined),
    )
    for (let i = 0; i < 400 && !/login admin from/.test(server.stderr); i++) await new Promise((r) => setTimeout(r, 5))
    server.child.kill('SIGKILL')
    await server.exited()
    await Promise.all(burst)
    const store = Store.open(sb.db)
    const running = (
      store.db.prepare('SELECT count(*) AS n FROM ssh_login_attempts WHERE failed = 0').get() as {n: number}
    ).n
    store.close()
    assert.ok(running > 0, 'the kill left no attempt running: the test did not reproduce the crash')
    server = await ServerProcess.start(sb)
    try {
      await ok(server.port, 'admin', 'show status')
      assert.doesNotMatch(server.stderr, /too many logins in progress/)
    } finally {
      await server.stop(15_000)
    }
  })
})

describe('serve ssh --json --exit-on-stdin-close (issue 24 item 5)', function () {
  this.timeout(60_000)
  const sb = new Sandbox()
  after(() => sb.remove())

  it('prints its address on one line and stops when the process that started it goes away', async () => {
    await sb.ok(LAB)
    const child = execa('node', [BIN, 'serve', 'ssh', '--port', '0', '--json', '--exit-on-stdin-close'], {
      env: sb.commandEnv(),
      extendEnv: false,
      reject: false,
      stdin: 'pipe',
    })
    const line = await firstLine(child.stdout!)
    const doc = JSON.parse(line)
    assert.equal(doc.host, '127.0.0.1')
    assert.ok(doc.port > 0)
    child.stdin!.end()
    const r = await child
    assert.equal(r.exitCode, 0, r.stderr as string)
    assert.match(r.stderr as string, /stopping \(SIGTERM\)/)
  })
})
