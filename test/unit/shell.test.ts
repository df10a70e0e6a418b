import assert from 'node:assert/strict'
import {Readable, Writable} from 'node:stream'
import {fileURLToPath} from 'node:url'

import type {Manifest} from '../../src/run/fast.js'
import type {IOStreams} from '../../src/command/io.js'
import type {Executor as ExecutorT} from '../../src/shell/executor.js'
import type {TerminalPort} from '../../src/shell/terminal.js'
import {tempStore} from './fixture.js'

// Loaded with import() so that they share one module graph with the handlers the runner imports (under tsx this
// test file is compiled to CommonJS, and a static import would give a second copy of the error classes).

let UsageError: typeof import('../../src/core/errors.js').UsageError
let createCluster: typeof import('../../src/features/guide/install/install.js').createCluster
let makeCompleter: typeof import('../../src/shell/complete.js').makeCompleter
let Executor: typeof import('../../src/shell/executor.js').Executor
let Serial: typeof import('../../src/run/serial.js').Serial
let T: typeof import('../../src/shell/terminal.js')
let W: typeof import('../../src/shell/words.js')
let FAILED_TEXT: string
let PAGINATION_OFF: string
let manifest: Manifest

before(async () => {
  ;({UsageError} = await import('../../src/core/errors.js'))
  ;({createCluster} = await import('../../src/features/guide/install/install.js'))
  ;({makeCompleter} = await import('../../src/shell/complete.js'))
  const ex = await import('../../src/shell/executor.js')
  Executor = ex.Executor
  FAILED_TEXT = ex.FAILED_TEXT
  PAGINATION_OFF = ex.PAGINATION_OFF
  ;({Serial} = await import('../../src/run/serial.js'))
  T = await import('../../src/shell/terminal.js')
  W = await import('../../src/shell/words.js')
  // The manifest from the TypeScript sources (oclif loads src/commands under NODE_ENV test): no build needed.
  const saved = process.env.NODE_ENV
  process.env.NODE_ENV = 'test'
  try {
    const {buildManifest} = await import('../../src/cli/manifest.js')
    manifest = (await buildManifest(fileURLToPath(new URL('../../', import.meta.url)))).oclif
  } finally {
    if (saved === undefined) delete process.env.NODE_ENV
    else process.env.NODE_ENV = saved
  }
})

/** Streams that collect what a command prints. */
function capture(): {io: IOStreams; out: () => string; err: () => string} {
  let out = ''
  let err = ''
  const w = (f: (s: string) => void) => new Writable({write: (c, _e, cb) => (f(String(c)), cb())})
  return {
    io: {
      in: Readable.from([]),
      out: w((s) => (out += s)),
      err: w((s) => (err += s)),
      stdinIsTTY: false,
      stdoutIsTTY: false,
      color: false,
      columns: 80,
    },
    out: () => out,
    err: () => err,
  }
}

/** A manifest with a stand-in `run sql` (built by another feature, declared as it declares it). */
function withRunSql(m: Manifest): Manifest {
  const opt = (name: string) => ({name, type: 'option' as const})
  return {
    commands: {
      ...m.commands,
      'run:sql': {
        id: 'run:sql',
        handler: 'cucmdb/sql#runSql',
        strict: false,
        rawWords: true,
        flags: {json: {name: 'json', type: 'boolean'}, node: opt('node'), cluster: opt('cluster'), file: opt('file')},
        args: {statement: {name: 'statement'}},
      } as Manifest['commands'][string],
    },
  }
}

describe('admin: shell: words and lines', () => {
  it('splits words with quotes and escapes', () => {
    assert.deepEqual(W.splitWords('utils service restart Cisco Tomcat'), [
      'utils',
      'service',
      'restart',
      'Cisco',
      'Tomcat',
    ])
    assert.deepEqual(W.splitWords(`sim alarm raise --message "it's down" --severity 'Error'`), [
      'sim',
      'alarm',
      'raise',
      '--message',
      "it's down",
      '--severity',
      'Error',
    ])
    assert.deepEqual(W.splitWords('a "b \\"c\\" d" e\\ f'), ['a', 'b "c" d', 'e f'])
    assert.deepEqual(W.splitWords('  x   ""  '), ['x', ''])
    assert.throws(
      () => W.splitWords('say "hello'),
      (e: unknown) => e instanceof UsageError && /unclosed double quote/.test(e.message),
    )
  })

  it('finds the rest of a `run sql` line verbatim, in any letter case', () => {
    assert.equal(
      W.rawTail(`run sql update machineaccountdetails set refreshtoken='a-b=c"d' where pkid='x'`, 'run:sql'),
      `update machineaccountdetails set refreshtoken='a-b=c"d' where pkid='x'`,
    )
    assert.equal(
      W.rawTail('RUN   SQL  select * from processnode  --json', 'run:sql'),
      'select * from processnode  --json',
    )
    assert.equal(W.rawTail('run sql', 'run:sql'), '')
    assert.equal(W.rawTail('run sqlx select 1', 'run:sql'), undefined)
    assert.equal(W.rawTail('utils service list', 'run:sql'), undefined)
  })
})

describe('admin: shell: the executor', () => {
  let t: ReturnType<typeof tempStore>
  beforeEach(() => {
    t = tempStore()
    createCluster(t.store, t.clock, {
      name: 'lab',
      version: '14SU3',
      publisher: 'cucm-pub',
      subscribers: ['cucm-sub1'],
      impPublisher: 'imp-pub',
      impSubscribers: [],
    })
  })
  afterEach(() => t.close())

  const executor = (extra: Partial<ConstructorParameters<typeof ExecutorT>[0]> = {}) =>
    new Executor({store: t.store, manifest, env: {NO_COLOR: '1'}, kind: 'shell', ...extra})

  it('runs commands in-process with the CLI output and exit codes, in any letter case', async () => {
    const ex = executor()
    const c = capture()
    const r = await ex.execute('UTILS Service LIST', c.io)
    assert.deepEqual(r, {kind: 'ran', code: 0, json: false})
    assert.match(c.out(), /^Requesting service status, please wait\.\.\.\nService Manager is running\n/)
    assert.match(c.out(), /Primary Node =true\n$/)
    const bad = capture()
    assert.equal((await ex.execute('utils service restart Cisco Nope', bad.io)).code, 2)
    assert.match(bad.err(), /^Error: Unknown service "Cisco Nope"/)
    assert.equal(bad.out(), '')
  })

  it('skips blank lines and comments, and knows quit and exit', async () => {
    const ex = executor()
    const c = capture()
    for (const l of ['', '   ', '# a comment', '  # indented']) assert.equal((await ex.execute(l, c.io)).kind, 'blank')
    assert.equal((await ex.execute('quit', c.io)).kind, 'quit')
    assert.equal((await ex.execute(' EXIT ', c.io)).kind, 'quit')
    assert.equal(c.out() + c.err(), '')
  })

  it('applies the session node unless the command names its own', async () => {
    const ex = executor({node: 'imp-pub'})
    const a = capture()
    await ex.execute('show status', a.io)
    assert.match(a.out(), /Host Name\s+: imp-pub/)
    const b = capture()
    await ex.execute('show status --node cucm-sub1', b.io)
    assert.match(b.out(), /Host Name\s+: cucm-sub1/)
  })

  it('keeps an SSH session on its node', async () => {
    const ex = executor({kind: 'ssh', node: 'imp-pub', cluster: 'lab', pinned: true})
    const a = capture()
    assert.equal((await ex.execute('show status --node cucm-pub', a.io)).code, 2)
    assert.match(a.err(), /This session is logged in to imp-pub; it cannot run commands on cucm-pub/)
    const b = capture()
    assert.equal((await ex.execute('show status --node IMP-PUB', b.io)).code, 0)
    const c = capture()
    assert.equal((await ex.execute('show status --cluster other', c.io)).code, 2)
    const d = capture()
    assert.equal((await ex.execute('cluster export --all', d.io)).code, 2)
    assert.match(d.err(), /^Error: An SSH session stays in its cluster \(lab\): it cannot run cluster export --all\./)
    const e = capture()
    assert.equal((await ex.execute('cluster export other', e.io)).code, 2)
    assert.match(e.err(), /^Error: This session is logged in to cluster lab; it cannot run commands on cluster other\./)
  })

  it('explains unknown, incomplete and malformed commands in one line each, exit 2', async () => {
    const ex = executor()
    const cases: Array<[string, RegExp]> = [
      ['utils servce list', /"utils servce list" is not a command\. Did you mean `utils service list`/],
      [
        'utils service',
        /Incomplete command: `utils service` needs one of: activate, deactivate, list, restart, start, stop/,
      ],
      ['show status --bogus', /Nonexistent flag: --bogus\./],
      ['show status --node', /Flag --node needs a value\./],
      ['cluster create x --version 14SU3', /Missing required flag --publisher\./],
      [
        'cluster create x --version 14SU3 --publisher p --licensing gold',
        /Expected --licensing=gold to be one of: smart, plm, slr, none\./,
      ],
      ['cluster use', /Missing required argument NAME\./],
      ['cluster use a b', /Unexpected argument: b\./],
      ['say "oops', /unclosed double quote/],
    ]
    for (const [line, want] of cases) {
      const c = capture()
      assert.equal((await ex.execute(line, c.io)).code, 2, line)
      assert.match(c.err(), want, line)
      assert.equal(c.err().trim().split('\n').length, 1, line)
    }
  })

  it('never leaves process.exitCode set and never throws, whatever the command does', async () => {
    const ex = executor()
    const before = process.exitCode
    const c = capture()
    await ex.execute('cluster show nope', c.io)
    await ex.execute('sim clock advance -5m', c.io)
    assert.equal(process.exitCode, before)
  })

  it('refuses commands that cannot run in a session', async () => {
    const local = executor()
    const ssh = executor({kind: 'ssh'})
    const expectRefusal = async (ex: ExecutorT, line: string, want: RegExp) => {
      const c = capture()
      assert.equal((await ex.execute(line, c.io)).code, 2, line)
      assert.match(c.err(), want, line)
    }
    await expectRefusal(local, 'shell', /`shell` cannot run inside the admin: shell/)
    await expectRefusal(local, 'serve ssh --port 0', /`serve ssh` cannot run inside the admin: shell/)
    await expectRefusal(local, 'account add bob --password-stdin', /Passwords are not set inside the admin: shell/)
    await expectRefusal(local, 'account passwd bob', /Passwords are not set inside the admin: shell/)
    await expectRefusal(ssh, 'account list', /Accounts are managed on the server, not over SSH/)
    await expectRefusal(ssh, 'apply -f /etc/passwd', /Lab files are applied on the server, not over SSH/)
    await expectRefusal(ssh, 'diff -f lab.yaml', /Lab files are applied on the server, not over SSH/)
    await expectRefusal(ssh, 'cluster export lab --output /tmp/x.yaml', /cannot write files on the server/)
    await expectRefusal(ssh, 'cluster graph --output /tmp/x.svg', /cannot write files on the server/)
    const c = capture()
    assert.equal((await local.execute('account list', c.io)).code, 0)
    assert.match(c.out(), /No accounts/)
  })

  it('passes the rest of a `run sql` line as one argument, untouched, after its leading flags', () => {
    const ex = new Executor({store: t.store, manifest: withRunSql(manifest), env: {}, kind: 'shell'})
    const plan = (line: string) => {
      const p = ex.plan(line)
      assert.equal(p.kind, 'run', line)
      return p.kind === 'run' ? p : assert.fail(line)
    }
    const stmt = `update machineaccountdetails set refreshtoken='ab-c=d "x" -- not a comment' where pkid='1'`
    const p = plan(`Run SQL ${stmt}`)
    assert.equal(p.ref, 'cucmdb/sql#runSql')
    assert.deepEqual(p.input.argv, [stmt])
    assert.equal(p.input.args.statement, stmt)
    assert.deepEqual(p.input.flags, {})
    const j = plan('run sql select * from processnode --json')
    assert.deepEqual([j.input.argv, j.input.flags], [['select * from processnode'], {json: true}])
    const f = plan('run sql --node imp-pub --json select first 5 -1 from processnode')
    assert.deepEqual(
      [f.input.argv, f.input.flags],
      [['select first 5 -1 from processnode'], {node: 'imp-pub', json: true}],
    )
    assert.deepEqual(plan('run sql -- --json').input.argv, ['--json'])
    assert.deepEqual(plan('run sql --file=q.sql').input.flags, {file: 'q.sql'})
    assert.deepEqual(plan('run sql').input.argv, [])
    assert.throws(
      () => ex.plan('run sql --node'),
      (e: unknown) => e instanceof UsageError && /Flag --node needs a value/.test(e.message),
    )
    const pinned = new Executor({
      store: t.store,
      manifest: withRunSql(manifest),
      env: {},
      kind: 'ssh',
      node: 'cucm-pub',
      pinned: true,
    })
    assert.throws(
      () => pinned.plan('run sql --node imp-pub select 1'),
      (e: unknown) => e instanceof UsageError && e.code === 'OTHER_NODE',
    )
  })

  it('says which argument a raw-tail command misses', async () => {
    const {rawInput} = await import('../../src/shell/executor.js')
    const cmd = {
      id: 'run:pe:sql',
      handler: 'x#y',
      flags: {},
      args: {datastore: {name: 'datastore', required: true}, statement: {name: 'statement', required: true}},
    }
    assert.deepEqual(rawInput(cmd, 'ttlogin select * from  users').argv, ['ttlogin', 'select * from  users'])
    assert.throws(
      () => rawInput(cmd, 'ttlogin'),
      (e: unknown) => e instanceof UsageError && /needs STATEMENT/.test(e.message),
    )
  })

  it('prints help from the manifest: the list, a topic, a command (also as --help)', async () => {
    const ex = executor()
    const all = capture()
    await ex.execute('help', all.io)
    assert.match(all.out(), /^Commands \(type `help COMMAND`/)
    assert.match(all.out(), /\n {2}utils service restart +Restart a service/)
    assert.match(all.out(), /set cli pagination on\|off/)
    assert.doesNotMatch(all.out(), /\n {2}shell /)
    const topic = capture()
    await ex.execute('help utils service', topic.io)
    assert.match(topic.out(), /^utils service commands:\n/)
    const one = capture()
    await ex.execute('help utils service restart', one.io)
    assert.match(one.out(), /^Usage: utils service restart SERVICE\.\.\. \[FLAGS\]/)
    assert.match(one.out(), /--all-nodes/)
    assert.match(one.out(), /Examples:\n {2}utils service restart Cisco Tomcat\n/)
    const flag = capture()
    await ex.execute('utils service restart --help', flag.io)
    assert.equal(flag.out(), one.out())
    const bad = capture()
    assert.equal((await ex.execute('help nothing here', bad.io)).code, 2)
  })

  it('help uses the terminal width (whole summaries, wrapped) and says "(repeatable)" once', async () => {
    const ex = executor()
    const wide = capture()
    wide.io.columns = 160
    await ex.execute('help sim', wide.io)
    // Full summaries on one line at 160 columns, never cut with "...".
    assert.match(
      wide.out(),
      /\n {2}sim client suspend +Suspend a client \(the app goes to the background\): IMs to a Jabber user are queued and pushed\.\n/,
    )
    assert.doesNotMatch(wide.out(), /\.\.\.\n/)
    assert.ok(
      wide
        .out()
        .split('\n')
        .every((l) => l.length <= 160),
    )
    const narrow = capture()
    await ex.execute('help sim', narrow.io)
    assert.ok(
      narrow
        .out()
        .split('\n')
        .every((l) => l.length <= 80),
      narrow.out(),
    )
    assert.match(
      narrow.out(),
      /Suspend a client \(the app goes to the\n +background\): IMs to a Jabber user are queued and\n +pushed\./,
    )
    const one = capture()
    await ex.execute('help cluster create', one.io)
    assert.match(one.out(), /Host name of a CUCM subscriber \(repeatable\)\.\n/)
    assert.doesNotMatch(one.out(), /\(repeatable\)\. \(repeatable\)/)
  })

  it('answers `set cli pagination off|on` as CUCM does', async () => {
    const ex = executor()
    const c = capture()
    await ex.execute('set cli pagination off', c.io)
    assert.equal(c.out(), `${PAGINATION_OFF}\n`)
    assert.equal(ex.pagination, false)
    await ex.execute('SET CLI PAGINATION ON', c.io)
    assert.equal(ex.pagination, true)
    assert.equal((await ex.execute('set cli pagination maybe', c.io)).code, 2)
  })

  it('runs commands of several sessions one at a time through a Serial', async () => {
    const serial = new Serial()
    const order: string[] = []
    const slow = (name: string, ms: number) =>
      serial.run(async () => {
        order.push(`${name}:start`)
        await new Promise((r) => setTimeout(r, ms))
        order.push(`${name}:end`)
      })
    await Promise.all([
      slow('a', 20),
      slow('b', 1),
      serial
        .run(() => {
          throw new Error('boom')
        })
        .catch(() => order.push('c:failed')),
      slow('d', 1),
    ])
    assert.deepEqual(order, ['a:start', 'a:end', 'b:start', 'b:end', 'c:failed', 'd:start', 'd:end'])
  })
})

describe('admin: shell: completion', () => {
  let complete: ReturnType<typeof makeCompleter>
  before(() => {
    complete = makeCompleter(manifest, (c) => !c.session)
  })
  it('completes command words, flags and the shell words', () => {
    assert.deepEqual(complete('utils ser'), [['service'], 'ser'])
    assert.deepEqual(complete('UTILS SERVICE re'), [['restart'], 're'])
    assert.ok(
      complete('')[0].includes('help') && complete('')[0].includes('utils') && complete('')[0].includes('cluster'),
    )
    assert.ok(!complete('')[0].includes('shell'))
    assert.deepEqual(complete('set cli pagination o'), [['on', 'off'], 'o'])
    assert.deepEqual(complete('show status --no'), [['--node'], '--no'])
    assert.deepEqual(complete('help utils service li'), [['list'], 'li'])
    assert.deepEqual(complete('sim clock a'), [['advance'], 'a'])
  })

  it('completes whole service names after the service commands', () => {
    const [hits, sub] = complete('utils service restart cisco tom')
    assert.equal(sub, 'cisco tom')
    assert.deepEqual(hits, ['Cisco Tomcat', 'Cisco Tomcat Stats Servlet'])
    assert.deepEqual(complete('utils service stop Cisco Push N'), [['Cisco Push Notification Service'], 'Cisco Push N'])
    assert.deepEqual(complete('sim fault service-crash cucm-pub cisco xcp r')[0], ['Cisco XCP Router'])
  })
})

describe('admin: shell: the terminal', () => {
  function term(): {keys: InstanceType<typeof T.KeyQueue>; written: () => string; write: (s: string) => void} {
    let out = ''
    return {keys: new T.KeyQueue(), written: () => out, write: (s) => (out += s)}
  }

  it('echoes typed characters and edits with plain backspaces only', async () => {
    const t = term()
    const ed = new T.LineEditor(t.keys, t.write)
    t.keys.push('show stattus\x7f\x7f\x7fus\r')
    assert.equal(await ed.readLine('admin:'), 'show status')
    assert.equal(t.written(), 'admin:show stattus\b \b\b \b\b \bus\n')
    assert.doesNotMatch(t.written(), /\x1b/)
  })

  it('refuses a line longer than its bound instead of running what was kept of it', async () => {
    const t = term()
    const ed = new T.LineEditor(t.keys, t.write)
    t.keys.push(`run sql select name from processnode${' '.repeat(T.MAX_LINE)} where name='x'\r`)
    assert.equal(await ed.readLine('admin:'), '')
    assert.match(t.written(), /\x07\nError: The line is longer than 65536 characters; it was not run\./)
    assert.deepEqual(ed.history, [])
    t.keys.push('show status\r')
    assert.equal(await ed.readLine('admin:'), 'show status', 'the next line is read as usual')
  })

  it('moves with the arrows, recalls history, drops the line on Ctrl-C and ends on Ctrl-D', async () => {
    const t = term()
    const ed = new T.LineEditor(t.keys, t.write)
    t.keys.push('show status\r')
    await ed.readLine('admin:')
    t.keys.push('ac\x1b[Db\r')
    assert.equal(await ed.readLine('admin:'), 'abc')
    t.keys.push('\x1b[A\x1b[A\r')
    assert.equal(await ed.readLine('admin:'), 'show status')
    t.keys.push('junk\x03')
    assert.equal(await ed.readLine('admin:'), '')
    t.keys.push('\x04')
    assert.equal(await ed.readLine('admin:'), null)
    assert.deepEqual(ed.history, ['show status', 'abc', 'show status'])
  })

  it('treats CR LF as one Enter, even split across reads', async () => {
    const t = term()
    const ed = new T.LineEditor(t.keys, t.write)
    t.keys.push('a\r')
    t.keys.push('\nb\r\n')
    t.keys.push('\n')
    assert.equal(await ed.readLine('admin:'), 'a')
    assert.equal(await ed.readLine('admin:'), 'b')
    assert.equal(await ed.readLine('admin:'), '')
  })

  it('completes on Tab', async () => {
    const t = term()
    const ed = new T.LineEditor(
      t.keys,
      t.write,
      makeCompleter(manifest, () => true),
    )
    t.keys.push('utils ser\tres\tcisco push n\t\r')
    assert.equal(await ed.readLine('admin:'), 'utils service restart Cisco Push Notification Service ')
  })

  it('pages long output: a screenful, then the CUCM pager prompt; space, enter and q', async () => {
    let shown = ''
    const sink = new T.OutputSink((s) => (shown += s), 3)
    const keys = new T.KeyQueue()
    for (let i = 1; i <= 8; i++) sink.out.write(`line ${i}\n`)
    assert.equal(shown, 'line 1\nline 2\nline 3\n')
    keys.push(' ')
    keys.push('\r')
    keys.push('q')
    await sink.finish(keys)
    const clear = `\r${' '.repeat(T.PAGER_TEXT.length)}\r`
    const prompt = '\x1b[1mPress <enter> for 1 line, <space> for one page, or <q> to quit\x1b[0m\x1b[K'
    assert.equal(T.PAGER_PROMPT, prompt)
    assert.equal(
      shown,
      `line 1\nline 2\nline 3\n${prompt}${clear}line 4\nline 5\nline 6\n${prompt}${clear}line 7\n${prompt}\n`,
    )
  })

  it('counts a page in output lines, as CUCM does: a line wider than the terminal is one line', async () => {
    let shown = ''
    const sink = new T.OutputSink((s) => (shown += s), 3)
    for (let i = 1; i <= 4; i++) sink.out.write(`${String(i).repeat(120)}\n`)
    assert.equal(shown.split('\n').length - 1, 3)
    const keys = new T.KeyQueue()
    keys.push('q')
    await sink.finish(keys)
  })

  it("file view pages with the file viewer's prompt: n next, p prev, e end, b begin, q quit", async () => {
    let shown = ''
    const sink = new T.FileViewSink((s) => (shown += s), 4)
    for (let i = 1; i <= 10; i++) sink.out.write(`line ${i}\n`)
    assert.equal(shown, '')
    const keys = new T.KeyQueue()
    keys.push('nepbq')
    await sink.finish(keys)
    const opt = (a: number, b: number) =>
      `\x1b[1m\noptions: q=quit, n=next, p=prev, b=begin, e=end (lines ${a} - ${b} of 10) : \x1b[0m\n`
    const page = (a: number, b: number) =>
      Array.from({length: b - a + 1}, (_, i) => `line ${a + i}\n`).join('') + opt(a, b)
    assert.equal(shown, page(1, 4) + page(5, 8) + page(9, 10) + page(5, 8) + page(1, 4))
    let short = ''
    const small = new T.FileViewSink((s) => (short += s), 4)
    small.out.write('a\nb\n')
    await small.finish(new T.KeyQueue())
    assert.equal(short, 'a\nb\n')
  })

  describe('the prompt loop', () => {
    let t: ReturnType<typeof tempStore>
    beforeEach(() => {
      t = tempStore()
      createCluster(t.store, t.clock, {
        name: 'lab',
        version: '14SU3',
        publisher: 'cucm-pub',
        subscribers: [],
        impPublisher: 'imp-pub',
        impSubscribers: [],
      })
    })
    afterEach(() => t.close())

    function port(rows = 24): TerminalPort & {text: () => string} {
      let out = ''
      return {
        keys: new T.KeyQueue(),
        write: (s) => (out += s),
        rows: () => rows,
        columns: () => 80,
        paging: true,
        color: false,
        commandsMayPrompt: false,
        text: () => out,
      }
    }

    it('shows the banner and admin: prompt, echoes, answers a bare Enter with a fresh prompt, says when a command failed', async () => {
      const ex = new Executor({store: t.store, manifest, env: {}, kind: 'ssh'})
      const p = port()
      p.keys.push('set cli pagination off\r\rshow version active\rutils service restart nope\rquit\r')
      assert.equal(await T.runInteractive(ex, p, {banner: T.BANNER}), 0)
      const text = p.text()
      assert.ok(
        text.startsWith(
          'Command Line Interface is starting up, please wait ...\n\n   Welcome to the Platform Command Line Interface\n\nadmin:',
        ),
      )
      assert.match(
        text,
        /admin:set cli pagination off\nAutomatic pagination is turned off\nadmin:\nadmin:show version active\n/,
      )
      assert.match(
        text,
        new RegExp(
          `admin:utils service restart nope\\nError: Unknown service "nope"[^\\n]*\\n${FAILED_TEXT}\\nadmin:quit\\n$`,
        ),
      )
    })

    it('pages long output until pagination is turned off', async () => {
      const ex = new Executor({store: t.store, manifest, env: {}, kind: 'ssh', node: 'imp-pub'})
      const p = port(10)
      p.keys.push('utils service list\r')
      const done = T.runInteractive(ex, p)
      await new Promise((r) => setTimeout(r, 50))
      assert.ok(p.text().endsWith(T.PAGER_PROMPT))
      assert.equal(p.text().split('\n').length - 1, 1 + 9)
      p.keys.push('q')
      p.keys.push('set cli pagination off\rutils service list\rquit\r')
      await done
      const after = p.text().split('Automatic pagination is turned off\n')[1]
      assert.ok(!after.includes(T.PAGER_TEXT))
      assert.match(after, /Primary Node =true\nadmin:quit\n$/)
    })

    it('pages `file view activelog` with the file viewer, even with pagination off', async () => {
      const {trace} = await import('../../src/features/platform/traces/traces.js')
      const {findNode, listClusters} = await import('../../src/features/world/cluster/store.js')
      const node = findNode(t.store, listClusters(t.store)[0].id, 'cucm-pub')!
      for (let i = 1; i <= 12; i++)
        trace(t.store, t.clock, node, 'Cisco Push Notification Service', 'INFO', `entry ${i}`)
      const ex = new Executor({store: t.store, manifest, env: {}, kind: 'ssh'})
      const p = port(6)
      p.keys.push('set cli pagination off\rfile view activelog cm/trace/ccmpns/log4j/ccmpns00001.log\r')
      const done = T.runInteractive(ex, p)
      await new Promise((r) => setTimeout(r, 50))
      assert.ok(p.text().endsWith(T.filePagerPrompt(1, 5, 12)), JSON.stringify(p.text().slice(-200)))
      p.keys.push('e')
      await new Promise((r) => setTimeout(r, 20))
      assert.ok(p.text().endsWith(`entry 12\n${T.filePagerPrompt(11, 12, 12)}`))
      p.keys.push('qquit\r')
      await done
      assert.match(p.text(), /\x1b\[0m\nadmin:quit\n$/)
    })

    it('asks confirmations on the terminal: Continue (y/n)?', async () => {
      const ex = new Executor({store: t.store, manifest, env: {}, kind: 'ssh'})
      const p = port()
      p.keys.push('cluster delete lab\rn\rcluster delete lab\ry\rquit\r')
      await T.runInteractive(ex, p)
      assert.match(
        p.text(),
        /This deletes cluster lab and all its state\. Continue \(y\/n\)\?n\nError: Not deleted: you answered no\.\n/,
      )
      assert.match(p.text(), /Continue \(y\/n\)\?y\nDeleted cluster lab\.\n/)
    })

    it('ends at the end of input', async () => {
      const ex = new Executor({store: t.store, manifest, env: {}, kind: 'ssh'})
      const p = port()
      p.keys.push('show version active\r')
      p.keys.end()
      assert.equal(await T.runInteractive(ex, p), 0)
    })
  })
})
