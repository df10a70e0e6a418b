import assert from 'node:assert/strict'
import {readFileSync, writeFileSync, existsSync} from 'node:fs'
import {join} from 'node:path'

import {LAB, Sandbox, onboard} from '../helpers.js'

const tomcat = async (sb: Sandbox, node = 'cucm-pub') =>
  (await sb.ok(['utils', 'service', 'list', '--node', node, '--json']))
    .json()
    .services.find((s: {name: string}) => s.name === 'Cisco Tomcat').state

describe('ucadmin shell: script mode', () => {
  let sb: Sandbox
  beforeEach(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
  })
  afterEach(() => sb.remove())

  it('prints exactly what the same commands print when run one by one', async () => {
    const lines = [
      ['utils', 'service', 'list'],
      ['show', 'status', '--node', 'imp-pub'],
      ['cluster', 'show', '--json'],
      ['utils', 'service', 'restart', 'Cisco', 'Tomcat'],
      ['sim', 'clock', 'advance', '2h'],
      ['utils', 'service', 'list', '--json'],
    ]
    const other = new Sandbox()
    try {
      await other.ok(LAB)
      let expected = ''
      for (const l of lines) expected += (await other.ok(l)).stdout
      const r = await sb.ok(['shell'], 0, {input: lines.map((l) => l.join(' ')).join('\n') + '\n'})
      assert.equal(r.stdout, expected)
      assert.equal(r.stderr, '')
    } finally {
      other.remove()
    }
  })

  it('stops at the first failing command with its exit code; later lines do not run', async () => {
    const script =
      'utils service stop Cisco Tomcat\nutils service restart Cisco Nope\nutils service start Cisco Tomcat\n'
    const r = await sb.run(['shell'], {input: script})
    assert.equal(r.exitCode, 2)
    assert.match(r.stderr, /^Error: Unknown service "Cisco Nope"/)
    assert.match(r.stderr, /\nucadmin shell: stopped at line 2 \(exit 2\): utils service restart Cisco Nope\n$/)
    assert.equal(await tomcat(sb), 'STOPPED')
    const one = await sb.run(['shell'], {
      input: 'sim fault node-down cucm-sub1\nutils service list --node cucm-sub1\nshow status\n',
    })
    assert.equal(one.exitCode, 1)
    assert.doesNotMatch(one.stdout, /Host Name/)
  })

  it('with --keep-going runs every line and exits with the worst code seen', async () => {
    const script = [
      'sim fault node-down cucm-sub1',
      'utils service list --node cucm-sub1',
      'utils service restart Nope',
      'utils service stop Cisco Tomcat',
      'show version active',
    ].join('\n')
    const r = await sb.run(['shell', '--keep-going'], {input: script})
    assert.equal(r.exitCode, 2)
    assert.equal(r.stderr.trim().split('\n').length, 2)
    assert.equal(await tomcat(sb), 'STOPPED')
    assert.match(r.stdout, /Active Master Version/)
    const ones = await sb.run(['shell', '--keep-going'], {
      input: 'utils service list --node cucm-sub1\nshow version active\n',
    })
    assert.equal(ones.exitCode, 1)
  })

  it('skips comments and blank lines, accepts CRLF scripts, and stops at quit', async () => {
    const r = await sb.ok(['shell'], 0, {
      input: '# restart nothing yet\r\n\r\n   \r\nshow version active\r\nquit\r\nutils service stop Cisco Tomcat\r\n',
    })
    assert.match(r.stdout, /^Active Master Version: 14\.0\.1/)
    assert.equal(await tomcat(sb), 'STARTED')
    assert.equal((await sb.ok(['shell'], 0, {input: ''})).stdout, '')
  })

  it('applies --node and --cluster to every command that does not name its own node', async () => {
    const r = await sb.ok(['shell', '--node', 'imp-pub'], 0, {
      input: 'show status\nshow status --node cucm-sub1\nutils service stop Cisco Tomcat\n',
    })
    const hosts = [...r.stdout.matchAll(/Host Name\s+: (\S+)/g)].map((m) => m[1])
    assert.deepEqual(hosts, ['imp-pub', 'cucm-sub1'])
    assert.equal(await tomcat(sb, 'imp-pub'), 'STOPPED')
    assert.equal(await tomcat(sb, 'cucm-pub'), 'STARTED')
    const env = await sb.ok(['shell'], 0, {input: 'show status\n', env: {UCADMIN_NODE: 'cucm-sub1'}})
    assert.match(env.stdout, /Host Name\s+: cucm-sub1/)
  })

  it('understands the CUCM command words in any case, help, and a `ucadmin` prefix', async () => {
    const r = await sb.ok(['shell'], 0, {
      input: 'UTILS SERVICE LIST\nucadmin show version active\nhelp utils service\n',
    })
    assert.match(r.stdout, /Primary Node =true\nActive Master Version/)
    assert.match(r.stdout, /utils service commands:\n {2}utils service activate/)
  })

  // Issue 24 item 4: hints at the admin: prompt are written as typed there, and a pasted bash line works.
  it('gives fix hints in the session\'s own form and runs a pasted `ucadmin run sql "..."`', async () => {
    const bash = await sb.run(['run', 'sql', 'select * from machine account details'])
    assert.match(bash.stderr, /Run: ucadmin run sql "select \* from machineaccountdetails"\n$/)
    const r = await sb.run(['shell', '--keep-going'], {
      input:
        "run sql select * from machine account details\nucadmin run sql \"select count(*) from processnode\"\nrun sql 'select name from processnode where name = '\\''cucm-pub'\\'''\n",
    })
    assert.equal(r.exitCode, 2)
    assert.equal(
      r.stderr,
      'Error: There is no table "machine account details": the table is machineaccountdetails, one word. Run: run sql select * from machineaccountdetails\n',
    )
    assert.match(r.stdout, /^count\(\*\)\n========\n4\nname\n========\ncucm-pub\n$/)
    // What the session cannot run keeps the system shell's form.
    const s = await sb.run(['shell'], {input: 'shell\n'})
    assert.match(s.stderr, /Run it from your system shell: ucadmin shell\n/)
  })

  it("gives the token procedure and state list hints in the session's form too", async () => {
    await onboard(sb)
    const input =
      'state list\nsim fault token-expire\nsim clock advance 30m\ncluster create newpub --version 14SU3 --publisher new-pub\ntoken status\ntoken procedure --source-cluster newpub --yes\n'
    const r = await sb.run(['shell', '--keep-going'], {input})
    assert.match(r.stdout, /\(save one with `state save NAME`\)/)
    assert.match(r.stdout, /Upload it: `cert upload tomcat-trust ROOT-CA\.pem --node new-pub --cluster newpub`/)
    assert.doesNotMatch(r.stdout, /ucadmin /)
  })

  it("tells how to create the first cluster in the session's form", async () => {
    const empty = new Sandbox()
    try {
      const r = await empty.ok(['shell'], 0, {input: 'cluster list\n'})
      assert.equal(r.stdout, 'No clusters. Create one with: cluster create NAME --version 14SU3 --publisher cucm-pub\n')
      assert.match((await empty.ok(['cluster', 'list'])).stdout, /with: ucadmin cluster create NAME/)
    } finally {
      empty.remove()
    }
  })

  it('refuses commands that cannot run inside it (shell --json is JSON Lines script mode, see shell-json.test.ts)', async () => {
    const j = await sb.run(['shell', '--json'])
    assert.equal(j.exitCode, 0)
    assert.equal(j.stdout, '')
    const r = await sb.run(['shell'], {input: 'shell\n'})
    assert.equal(r.exitCode, 2)
    assert.match(r.stderr, /`shell` cannot run inside the admin: shell/)
    const a = await sb.run(['shell'], {input: 'account add x --password-stdin\nsecret12\n'})
    assert.equal(a.exitCode, 2)
    assert.match(a.stderr, /Passwords are not set inside the admin: shell/)
    assert.equal((await sb.ok(['account', 'list', '--json'])).json().accounts.length, 0)
  })
})

describe('ucadmin account', () => {
  let sb: Sandbox
  beforeEach(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
  })
  afterEach(() => sb.remove())

  it('adds accounts with a password from stdin, never stored in clear, and lists them', async () => {
    const a = await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: 'Sup3r-secret-pw\n'})
    assert.equal(a.stdout, "Added account admin: password; sessions land on the server's default node.\n")
    const b = await sb.ok(['account', 'add', 'impadmin', '--password-stdin', '--node', 'imp-pub', '--json'], 0, {
      input: 'An0ther-secret',
    })
    assert.deepEqual(Object.keys(b.json()).sort(), [
      'changedAt',
      'cluster',
      'createdAt',
      'keys',
      'name',
      'node',
      'password',
    ])
    assert.equal(b.json().node, 'imp-pub')
    const list = (await sb.ok(['account', 'list', '--json'])).json()
    assert.deepEqual(
      list.accounts.map((x: {name: string; node: string | null; password: boolean}) => [x.name, x.node, x.password]),
      [
        ['admin', null, true],
        ['impadmin', 'imp-pub', true],
      ],
    )
    const table = await sb.ok(['account', 'list'])
    assert.match(
      table.stdout,
      /^name {5}node {6}cluster {3}password keys\n=+ =+ =+ =+ =+\nadmin {4}\(default\) \(default\) yes {6}0\n/,
    )
    for (const f of [sb.db, `${sb.db}-wal`]) {
      if (!existsSync(f)) continue
      const bytes = readFileSync(f).toString('latin1')
      assert.ok(
        !bytes.includes('Sup3r-secret-pw') && !bytes.includes('An0ther-secret'),
        `${f} holds a password in clear`,
      )
    }
  })

  it('refuses missing, weak and duplicate passwords, unknown nodes and bad key files', async () => {
    const none = await sb.run(['account', 'add', 'admin'])
    assert.equal(none.exitCode, 2)
    assert.match(
      none.stderr,
      /No password given \(a password is never taken from the command line\)\. Pipe it on stdin with --password-stdin/,
    )
    assert.equal((await sb.run(['account', 'add', 'admin', '--password-stdin'], {input: 'abc\n'})).exitCode, 2)
    assert.equal((await sb.run(['account', 'add', 'bad name', '--password-stdin'], {input: 'secret12'})).exitCode, 2)
    assert.equal(
      (await sb.run(['account', 'add', 'x', '--password-stdin', '--node', 'nowhere'], {input: 'secret12'})).exitCode,
      2,
    )
    writeFileSync(join(sb.dir, 'bad.pub'), 'not a key\n')
    const k = await sb.run(['account', 'add', 'x', '--authorized-key', join(sb.dir, 'bad.pub')])
    assert.equal(k.exitCode, 2)
    assert.match(k.stderr, /bad\.pub line 1 is not a public key/)
    assert.equal((await sb.run(['account', 'add', 'x', '--authorized-key', join(sb.dir, 'missing.pub')])).exitCode, 2)
    await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: 'secret12'})
    const dup = await sb.run(['account', 'add', 'admin', '--password-stdin'], {input: 'secret12'})
    assert.equal(dup.exitCode, 1)
    assert.match(dup.stderr, /Account admin already exists/)
    assert.equal((await sb.ok(['account', 'list', '--json'])).json().accounts.length, 1)
  })

  it('changes passwords and deletes accounts', async () => {
    await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: 'secret12'})
    const p = await sb.ok(['account', 'passwd', 'admin', '--password-stdin'], 0, {input: 'secret34\n'})
    assert.equal(p.stdout, 'Changed the password of account admin.\n')
    assert.equal((await sb.run(['account', 'passwd', 'ghost', '--password-stdin'], {input: 'secret34'})).exitCode, 1)
    assert.equal((await sb.run(['account', 'passwd', 'admin'])).exitCode, 2)
    assert.equal((await sb.ok(['account', 'delete', 'admin', '--yes'])).stdout, 'Deleted account admin.\n')
    assert.equal((await sb.run(['account', 'delete', 'admin', '--yes'])).exitCode, 1)
  })
})
