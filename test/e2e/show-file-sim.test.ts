import assert from 'node:assert/strict'

import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {Readable, Writable} from 'node:stream'
import {pathToFileURL} from 'node:url'

import {LAB, ROOT, Sandbox} from '../helpers.js'

describe('ucadmin show, file and sim', () => {
  let sb: Sandbox
  beforeEach(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
  })
  afterEach(() => sb.remove())

  it("show status prints CUCM's header lines for the node", async () => {
    const r = await sb.ok(['show', 'status', '--node', 'cucm-sub1'])
    assert.match(r.stdout, /^Host Name          : cucm-sub1$/m)
    assert.match(r.stdout, /^Date               : Mon Jan 5, 2026 09:00:00$/m)
    assert.match(r.stdout, /^Product Ver        : 14\.0\.1\.13900-1$/m)
    const j = (await sb.ok(['show', 'status', '--json'])).json()
    assert.equal(j.host, 'cucm-pub')
    assert.equal(j.state, 'up')
  })

  it('show version active and show network cluster', async () => {
    assert.match((await sb.ok(['show', 'version', 'active'])).stdout, /^Active Master Version: 14\.0\.1\.13900-1$/m)
    const net = await sb.ok(['show', 'network', 'cluster'])
    assert.match(
      net.stdout,
      /^10\.\d+\.0\.11 cucm-pub\.lab\.example\.com cucm-pub Publisher callmanager DBPub authenticated$/m,
    )
    assert.match(net.stdout, /imp-pub Subscriber cups DBPub authenticated using TCP since/)
  })

  it('the simulated clock starts at a fixed time and only moves forward', async () => {
    assert.deepEqual((await sb.ok(['sim', 'clock', '--json'])).json(), {now: '2026-01-05T09:00:00.000Z'})
    const adv = (await sb.ok(['sim', 'clock', 'advance', '1h30m', '--json'])).json()
    assert.equal(adv.now, '2026-01-05T10:30:00.000Z')
    assert.equal(adv.advancedBy, '1h30m')
    await sb.ok(['sim', 'clock', 'set', '2026-02-01T00:00:00Z'])
    assert.equal((await sb.ok(['sim', 'clock', '--json'])).json().now, '2026-02-01T00:00:00.000Z')
    const back = await sb.run(['sim', 'clock', 'set', '2026-01-01T00:00:00Z'])
    assert.equal(back.exitCode, 2)
    assert.match(back.stderr, /cannot go back/)
    for (const bad of ['-5m', 'soon', '0s', ''])
      assert.equal((await sb.run(['sim', 'clock', 'advance', bad])).exitCode, 2, bad)
    assert.equal((await sb.ok(['sim', 'clock', '--json'])).json().now, '2026-02-01T00:00:00.000Z')
  })

  it("service activity goes to the service's trace, readable with file list and file tail", async () => {
    await sb.ok(['sim', 'clock', 'advance', '5m'])
    await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service'])
    const dirs = await sb.ok(['file', 'list', 'activelog', 'cm/trace/'])
    assert.match(dirs.stdout, /<dir>\s+ccmpns/)
    const files = await sb.ok(['file', 'list', 'activelog', 'cm/trace/ccmpns/log4j/', '--json'])
    assert.deepEqual(
      files.json().files.map((f: {file: string}) => f.file),
      ['ccmpns00001.log'],
    )
    const tail = await sb.ok(['file', 'tail', 'activelog', 'cm/trace/ccmpns/log4j/*.log', '--lines', '1'])
    assert.match(
      tail.stdout,
      /^2026-01-05 09:05:00,000 INFO  \[main\] ccmpns\.CCMPNServer - Cisco Push Notification Service restarted on cucm-pub\n$/,
    )
    await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service'])
    const viaNumber = await sb.ok(['file', 'tail', 'activelog', 'cm/trace/ccmpns/log4j/ccmpns00001.log', '2'])
    assert.equal(viaNumber.stdout.trim().split('\n').length, 2)
    const nothing = await sb.run(['file', 'tail', 'activelog', 'cm/trace/nothing/here.log'])
    assert.equal(nothing.exitCode, 2)
    // The path, then the folders that exist, as two sentences (the path no longer runs into "Trace folders").
    assert.match(
      nothing.stderr,
      /^Error: No such directory or file in activelog: "cm\/trace\/nothing\/here\.log"\. Trace folders: cm\/trace\/ccmpns\/log4j\/, [^\n]*\/\.\n$/,
    )
    assert.equal((await sb.run(['file', 'tail', 'activelog', 'cm/trace/ccmpns/log4j/', '--lines', 'x'])).exitCode, 2)
  })

  it('node faults show in cluster show and show status, and have inverses', async () => {
    await sb.ok(['sim', 'fault', 'node-shutdown', 'imp-pub'])
    const nodes = (await sb.ok(['cluster', 'show', '--json'])).json().nodes
    assert.equal(nodes.find((n: {host: string}) => n.host === 'imp-pub').state, 'shutdown')
    assert.equal((await sb.ok(['show', 'status', '--node', 'imp-pub', '--json'])).json().state, 'shutdown')
    assert.equal((await sb.run(['sim', 'fault', 'node-shutdown', 'imp-pub'])).exitCode, 1)
    await sb.ok(['sim', 'fault', 'node-up', 'imp-pub'])
    assert.equal((await sb.run(['sim', 'fault', 'node-down', 'nohost'])).exitCode, 2)
  })

  it('cloud reachability and DNS faults', async () => {
    const r = (await sb.ok(['sim', 'fault', 'unreachable', 'push.webexconnect.com', '--json'])).json()
    assert.deepEqual(r, {
      cloudHost: 'push.webexconnect.com',
      port: 443,
      reachable: false,
      nodes: ['cucm-pub', 'cucm-sub1', 'imp-pub'],
    })
    const one = (
      await sb.ok(['sim', 'fault', 'reachable', 'push.webexconnect.com', '--node', 'imp-pub', '--json'])
    ).json()
    assert.deepEqual(one.nodes, ['imp-pub'])
    assert.equal((await sb.run(['sim', 'fault', 'unreachable', 'example.com'])).exitCode, 2)
    await sb.ok(['sim', 'fault', 'dns-off', 'cucm-sub1'])
    assert.equal((await sb.ok(['show', 'status', '--node', 'cucm-sub1', '--json'])).json().dnsConfigured, false)
  })

  // Issue 24 item 11: the troubleshooting commands operators reach for.
  it("file search activelog prints the matching lines under CUCM's Searching lines; ignorecase and reltime", async () => {
    await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service'])
    await sb.ok(['sim', 'clock', 'advance', '3h'])
    await sb.ok(['utils', 'service', 'stop', 'Cisco Push Notification Service'])
    const all = (await sb.ok(['file', 'tail', 'activelog', 'cm/trace/ccmpns/log4j/', '--lines', '100'])).stdout
      .split('\n')
      .filter(Boolean)
    const r = await sb.ok(['file', 'search', 'activelog', 'cm/trace/ccmpns/log4j/*', 'restarted|stopped'])
    const want = all.filter((l) => /restarted|stopped/.test(l))
    assert.ok(want.length >= 2)
    assert.equal(
      r.stdout,
      [
        'Searching path: /var/log/active/cm/trace/ccmpns/log4j/*',
        'Searching file: /var/log/active/cm/trace/ccmpns/log4j/ccmpns00001.log',
        ...want,
        'Search completed',
        '',
      ].join('\n'),
    )
    assert.equal(
      (await sb.ok(['file', 'search', 'activelog', 'cm/trace/ccmpns/log4j/*', 'RESTARTED'])).stdout.split('\n').length,
      4,
      'no match without ignorecase',
    )
    const ic = (
      await sb.ok(['file', 'search', 'activelog', 'cm/trace/ccmpns/log4j/*', 'RESTARTED', 'ignorecase', '--json'])
    ).json()
    assert.equal(ic.files[0].matches.length, all.filter((l) => /restarted/i.test(l)).length)
    // reltime: files written to within the last N (on the simulated clock).
    await sb.ok(['sim', 'clock', 'advance', '2d'])
    assert.deepEqual(
      (
        await sb.ok([
          'file',
          'search',
          'activelog',
          'cm/trace/ccmpns/log4j/*',
          'stopped',
          'reltime',
          'hours',
          '1',
          '--json',
        ])
      ).json().files,
      [],
    )
    assert.equal(
      (
        await sb.ok([
          'file',
          'search',
          'activelog',
          'cm/trace/ccmpns/log4j/*',
          'stopped',
          'reltime',
          'days',
          '3',
          '--json',
        ])
      ).json().files.length,
      1,
    )
    for (const bad of [
      ['(a+)+'],
      ['(a|aa)*b'],
      ['(x)\\1'],
      ['.*.*.*x'],
      ['('],
      ['x', 'reltime', 'weeks', '2'],
      ['x', 'sideways'],
    ]) {
      const b = await sb.run(['file', 'search', 'activelog', 'cm/trace/ccmpns/log4j/*', ...bad])
      assert.equal(b.exitCode, 2, bad.join(' '))
      assert.equal(b.stderr.split('\n').length, 2, b.stderr)
    }
  })

  it("file get activelog copies the files to a local folder with CUCM's summary; never over SSH", async () => {
    await sb.ok(['utils', 'service', 'restart', 'Cisco Management Agent Service'])
    const to = join(sb.dir, 'got')
    const r = await sb.ok(['file', 'get', 'activelog', 'cm/trace/cmas/log4j/*', '--to', to])
    const file = join(to, 'cucm-pub', 'cm/trace/cmas/log4j/cmas00001.log')
    const text = readFileSync(file, 'utf8')
    assert.equal(text, (await sb.ok(['file', 'view', 'activelog', 'cm/trace/cmas/log4j/cmas00001.log'])).stdout)
    const bytes = Buffer.byteLength(text)
    assert.equal(
      r.stdout,
      `Please wait while the system is gathering files info ...done.\nSub-directories were not traversed.\nNumber of files affected: 1\nTotal size in Bytes: ${bytes}\nTotal size in Kbytes: ${bytes / 1024}\nTransfer completed.\n`,
    )
    assert.match(r.stderr, /^Wrote 1 file of cucm-pub under /)
    const none = await sb.run(['file', 'get', 'activelog', 'cm/trace/nothing/*', '--to', join(sb.dir, 'none')])
    assert.equal(none.exitCode, 2)
    assert.ok(!existsSync(join(sb.dir, 'none')))
    // An SSH session cannot write files on the server.
    const {Executor} = await import('../../src/shell/executor.js')
    const {Store} = await import('../../src/store/store.js')
    const {readManifest} = await import('../../src/run/fast.js')
    const store = Store.open(sb.db)
    try {
      const ex = new Executor({
        store,
        manifest: readManifest(pathToFileURL(ROOT + '/'))!,
        env: sb.commandEnv(),
        kind: 'ssh',
        node: 'cucm-pub',
        pinned: true,
      })
      let err = ''
      const w = new Writable({write: (c, _e, cb) => ((err += String(c)), cb())})
      const io = {
        in: Readable.from([]),
        out: new Writable({write: (_c, _e, cb) => cb()}),
        err: w,
        stdinIsTTY: false,
        stdoutIsTTY: false,
        color: false,
        columns: 80,
      }
      const res = await ex.execute(`file get activelog cm/trace/cmas/log4j/* --to ${join(sb.dir, 'ssh')}`, io)
      assert.equal(res.code, 2)
      assert.match(err, /A session over SSH cannot write files on the server/)
      assert.ok(!existsSync(join(sb.dir, 'ssh')))
    } finally {
      store.close()
    }
  })

  it('utils dbreplication status starts the check and names the file; file view activelog shows each server', async () => {
    await sb.ok(['sim', 'fault', 'replication-break', 'cucm-sub1'])
    const r = await sb.ok(['utils', 'dbreplication', 'status'])
    const out = 'cm/trace/dbl/sdi/ReplicationStatus.2026_01_05_09_00_00.out'
    assert.equal(
      r.stdout,
      `\nReplication status check is now running in background.\nUse command 'utils dbreplication runtimestate' to check its progress\n\nThe final output will be in file ${out}\n\nPlease use "file view activelog ${out} " command to see the output\n`,
    )
    const v = (await sb.ok(['file', 'view', 'activelog', out])).stdout
    assert.match(v, /^SERVER {17}ID STATE {4}STATUS {5}QUEUE  CONNECTION CHANGED$/m)
    assert.match(v, /^g_2_ccm14_0_1_13900_1 +2 Active   Local +0$/m)
    assert.match(v, /^g_3_ccm14_0_1_13900_1 +3 Active   Failed +\d+  Jan  5 09:00:00$/m)
    assert.match(v, /^g_4_ccm14_0_1_13900_1 +4 Active   Connected +0  Jan  5 09:00:00$/m)
    assert.match(
      (await sb.ok(['file', 'list', 'activelog', 'cm/trace/dbl/sdi'])).stdout,
      /ReplicationStatus\.2026_01_05_09_00_00\.out/,
    )
    const j = (await sb.ok(['utils', 'dbreplication', 'status', '--json'])).json()
    assert.deepEqual(
      j.servers.map((x: {host: string; status: string}) => [x.host, x.status]),
      [
        ['cucm-pub', 'Local'],
        ['cucm-sub1', 'Failed'],
        ['imp-pub', 'Connected'],
      ],
    )
  })
})
