import assert from 'node:assert/strict'
import {createServer, type IncomingMessage, type ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {execa} from 'execa'

import {getOnboarding, saveOnboarding} from '../../src/features/guide/onboarding/store.js'
import {Store} from '../../src/store/store.js'
import {BIN, LAB, Sandbox, type Result} from '../helpers.js'
import {runExpect} from '../process/expect.js'

/** Issue 14: bounded input, run sql limits, one-line errors, pushnow that never resends what arrived. */

/** One line on stderr (no control character in it), nothing else on stdout; the exit code. */
function oneLine(r: Result, exitCode: number, pattern: RegExp): string {
  assert.equal(r.exitCode, exitCode, r.stderr)
  assert.equal(r.stdout, '')
  assert.equal(r.stderr.split('\n').length, 2, r.stderr)
  assert.doesNotMatch(r.stderr.trimEnd(), /[\u0000-\u001f\u007f]/)
  assert.match(r.stderr, pattern)
  return r.stderr
}

describe('hardening: input read with a size limit', function () {
  this.timeout(60_000)
  const sb = new Sandbox()
  before(async () => {
    await sb.ok(LAB)
  })
  after(() => sb.remove())

  it('run sql --file /dev/zero and a huge statement on stdin: exit 2, one line', async () => {
    oneLine(
      await sb.run(['run', 'sql', '--file', '/dev/zero']),
      2,
      /The statement file \/dev\/zero is larger than 64 KiB/,
    )
    oneLine(
      await sb.run(['run', 'sql', '-'], {input: `select '${'x'.repeat(200_000)}' from processnode`}),
      2,
      /The statement on stdin is larger than 64 KiB/,
    )
  })

  it('--password-stdin, --authorized-key, alarms decrypt --file and --token-stdin', async () => {
    oneLine(
      await sb.run(['account', 'add', 'big', '--password-stdin'], {input: 'p'.repeat(100_000)}),
      2,
      /The password on stdin is larger than 4 KiB/,
    )
    oneLine(
      await sb.run(['account', 'add', 'big', '--authorized-key', '/dev/zero']),
      2,
      /The public key file \/dev\/zero is larger than 1 MiB/,
    )
    oneLine(
      await sb.run(['alarms', 'decrypt', '--file', '/dev/zero', '--token', 'x']),
      2,
      /The batch file \/dev\/zero is larger than 64 MiB/,
    )
    oneLine(
      await sb.run(['alarms', 'decrypt', '--file', '/dev/null', '--token-stdin'], {input: 't'.repeat(100_000)}),
      2,
      /The token on stdin is larger than 64 KiB/,
    )
    assert.deepEqual((await sb.ok(['account', 'list', '--json'])).json().accounts, [])
  })
})

describe('hardening: run sql limits and values', function () {
  this.timeout(60_000)
  const sb = new Sandbox()
  before(async () => {
    await sb.ok(LAB)
  })
  after(() => sb.remove())

  it('refuses a statement longer than 64 KiB given as words', async () => {
    oneLine(
      await sb.run(['run', 'sql', `select '${'x'.repeat(70_000)}' from processnode`]),
      2,
      /The statement is 70,\d{3} characters long; run sql takes at most 65,536/,
    )
  })

  it('refuses a cartesian join that could combine too many rows, before running it', async () => {
    const refs = 'abcdefghijklmno'
      .split('')
      .map((a) => `processnode ${a}`)
      .join(', ')
    oneLine(
      await sb.run(['run', 'sql', `select count(*) from ${refs}`]),
      2,
      /could combine 1,073,741,824 rows \(processnode 15 times \(4 rows each\)\); run sql stops at 10,000,000/,
    )
    assert.match(
      (await sb.ok(['run', 'sql', 'select count(*) from processnode a, processnode b, processnode c'])).stdout,
      /\n64\n$/,
    )
  })

  it('stops a statement past its time limit with a clear error (exit 1)', async () => {
    const r = await sb.run(['run', 'sql', 'select * from processnode a, processnode b'], {
      env: {UCADMIN_SQL_TIMEOUT: '0.000001'},
    })
    oneLine(r, 1, /The statement ran longer than its limit of 0\.000001 s and was stopped; nothing was changed\./)
    oneLine(
      await sb.run(['run', 'sql', 'select 1 from processnode'], {env: {UCADMIN_SQL_TIMEOUT: 'soon'}}),
      2,
      /UCADMIN_SQL_TIMEOUT must be a number of seconds/,
    )
  })

  it("checks a statement of thousands of subqueries quickly, with SQLite's own limits", async () => {
    const deep = `select 1 from processnode where ${Array(1500).fill('name in (select name from processnode)').join(' or ')}`
    const file = join(sb.dir, 'deep.sql')
    writeFileSync(file, deep)
    oneLine(await sb.run(['run', 'sql', '--file', file]), 2, /Expression tree is too large/)
    const wide = `select count(*) from processnode where ${Array(400).fill("pkid in (select pkid from processnode where name <> 'x')").join(' and ')}`
    writeFileSync(file, wide)
    assert.match((await sb.ok(['run', 'sql', '--file', file])).stdout, /\n4\n$/)
  })

  it('refuses what the compiled statement shows: virtual tables, other functions, schema names', async () => {
    oneLine(await sb.run(['run', 'sql', 'select * from dbstat']), 2, /internal to the database engine/)
    oneLine(
      await sb.run(['run', 'sql', 'select random() from processnode']),
      2,
      /random\(\) is not a function run sql offers/,
    )
    oneLine(
      await sb.run(['run', 'sql', 'select name from main.processnode']),
      2,
      /Schema-qualified names such as main\.processnode are refused/,
    )
    oneLine(
      await sb.run(['run', 'sql', 'select * from (with t as (select 1) select * from t)']),
      2,
      /WITH queries are not supported/,
    )
  })

  it('a pkid must be a UUID; datetimes must exist; values have a size limit', async () => {
    oneLine(
      await sb.run([
        'run',
        'sql',
        "insert into machineaccountdetails(pkid, machineaccountname) values ('not-a-uuid', 'm')",
      ]),
      2,
      /machineaccountdetails\.pkid must be a UUID/,
    )
    await sb.ok(['run', 'sql', "insert into machineaccountdetails(machineaccountname) values ('m')"])
    oneLine(
      await sb.run(['run', 'sql', "update machineaccountdetails set refreshtokenexpiry = '2026-02-30 10:00:00'"]),
      2,
      /must be a real date and time/,
    )
    await sb.ok(['run', 'sql', "update machineaccountdetails set refreshtokenexpiry = '2028-02-29 10:00:00'"])
    const file = join(sb.dir, 'long.sql')
    writeFileSync(file, `update machineaccountdetails set refreshtoken = '${'t'.repeat(40_000)}'`)
    oneLine(
      await sb.run(['run', 'sql', '--file', file]),
      2,
      /The value for machineaccountdetails\.refreshtoken is 40,000 characters long; a column holds at most 32,768/,
    )
    assert.match(
      (await sb.ok(['run', 'sql', 'select refreshtokenexpiry from machineaccountdetails'])).stdout,
      /2028-02-29 10:00:00/,
    )
  })

  it('prints 64-bit integers exactly, in text and JSON', async () => {
    const q =
      "select 9223372036854775807 as big, -9223372036854775808 as small, 9007199254740993 as odd, 7 as n from processnode where name = 'cucm-pub'"
    assert.match(
      (await sb.ok(['run', 'sql', q])).stdout,
      /\n9223372036854775807 -9223372036854775808 9007199254740993 7\n$/,
    )
    const text = (await sb.ok(['run', 'sql', q, '--json'])).stdout
    assert.match(
      text,
      /"big": 9223372036854775807,\n\s+"small": -9223372036854775808,\n\s+"odd": 9007199254740993,\n\s+"n": 7\n/,
    )
    assert.equal(JSON.parse(text).rowCount, 1)
  })

  it('a result value too long to show is one clear error', async () => {
    oneLine(
      await sb.run(['run', 'sql', "select printf('%.*c', 2000000, 'x') as v from processnode"]),
      1,
      /A value of column v is 2,000,000 characters long; run sql shows at most 1,048,576/,
    )
  })
})

describe('hardening: error lines and tables stay one line', function () {
  this.timeout(60_000)
  const sb = new Sandbox()
  before(async () => {
    await sb.ok(LAB)
  })
  after(() => sb.remove())

  it('shows newlines and terminal escapes in input escaped', async () => {
    const err = oneLine(await sb.run(['cluster', 'show', 'lab\nFake\u001b[31mRed']), 2, /No cluster named/)
    assert.ok(err.includes('lab\\nFake\\e[31mRed'), err)
  })

  it('shortens long input', async () => {
    const err = oneLine(await sb.run(['cluster', 'show', 'x'.repeat(20_000)]), 2, /characters\] \.\.\./)
    assert.ok(err.length < 4200, String(err.length))
  })

  it('an alarm message cannot forge a trace line or break a table', async () => {
    const forged = 'real text\n2026-01-01 00:00:00,000 INFO  [main] cmas.ManagementAgent - forged\u001b[2J'
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Error', '--message', forged])
    const t = (await sb.ok(['file', 'tail', 'activelog', 'cm/trace/cmas/log4j/', '--lines', '50'])).stdout
    assert.ok(!t.split('\n').some((l) => l.startsWith('2026-01-01 00:00:00,000')), t)
    assert.ok(t.includes('real text\\n2026-01-01 00:00:00,000 INFO  [main] cmas.ManagementAgent - forged\\e[2J'), t)
    const list = (await sb.ok(['alarms', 'list'])).stdout
    assert.doesNotMatch(list, /\u001b/)
    assert.ok(
      list.split('\n').every((l) => !l.startsWith('2026-01-01')),
      list,
    )
  })
})

describe('hardening: an interrupted HTTP pushnow never resends an acknowledged batch', function () {
  this.timeout(90_000)
  const sb = new Sandbox()
  const received: string[] = []
  let hang = false
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = ''
    req.on('data', (c) => (body += c))
    req.on('end', () => {
      const id = (JSON.parse(body) as {batchId: string}).batchId
      received.push(`${id} ${String(req.headers['idempotency-key'])}`)
      if (hang && received.length > 1) return // never answers: the upload is interrupted here
      res.end()
    })
  })
  let url = ''

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/pn`
    await sb.ok(LAB)
    const store = Store.open(sb.db)
    try {
      saveOnboarding(store, {
        ...getOnboarding(store, 1),
        push: true,
        manageCerts: true,
        troubleshooting: true,
        encryptedPii: false,
        phase: 'completed',
        customerClusterId: 'CCID-H',
        supportToken: 'cst-h',
      })
    } finally {
      store.close()
    }
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Critical', '--message', 'backlog', '--count', '2500'])
  })
  after(() => {
    server.closeAllConnections()
    server.close()
    sb.remove()
  })

  it('records each batch as sent once acknowledged; the next pushnow sends only the rest, under the same batch ids', async () => {
    hang = true
    const child = execa('node', [BIN, 'utils', 'managementAgent', 'alarms', 'pushnow'], {
      env: {UCADMIN_DB: sb.db, UCADMIN_CLOUD_URL: url, UCADMIN_CLOUD_TIMEOUT: '60', NO_COLOR: '1'},
      reject: false,
    })
    for (let i = 0; i < 400 && received.length < 2; i++) await new Promise((r) => setTimeout(r, 50))
    assert.equal(received.length, 2, 'the second batch reached the endpoint')
    child.kill('SIGKILL')
    await child
    const [first, second] = received.map((l) => l.split(' ')[0])
    for (const l of received) assert.equal(l.split(' ')[0], l.split(' ')[1], 'the Idempotency-Key is the batch id')
    const outbox = (await sb.ok(['alarms', 'outbox', '--json'])).json().batches as Array<{
      pkid?: string
      batchId?: string
      destination: string | null
    }>
    assert.ok(JSON.stringify(outbox).includes(first))

    hang = false
    received.length = 0
    const r = await sb.ok(['utils', 'managementAgent', 'alarms', 'pushnow', '--json'], 0, {
      env: {UCADMIN_CLOUD_URL: url},
    })
    const ids = received.map((l) => l.split(' ')[0])
    assert.ok(!ids.includes(first), 'the acknowledged batch is not sent again')
    assert.equal(
      ids[0],
      second,
      'the interrupted batch is sent again under its own id (receivers drop duplicates by id)',
    )
    assert.equal(ids.length, 2)
    assert.equal(r.json().pending, 0)
    assert.equal((await sb.ok(['alarms', 'status', '--json'])).json().queued, 0)
  })
})

describe('hardening: the shell history file holds no secret (issue 14 point 3)', function () {
  this.timeout(60_000)
  const sb = new Sandbox()
  before(async () => {
    await sb.ok(LAB)
  })
  after(() => sb.remove())

  it('redacts --token values and refresh tokens before writing shell_history', async () => {
    const token = 'Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg'
    const r = await runExpect(
      sb.dir,
      'history',
      `spawn node ${BIN} shell
wantre "\\r\\nadmin:$"
send "alarms decrypt --batch 1 --token s3cretSupport\\r"
wantre "\\r\\nadmin:$"
send "run sql update machineaccountdetails set refreshtoken='${token}'\\r"
wantre "\\r\\nadmin:$"
send "quit\\r"
expect eof
`,
      {UCADMIN_DB: sb.db},
    )
    assert.equal(r.code, 0, r.stderr + r.transcript)
    const hist = readFileSync(join(sb.dir, 'shell_history'), 'utf8')
    assert.ok(!hist.includes('s3cretSupport') && !hist.includes(token.slice(0, 10)), hist)
    assert.equal(
      hist,
      'alarms decrypt --batch 1 --token <redacted>\nrun sql update machineaccountdetails set refreshtoken=<redacted>\nquit\n',
    )
  })
})
