import Database from 'better-sqlite3'
import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {LAB, Sandbox} from '../helpers.js'

/** Every table of the state file, every row, in a stable order: the content a refused statement must not change. */
function dump(path: string): string {
  const db = new Database(path, {readonly: true})
  try {
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all() as string[]
    return JSON.stringify(
      tables.map((t) => [
        t,
        (db.prepare(`SELECT * FROM "${t}"`).raw(true).all() as unknown[][]).map((r) => JSON.stringify(r)).sort(),
      ]),
    )
  } finally {
    db.close()
  }
}

/** The statement of a `Run: ucadmin run sql "..."` hint. */
function hinted(stderr: string): string {
  const m = /Run: ucadmin run sql "(.*)"/.exec(stderr)
  assert.ok(m, `no hint in: ${stderr}`)
  return m[1]
}

describe('run sql (e2e)', function () {
  const sb = new Sandbox()
  let pkid: string

  before(async () => {
    await sb.ok(LAB)
    await sb.ok([
      'run',
      'sql',
      "insert into machineaccountdetails(machineaccountname, orgid, refreshtoken) values ('lab-machine', 'org-1', 'old-token')",
    ])
    pkid = (await sb.ok(['run', 'sql', 'select pkid from machineaccountdetails', '--json'])).json().rows[0].pkid
  })
  after(() => sb.remove())

  it('prints processnode in CUCM table shape, with the EnterpriseWideData row', async () => {
    const r = await sb.ok(['run', 'sql', 'select', '*', 'from', 'processnode'])
    const lines = r.stdout.split('\n')
    assert.equal(
      lines[0],
      'pkid                                 name               mac systemnode description isactive nodeid tknodeusage ipv6name fklbmhubgroup tkprocessnoderole tkssomode',
    )
    assert.match(lines[1], /^=+( =+){11}$/)
    assert.equal(
      lines[2],
      '00000000-1111-0000-0000-000000000000 EnterpriseWideData     t                      t        1      1                    NULL          1                 0',
    )
    assert.match(lines[3], /^\S{36} cucm-pub {11}\s+f\s+t\s+2\s+0\s+NULL\s+1\s+0$/)
    assert.match(lines[5], /^\S{36} imp-pub .*\s2\s+0$/)
    assert.equal(lines.length, 7)
    assert.equal(r.stderr, '')
  })

  it('--json is {columns, rows, rowCount}, rows keyed by column', async () => {
    const doc = (
      await sb.ok(['run', 'sql', 'select name, nodeid, fklbmhubgroup from processnode where nodeid < 3', '--json'])
    ).json()
    assert.deepEqual(doc, {
      columns: ['name', 'nodeid', 'fklbmhubgroup'],
      rows: [
        {name: 'EnterpriseWideData', nodeid: 1, fklbmhubgroup: null},
        {name: 'cucm-pub', nodeid: 2, fklbmhubgroup: null},
      ],
      rowCount: 2,
    })
    const empty = (await sb.ok(['run', 'sql', 'select pkid from machineaccountdetails where 1 = 0', '--json'])).json()
    assert.deepEqual(empty, {columns: ['pkid'], rows: [], rowCount: 0})
  })

  it('supports Informix FIRST and SKIP', async () => {
    const r = await sb.ok(['run', 'sql', 'select skip 1 first 2 name from processnode'])
    assert.equal(r.stdout, 'name\n=========\ncucm-pub\ncucm-sub1\n')
  })

  describe("the guide's Update Refresh Token Manually lines", () => {
    it('step 5: "select * from machine account details" names the table and the statement', async () => {
      const before = dump(sb.db)
      const r = await sb.ok(['run', 'sql', 'select', '*', 'from', 'machine', 'account', 'details'], 2)
      assert.equal(r.stdout, '')
      assert.match(r.stderr, /no table "machine account details": the table is machineaccountdetails/)
      assert.equal(hinted(r.stderr), 'select * from machineaccountdetails')
      assert.equal(r.stderr.trim().split('\n').length, 1)
      assert.equal(dump(sb.db), before)
      await sb.ok(['run', 'sql', hinted(r.stderr)])
    })

    it('step 6: "* from machineaccountdetails" is missing its SELECT', async () => {
      const r = await sb.ok(['run', 'sql', '*', 'from', 'machineaccountdetails'], 2)
      assert.match(r.stderr, /missing the SELECT keyword/)
      assert.equal(hinted(r.stderr), 'select * from machineaccountdetails')
    })

    it('step 7 unquoted: explains the quoting and shows the statement with WHERE pkid', async () => {
      const before = dump(sb.db)
      const token = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJtYWNoaW5lIn0.Q2-_x9w=='
      const r = await sb.ok(['run', 'sql', 'update', 'machineaccountdetails', 'set', `refreshtoken=${token}`], 2)
      assert.match(
        r.stderr,
        /not valid SQL unquoted: a token with characters such as - \. or = must be a string literal in single quotes/,
      )
      assert.equal(hinted(r.stderr), `update machineaccountdetails set refreshtoken='${token}' where pkid='${pkid}'`)
      assert.equal(dump(sb.db), before)
      // The statement shown works as shown.
      assert.equal((await sb.ok(['run', 'sql', hinted(r.stderr)])).stdout, 'Rows: 1\n')
      const doc = (await sb.ok(['run', 'sql', 'select refreshtoken from machineaccountdetails', '--json'])).json()
      assert.equal(doc.rows[0].refreshtoken, token)
    })

    it('step 7 with the placeholder text itself', async () => {
      const r = await sb.ok(['run', 'sql', 'update machineaccountdetails set refreshtoken=<actual_token_text>'], 2)
      assert.match(r.stderr, /placeholder/)
      assert.equal(hinted(r.stderr), `update machineaccountdetails set refreshtoken='TOKEN' where pkid='${pkid}'`)
    })

    it('step 7 quoted, with and without WHERE pkid', async () => {
      assert.equal(
        (await sb.ok(['run', 'sql', "update machineaccountdetails set refreshtoken='tok-A=='"])).stdout,
        'Rows: 1\n',
      )
      assert.equal(
        (await sb.ok(['run', 'sql', `update machineaccountdetails set refreshtoken='tok-B==' where pkid='${pkid}'`]))
          .stdout,
        'Rows: 1\n',
      )
      assert.equal(
        (await sb.ok(['run', 'sql', "update machineaccountdetails set refreshtoken='x' where pkid='nope'"])).stdout,
        'Rows: 0\n',
      )
      // As words, the way a shell passes them with the quotes escaped.
      assert.equal(
        (
          await sb.ok([
            'run',
            'sql',
            'update',
            'machineaccountdetails',
            'set',
            "refreshtoken='tok-C=='",
            'where',
            `pkid='${pkid}'`,
          ])
        ).stdout,
        'Rows: 1\n',
      )
    })

    it('step 8: every node, IM and Presence included, shows the new token', async () => {
      for (const node of ['cucm-pub', 'cucm-sub1', 'imp-pub']) {
        const r = await sb.ok(['run', 'sql', 'select', 'refreshtoken', 'from', 'machineaccountdetails', '--node', node])
        assert.equal(r.stdout, 'refreshtoken\n============\ntok-C==\n')
      }
    })
  })

  describe('replication', () => {
    it('a broken node keeps its old rows, runtimestate says so, and it catches up when fixed', async () => {
      await sb.ok(['sim', 'fault', 'replication-break', 'imp-pub'])
      await sb.ok(['run', 'sql', "update machineaccountdetails set refreshtoken='after-break'", '--node', 'cucm-sub1'])
      const read = async (node: string) =>
        (await sb.ok(['run', 'sql', 'select refreshtoken from machineaccountdetails', '--node', node, '--json'])).json()
          .rows[0].refreshtoken
      assert.equal(await read('cucm-pub'), 'after-break')
      assert.equal(await read('cucm-sub1'), 'after-break')
      assert.equal(await read('imp-pub'), 'tok-C==')
      const rs = await sb.ok(['utils', 'dbreplication', 'runtimestate'])
      assert.match(rs.stdout, /^imp-pub\s+\S+\s+\S+\s+Y\/Y\/Y\s+1\s+\(g_4\)\s+\(3\) Replication broken$/m)
      assert.match(rs.stdout, /^cucm-sub1\s.*\(2\) Setup Completed$/m)
      const js = (await sb.ok(['utils', 'dbreplication', 'runtimestate', '--json'])).json()
      assert.deepEqual(
        js.nodes.map((n: {host: string; rtmtState: number; status: string; queue: number}) => [
          n.host,
          n.rtmtState,
          n.status,
          n.queue,
        ]),
        [
          ['cucm-pub', 2, 'Setup Completed', 0],
          ['cucm-sub1', 2, 'Setup Completed', 0],
          ['imp-pub', 3, 'Replication broken', 1],
        ],
      )
      const fix = await sb.ok(['sim', 'fault', 'replication-fix', 'imp-pub', '--json'])
      assert.deepEqual(fix.json(), {node: 'imp-pub', replication: 'ok', caughtUp: 1, queue: 0})
      assert.equal(await read('imp-pub'), 'after-break')
    })

    it('a node that is down cannot be read (exit 1) and catches up when up', async () => {
      await sb.ok(['sim', 'fault', 'node-down', 'cucm-sub1'])
      const r = await sb.ok(['run', 'sql', 'select * from machineaccountdetails', '--node', 'cucm-sub1'], 1)
      assert.match(r.stderr, /cucm-sub1 is down: its database replica cannot be reached/)
      await sb.ok(['run', 'sql', "update machineaccountdetails set refreshtoken='while-down'"])
      assert.match(
        (await sb.ok(['utils', 'dbreplication', 'runtimestate'])).stdout,
        /^cucm-sub1\s.*Node not reachable$/m,
      )
      await sb.ok(['sim', 'fault', 'node-up', 'cucm-sub1'])
      const doc = (
        await sb.ok(['run', 'sql', 'select refreshtoken from machineaccountdetails', '--node', 'cucm-sub1', '--json'])
      ).json()
      assert.equal(doc.rows[0].refreshtoken, 'while-down')
    })

    it('replication faults refuse the publisher and repeats', async () => {
      assert.match((await sb.ok(['sim', 'fault', 'replication-break', 'cucm-pub'], 2)).stderr, /publisher/)
      assert.match((await sb.ok(['sim', 'fault', 'replication-fix', 'cucm-sub1'], 1)).stderr, /already working/)
    })

    it('a write on an IM and Presence node is refused (exit 1), nothing changes', async () => {
      const before = dump(sb.db)
      const r = await sb.ok(['run', 'sql', "update machineaccountdetails set refreshtoken='x'", '--node', 'imp-pub'], 1)
      assert.match(r.stderr, /IM and Presence node.*read-only copy.*--node cucm-pub/)
      assert.equal(dump(sb.db), before)
    })

    it('a node added later is in processnode on every node', async () => {
      await sb.ok(['cluster', 'add-node', 'cucm-sub2', '--role', 'subscriber'])
      for (const node of ['cucm-pub', 'imp-pub', 'cucm-sub2']) {
        const doc = (
          await sb.ok([
            'run',
            'sql',
            "select nodeid, tknodeusage, tkprocessnoderole from processnode where name = 'cucm-sub2'",
            '--node',
            node,
            '--json',
          ])
        ).json()
        assert.deepEqual(doc.rows, [{nodeid: 5, tknodeusage: 1, tkprocessnoderole: 1}])
      }
      const doc = (
        await sb.ok(['run', 'sql', 'select refreshtoken from machineaccountdetails', '--node', 'cucm-sub2', '--json'])
      ).json()
      assert.equal(doc.rows[0].refreshtoken, 'while-down')
    })
  })

  describe('refused statements change nothing', () => {
    const refused = [
      'drop table processnode',
      'delete from processnode',
      "update processnode set name = 'x'",
      'create table x (a int)',
      'pragma writable_schema = 1',
      "attach database '/tmp/evil.db' as evil",
      'vacuum',
      "select 1; update machineaccountdetails set refreshtoken='x'",
      "update machineaccountdetails set refreshtoken='x'; drop table clusters",
      'select * from clusters',
      'delete from nodes',
      "update settings set value = '0'",
      'select * from sqlite_master',
      'select * from main.machineaccountdetails',
      "select * from pragma_table_info('clusters')",
      "select load_extension('/tmp/x.so')",
      'with t as (select 1) delete from machineaccountdetails',
      "insert into machineaccountdetails(pkid) values ('a'), ('a')",
      "update machineaccountdetails set accesstokenexpiry = 'tomorrow'",
      "insert or replace into machineaccountdetails(pkid) values ('x')",
      'select * from machineaccountdetails where pkid = ?',
      'select nosuchcolumn from machineaccountdetails',
      "update machineaccountdetails set refreshtoken='unterminated",
    ]
    for (const sql of refused) {
      it(`exit 2: ${sql}`, async () => {
        const before = dump(sb.db)
        const r = await sb.ok(['run', 'sql', sql], 2)
        assert.equal(r.stdout, '')
        assert.match(r.stderr, /^Error: .+\n$/)
        assert.equal(dump(sb.db), before)
      })
    }

    it('--json prints one error document', async () => {
      const r = await sb.ok(['run', 'sql', 'drop table processnode', '--json'], 2)
      assert.equal(r.json().error.exitCode, 2)
    })
  })

  describe('statement input', () => {
    it('takes words verbatim, -1 and -- included, on the fast path and through oclif', async () => {
      for (const env of [{}, {UCADMIN_FAST: '0'}]) {
        const r = await sb.ok(
          [
            'run',
            'sql',
            'select',
            'name',
            'from',
            'processnode',
            'where',
            'nodeid',
            '>',
            '-1',
            'and',
            'nodeid',
            '<',
            '3',
            '--json',
          ],
          0,
          {env},
        )
        assert.equal(r.json().rowCount, 2)
        const r2 = await sb.ok(
          [
            'run',
            'sql',
            '--node',
            'imp-pub',
            '--',
            'select',
            'count(*)',
            'from',
            'processnode',
            'where',
            'nodeid',
            '<>',
            '-2',
          ],
          0,
          {env},
        )
        assert.equal(r2.stdout, 'count(*)\n========\n5\n')
      }
    })

    it('reads --file and stdin (-)', async () => {
      const file = join(sb.dir, 'q.sql')
      writeFileSync(file, 'select name\n  from processnode\n where nodeid = 2;\n')
      assert.equal((await sb.ok(['run', 'sql', '--file', file])).stdout, 'name\n========\ncucm-pub\n')
      assert.equal(
        (await sb.ok(['run', 'sql', '-'], 0, {input: 'select name from processnode where nodeid = 3'})).stdout,
        'name\n=========\ncucm-sub1\n',
      )
      assert.match((await sb.ok(['run', 'sql', '--file', join(sb.dir, 'missing.sql')], 2)).stderr, /Cannot read/)
      assert.match((await sb.ok(['run', 'sql', 'select 1', '--file', file], 2)).stderr, /not both/)
      assert.match((await sb.ok(['run', 'sql'], 2)).stderr, /No statement given/)
    })
  })

  // Issue 24 item 2: `--node HOST` at the end of the line means the same in bash and in the shell.
  describe('--node HOST after the statement, in both doors', () => {
    const two = new Sandbox()
    const token = async (host: string) =>
      (await two.ok(['run', 'sql', 'select refreshtoken from machineaccountdetails', '--node', host, '--json'])).json()
        .rows[0].refreshtoken
    before(async () => {
      await two.ok(LAB)
      await two.ok(['cluster', 'create', 'other', '--version', '14SU3', '--publisher', 'other-pub'])
      for (const host of ['cucm-pub', 'other-pub']) {
        await two.ok([
          'run',
          'sql',
          "insert into machineaccountdetails(machineaccountname, orgid, refreshtoken) values ('m', 'o', 'old')",
          '--node',
          host,
        ])
      }
    })
    after(() => two.remove())

    it("the shell reads a trailing --node as the flag, as bash does, and changes only that node's cluster", async () => {
      const r = await two.ok(['shell'], 0, {
        input: "run sql update machineaccountdetails set refreshtoken='abc' --node other-pub\n",
      })
      assert.equal(r.stdout, 'Rows: 1\n')
      assert.equal(await token('other-pub'), 'abc')
      assert.equal(await token('cucm-pub'), 'old')
      assert.equal(
        (await two.ok(['run', 'sql', "update machineaccountdetails set refreshtoken='def'", '--node', 'other-pub']))
          .stdout,
        'Rows: 1\n',
      )
      assert.equal(await token('other-pub'), 'def')
      assert.equal(await token('cucm-pub'), 'old')
      // A --node inside a quoted value is SQL text, not a flag.
      const q = await two.ok(['shell', '--cluster', 'lab'], 0, {
        input: "run sql select count(*) from machineaccountdetails where refreshtoken = 'x --node other-pub'\n",
      })
      assert.equal(q.stdout, 'count(*)\n========\n0\n')
    })

    it('refuses a statement whose SQL comment spells a flag, with the form that works in each door; nothing changes', async () => {
      const before = dump(two.db)
      const bash = await two.ok(
        ['run', 'sql', "update machineaccountdetails set refreshtoken='zzz' --node other-pub"],
        2,
      )
      assert.equal(
        bash.stderr,
        `Error: The statement ends in a SQL comment that spells a flag (--node other-pub): it would be ignored, and the statement would run without it. Put the flag outside the quotes: ucadmin run sql "update machineaccountdetails set refreshtoken='zzz'" --node other-pub\n`,
      )
      const sh = await two.run(['shell'], {
        input: "run sql update machineaccountdetails set refreshtoken='zzz' --node other-pub where 1=1\n",
      })
      assert.equal(sh.exitCode, 2)
      assert.match(
        sh.stderr,
        /Put the flag after the statement, outside any quotes: run sql update machineaccountdetails set refreshtoken='zzz' --node other-pub\n/,
      )
      assert.equal(dump(two.db), before)
    })
  })
})
