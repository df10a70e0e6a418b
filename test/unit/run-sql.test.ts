import assert from 'node:assert/strict'

import {UcError} from '../../src/core/errors.js'
import {jsonKeys, printCucmTable, printJsonResult} from '../../src/render/sqltable.js'
import {cucmTables, tableDdl} from '../../src/features/guide/cucmdb/sql/catalog.js'
import {tokenize, render} from '../../src/features/guide/cucmdb/sql/lexer.js'
import {openScratch} from '../../src/features/guide/cucmdb/sql/scratch.js'
import {checkStatement, informixToSqlite, shellQuote} from '../../src/features/guide/cucmdb/sql/statement.js'

const PK = 'ec428417-a229-5228-80b9-0703ca3a8aeb'

function check(sql: string, pkids: string[] = [PK]) {
  const db = openScratch()
  try {
    return checkStatement(db, sql, {pkids: () => pkids})
  } finally {
    db.close()
  }
}

/** The error a refused statement raises. */
function refusal(sql: string, pkids?: string[]): UcError {
  try {
    check(sql, pkids)
  } catch (error) {
    assert.ok(error instanceof UcError, `not a UcError: ${error}`)
    return error
  }
  assert.fail(`accepted: ${sql}`)
}

async function table(columns: string[], rows: unknown[][]): Promise<string> {
  let out = ''
  await printCucmTable(
    columns,
    () => rows,
    (c) => {
      out += c
    },
  )
  return out
}

describe('run sql: statement checks', () => {
  it('accepts the four statements on the CUCM tables, in any letter case', () => {
    assert.deepEqual(check('select * from machineaccountdetails').columns, [
      'pkid',
      'machineaccountname',
      'orgid',
      'refreshtoken',
      'refreshtokenexpiry',
      'accesstoken',
      'accesstokenexpiry',
    ])
    assert.equal(check('SELECT PKID, RefreshToken FROM MachineAccountDetails').kind, 'select')
    assert.deepEqual(check('SELECT PKID, RefreshToken FROM MachineAccountDetails').columns, ['pkid', 'refreshtoken'])
    assert.equal(check("insert into machineaccountdetails(refreshtoken) values ('x')").target, 'machineaccountdetails')
    assert.equal(check("update machineaccountdetails set refreshtoken='a-b==' where pkid='x'").kind, 'update')
    assert.equal(check('delete from machineaccountdetails').kind, 'delete')
    assert.deepEqual(check('select p.name from processnode p, machineaccountdetails m').tables.sort(), [
      'machineaccountdetails',
      'processnode',
    ])
  })

  it('drops trailing semicolons and comments', () => {
    assert.equal(check('select pkid from machineaccountdetails;;  -- done').kind, 'select')
  })

  it('rewrites the Informix forms users type', () => {
    assert.equal(informixToSqlite('select first 5 * from processnode'), 'select * from processnode LIMIT 5')
    assert.equal(
      informixToSqlite('select skip 2 first 3 name from processnode order by name'),
      'select name from processnode order by name LIMIT 3 OFFSET 2',
    )
    assert.equal(
      informixToSqlite('select skip 2 name from processnode'),
      'select name from processnode LIMIT -1 OFFSET 2',
    )
    assert.equal(
      informixToSqlite('select * from (select first 2 name from processnode) t'),
      'select * from (select name from processnode LIMIT 2) t',
    )
    assert.equal(informixToSqlite('select unique name from processnode'), 'select distinct name from processnode')
    assert.equal(informixToSqlite('select first from processnode'), 'select first from processnode')
    assert.equal(
      informixToSqlite(`select nvl(name, "it's") from processnode`),
      `select ifnull(name, 'it''s') from processnode`,
    )
    assert.equal(informixToSqlite("select 'first 5' from processnode"), "select 'first 5' from processnode")
    assert.equal(
      informixToSqlite('select first 1 name from processnode -- note'),
      'select name from processnode -- note\n LIMIT 1',
    )
  })

  it('the lexer gives the text back exactly', () => {
    const sql = `select "a""b", 'c''d', [x], \`y\`, 1.5e3, -1 /* c */ from t -- end`
    assert.equal(render(tokenize(sql)), sql)
  })

  for (const sql of [
    'drop table processnode',
    'create table x (a)',
    'alter table processnode add column x',
    'pragma table_info(processnode)',
    'attach database "/tmp/x.db" as x',
    'detach database x',
    'vacuum',
    'begin',
    'replace into machineaccountdetails(refreshtoken) values (1)',
    'insert or replace into machineaccountdetails(refreshtoken) values (1)',
    'with x as (select 1) select * from x',
    'select 1; select 2',
    'select 1; drop table clusters',
    'select * from clusters',
    'select * from nodes',
    'select * from settings',
    'select * from cucmdb_rows',
    'select * from sqlite_master',
    'select * from sqlite_schema',
    'select * from "sqlite_master"',
    "select * from 'sqlite_master'",
    'select * from [sqlite_master]',
    'select * from processnode indexed by cucmdb_rows_pkid',
    'select * from main.processnode',
    'select * from temp.processnode',
    "select * from pragma_table_info('clusters')",
    "select * from json_each('[1]')",
    "select load_extension('/tmp/x')",
    'select randomblob(1000000000)',
    "select datetime('now')",
    'select ucadmin_newid()',
    'select rowid from processnode',
    'select * from processnode where name = ?',
    'select * from processnode where name = :n',
    "update machineaccountdetails set refreshtoken='x' returning pkid",
    "insert into processnode(name) values ('x')",
    'delete from processnode',
    'explain select 1',
    'select * from processnode where exists (select 1 from clusters)',
  ]) {
    it(`refuses: ${sql}`, () => {
      const e = refusal(sql)
      assert.equal(e.exitCode, 2)
      assert.ok(e.fix, 'a refusal says how to fix it')
      assert.doesNotMatch(e.message + e.fix, /\n/)
    })
  }

  it('names the table the guide splits into words, with the corrected statement', () => {
    const e = refusal('select * from machine account details')
    assert.match(e.message, /"machine account details".*machineaccountdetails/)
    assert.equal(e.fix, 'Run: ucadmin run sql "select * from machineaccountdetails"')
  })

  it('adds the missing SELECT', () => {
    const e = refusal('* from machineaccountdetails')
    assert.match(e.message, /missing the SELECT keyword/)
    assert.equal(e.fix, 'Run: ucadmin run sql "select * from machineaccountdetails"')
    assert.equal(
      refusal('* from machine account details').fix,
      'Run: ucadmin run sql "select * from machineaccountdetails"',
    )
  })

  it('explains an unquoted token and shows the quoted statement with its pkid', () => {
    const e = refusal('update machineaccountdetails set refreshtoken=eyJhbGc.eyJzdWIi.Sfl-Kxw==')
    assert.equal(e.code, 'SQL_UNQUOTED_VALUE')
    assert.match(e.message, /not valid SQL unquoted.*- \. or =.*single quotes/)
    assert.equal(
      e.fix,
      `Run: ucadmin run sql "update machineaccountdetails set refreshtoken='eyJhbGc.eyJzdWIi.Sfl-Kxw==' where pkid='${PK}'"`,
    )
  })

  it('keeps the WHERE the user gave, and uses a placeholder when the pkid is not known', () => {
    assert.equal(
      refusal("update machineaccountdetails set refreshtoken=a-b where pkid='p1'").fix,
      `Run: ucadmin run sql "update machineaccountdetails set refreshtoken='a-b' where pkid='p1'"`,
    )
    const e = refusal('update machineaccountdetails set refreshtoken=a-b', [])
    assert.match(e.fix!, /where pkid='<pkid>'".*select pkid from machineaccountdetails/)
  })

  it('refuses an identifier-like unquoted token too, and the guide placeholder', () => {
    assert.equal(refusal('update machineaccountdetails set refreshtoken=abc123').code, 'SQL_UNQUOTED_VALUE')
    const e = refusal('update machineaccountdetails set refreshtoken=<actual_token_text>')
    assert.match(e.message, /placeholder/)
    assert.match(e.fix!, /refreshtoken='TOKEN' where pkid=/)
  })

  it('suggests tables and columns', () => {
    assert.match(
      refusal('select * from machineaccountdetail').fix!,
      /Did you mean machineaccountdetails\? Run: ucadmin run sql "select \* from machineaccountdetails"/,
    )
    assert.match(refusal('select * from machine_account_details').fix!, /Did you mean machineaccountdetails\?/)
    assert.match(
      refusal('select refreshtokn from machineaccountdetails').fix!,
      /Did you mean refreshtoken\? Run: ucadmin run sql "select refreshtoken from machineaccountdetails"/,
    )
    assert.match(refusal('selct * from processnode').fix!, /Did you mean select\?/)
    assert.match(refusal('select * from processnode where name = cucm-pub').message, /Column \(cucm\) not found/)
  })

  it('quotes hints for a shell', () => {
    assert.equal(shellQuote("select 'a'"), `"select 'a'"`)
    assert.equal(shellQuote(`select "$x"`), `'select "$x"'`)
  })

  it('every catalogued table has a pkid and valid DDL', () => {
    for (const t of cucmTables()) {
      assert.equal(t.columns[0].name, 'pkid')
      assert.match(tableDdl(t), /^CREATE TABLE [a-z]+ \(/)
      for (const c of t.columns) assert.match(c.name, /^[a-z][a-z0-9]*$/)
    }
  })
})

describe('run sql: formatting', () => {
  it('sizes each column to the wider of its name and its longest value, left-aligned, no trailing blanks', async () => {
    const out = await table(['tkmodel', 'loadinformation'], [[36213, 'sip78xx.14-1-1-0001-TEST']])
    assert.equal(out, 'tkmodel loadinformation\n======= ========================\n36213   sip78xx.14-1-1-0001-TEST\n')
  })

  it('prints NULL, blanks for empty strings, t/f for booleans', async () => {
    const out = await table(
      ['a', 'b', 'c', 'd'],
      [
        [null, '', true, 'x'],
        [1, 'yy', false, null],
      ],
    )
    assert.equal(out, 'a    b  c d\n==== == = ====\nNULL    t x\n1    yy f NULL\n')
  })

  it('prints the header alone for an empty result', async () => {
    assert.equal(await table(['pkid', 'refreshtoken'], []), 'pkid refreshtoken\n==== ============\n')
  })

  it('measures wide characters as two columns', async () => {
    const out = await table(
      ['name', 'x'],
      [
        ['日本', 1],
        ['ab', 2],
      ],
    )
    assert.equal(out, 'name x\n==== =\n日本 1\nab   2\n')
    const out2 = await table(
      ['n', 'x'],
      [
        ['é', 1],
        ['abc', 2],
      ],
    )
    assert.equal(out2, 'n   x\n=== =\né   1\nabc 2\n')
  })

  it('streams JSON exactly as JSON.stringify would print it', async () => {
    for (const rows of [
      [],
      [
        [1, 'a'],
        [null, 'b'],
      ],
    ]) {
      let out = ''
      await printJsonResult(['n', 's'], rows, (c) => {
        out += c
      })
      const doc = {columns: ['n', 's'], rows: rows.map((r) => ({n: r[0], s: r[1]})), rowCount: rows.length}
      assert.equal(out, JSON.stringify(doc, null, 2) + '\n')
    }
  })

  it('keeps repeated column names apart in JSON', () => {
    assert.deepEqual(jsonKeys(['pkid', 'name', 'pkid']), ['pkid', 'name', 'pkid_2'])
  })
})

describe('run sql: words taken verbatim', () => {
  const flags = {
    json: {name: 'json', type: 'boolean' as const},
    node: {name: 'node', type: 'option' as const},
    file: {name: 'file', type: 'option' as const},
  }
  it('keeps -1, - and unknown --x as words; recognises the command flags anywhere; -- ends them', async () => {
    const {parseRawWords, wantsHelp, UsageError} = {
      ...(await import('../../src/run/parse.js')),
      ...(await import('../../src/core/errors.js')),
    }
    /** The input, or the one parser's refusal as its message. */
    const parseWords = (f: typeof flags, argv: string[]) => {
      try {
        return parseRawWords(f, argv)
      } catch (error) {
        if (error instanceof UsageError) return error.message
        throw error
      }
    }
    assert.deepEqual(
      parseWords(flags, ['select', '*', 'from', 't', 'where', 'x', '>', '-1', '--json', '--node=sub', '--x']),
      {
        args: {statement: 'select'},
        argv: ['select', '*', 'from', 't', 'where', 'x', '>', '-1', '--x'],
        flags: {json: true, node: 'sub'},
      },
    )
    const words = (argv: string[]) => {
      const input = parseWords(flags, argv)
      assert.ok(typeof input !== 'string', input as string)
      return input.argv
    }
    assert.deepEqual(words(['--node', 'sub', '--', 'select', '--json']), ['select', '--json'])
    assert.deepEqual(words(['-']), ['-'])
    // The one flag grammar's wording, as for every other command.
    assert.equal(parseWords(flags, ['select', '--node']), 'Flag --node needs a value.')
    assert.equal(parseWords(flags, ['--json=1']), 'Flag --json takes no value.')
    assert.equal(wantsHelp(['select', '--help']), true)
    assert.equal(wantsHelp(['--', 'select', '--help']), false)
  })
})
