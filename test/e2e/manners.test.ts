// CLI manners users expect (issue 16.6), one test each. Through the Sandbox API where a command's output shows it;
// real processes only for what needs a terminal (expect) or a shell (bash globbing, pasting help examples).
import assert from 'node:assert/strict'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {execa} from 'execa'

import {BIN, LAB, ROOT, Sandbox} from '../helpers.js'

const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {
  commands: Record<
    string,
    {id: string; examples?: Array<string | {command: string}>; flags: Record<string, {char?: string}>}
  >
}

/** Runs an expect script (a pseudo-terminal); skips the test when expect is missing. */
async function expectScript(
  ctx: Mocha.Context,
  sb: Sandbox,
  body: string,
): Promise<{stdout: string; exitCode: number}> {
  try {
    await execa('expect', ['-v'])
  } catch {
    ctx.skip()
  }
  const script = join(sb.dir, 'run.exp')
  writeFileSync(script, `set timeout 30\nlog_user 1\n${body}\ncatch wait result\nexit [lindex $result 3]\n`)
  const r = await execa('expect', [script], {
    env: {UCADMIN_DB: sb.db, UCADMIN_BIN: BIN, NO_COLOR: '1', TERM: 'xterm'},
    reject: false,
  })
  return {stdout: String(r.stdout), exitCode: r.exitCode ?? -1}
}

describe('CLI manners', function () {
  this.timeout(120_000)
  let sb: Sandbox
  beforeEach(() => {
    sb = new Sandbox()
  })
  afterEach(() => sb.remove())

  it('-h works like --help, for a command and at the top', async () => {
    const long = await sb.ok(['utils', 'service', 'restart', '--help'])
    const short = await sb.ok(['utils', 'service', 'restart', '-h'])
    assert.match(long.stdout, /USAGE/)
    assert.equal(short.stdout, long.stdout)
    assert.equal((await sb.ok(['-h'])).stdout, (await sb.ok(['--help'])).stdout)
  })

  it('a mistyped flag gets a did-you-mean, in one line, exit 2', async () => {
    await sb.ok(LAB)
    for (const fast of ['1', '0']) {
      const r = await sb.ok(['utils', 'service', 'list', '--nod', 'cucm-sub1'], 2, {env: {UCADMIN_FAST: fast}})
      assert.equal(
        r.stderr,
        'Error: Nonexistent flag: --nod. Did you mean --node? See `ucadmin utils service list --help`.\n',
      )
    }
  })

  it('a mistyped single-word topic gets suggestions', async () => {
    const r = await sb.ok(['utlis'], 2)
    assert.equal(r.stderr, 'Error: "utlis" is not a ucadmin command. Did you mean `utils`?\n')
    const c = await sb.ok(['clustr', 'list'], 2)
    assert.match(c.stderr, /Did you mean `cluster list`\?/)
    const h = await sb.ok(['help', 'clustr'], 2)
    assert.equal(
      h.stderr,
      'Error: "clustr" is not a ucadmin command. Did you mean `cluster`?\n',
      'help of a mistyped topic suggests too',
    )
    assert.match((await sb.ok(['help', 'cluster'])).stdout, /^Create and inspect simulated CUCM/)
  })

  it('ucadmin version works, as --version does', async () => {
    const v = await sb.ok(['version'])
    assert.match(v.stdout, /^ucadmin\/\d+\.\d+\.\d+ \S+ node-v\d+/)
    assert.equal(v.stdout, (await sb.ok(['--version'])).stdout)
    assert.equal((await sb.ok(['version', '--json'])).json().name, 'ucadmin')
  })

  it('a missing argument gives one readable line', async () => {
    for (const fast of ['1', '0']) {
      const r = await sb.ok(['cluster', 'use'], 2, {env: {UCADMIN_FAST: fast}})
      assert.equal(r.stderr, 'Error: Missing required argument NAME. See `ucadmin cluster use --help`.\n')
    }
  })

  it('a repeated single-valued flag is refused on the fast path as oclif refuses it, nothing changed', async () => {
    await sb.ok(LAB)
    for (const fast of ['1', '0']) {
      const r = await sb.ok(
        ['utils', 'service', 'stop', 'Cisco', 'Tomcat', '--node', 'cucm-pub', '--node', 'cucm-sub1'],
        2,
        {env: {UCADMIN_FAST: fast}},
      )
      assert.equal(
        r.stderr,
        'Error: Flag --node can only be specified once. See `ucadmin utils service stop --help`.\n',
      )
    }
    const list = (await sb.ok(['utils', 'service', 'list', '--node', 'cucm-sub1', '--json'])).json()
    assert.equal(list.services.find((s: {name: string}) => s.name === 'Cisco Tomcat').state, 'STARTED')
  })

  it('integer flags and args are checked alike on every path, and reach the command as numbers', async () => {
    await sb.ok(LAB)
    for (const fast of ['1', '0']) {
      const env = {UCADMIN_FAST: fast}
      assert.match(
        (await sb.ok(['file', 'tail', 'activelog', 'cm/trace/cmas/log4j/', '--lines', 'abc'], 2, {env})).stderr,
        /--lines must be a whole number from 1 to 100000, not "abc"/,
      )
      assert.match(
        (await sb.ok(['file', 'tail', 'activelog', 'cm/trace/cmas/log4j/', 'ten'], 2, {env})).stderr,
        /line count must be a whole number/,
      )
      assert.match(
        (await sb.ok(['utils', 'managementAgent', 'alarms', 'pushfrequency', '91'], 2, {env})).stderr,
        /MINUTES must be a whole number from 5 to 90, not "91"/,
      )
      assert.match(
        (await sb.ok(['serve', 'ssh', '--port', '70000'], 2, {env})).stderr,
        /--port must be a whole number from 0 to 65535/,
      )
    }
    const r = (await sb.ok(['utils', 'managementAgent', 'alarms', 'pushfrequency', '15', '--json'])).json()
    assert.equal(r.pushFrequencyMinutes, 15)
    const m = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8'))
    assert.deepEqual(m.commands['utils:managementAgent:alarms:pushfrequency'].args.minutes.integer, {min: 5, max: 90})
    assert.deepEqual(m.commands['file:tail:activelog'].flags.lines.integer, {min: 1, max: 100000})
  })

  it('every help example can be pasted into bash as it is (quotes where bash would split, expand or fail)', async () => {
    const examples: Array<{id: string; line: string}> = []
    for (const c of Object.values(manifest.commands))
      for (const e of c.examples ?? [])
        examples.push({
          id: c.id,
          line: (typeof e === 'string' ? e : e.command).replaceAll('<%= config.bin %>', 'ucadmin'),
        })
    assert.ok(examples.length > 50, `${examples.length} examples`)
    // One bash for all examples: each is the body of a function of its own, so one `bash -n` parses them all and
    // one run calls each in a subshell of its own (no process per example).
    const lines = ['ucadmin() { printf \'%s\\n\' "$@"; }', 'printf() { builtin printf "$@"; }']
    for (const [i, e] of examples.entries()) {
      lines.push(`__example_${i}() {`, e.line, '}')
    }
    for (const i of examples.keys()) lines.push(`builtin printf '@@%s\\n' ${i}; ( __example_${i} ) </dev/null`)
    const script = join(sb.dir, 'examples.sh')
    writeFileSync(script, `${lines.join('\n')}\n`)
    if ((await execa('bash', ['-n', script], {reject: false})).exitCode !== 0) {
      // An unclosed quote runs on into the next examples: find the one that bash cannot parse on its own.
      for (const e of examples) {
        const syntax = await execa('bash', ['-n', '-c', e.line], {reject: false})
        assert.equal(syntax.exitCode, 0, `bash cannot parse the example of ${e.id}: ${e.line}`)
      }
      assert.fail(`bash cannot parse the examples together (${script})`)
    }
    const words = async (dir: string) => {
      mkdirSync(dir)
      if (dir.endsWith('full')) writeFileSync(join(dir, 'a-file'), '')
      const r = await execa('bash', [script], {
        cwd: dir,
        reject: false,
        input: '',
        env: {PW: 'x', NEW: 'x', TOKEN: 'x'},
      })
      return r.stdout.split(/^@@\d+$/m).slice(1)
    }
    const [full, empty] = [await words(join(sb.dir, 'full')), await words(join(sb.dir, 'empty'))]
    assert.equal(full.length, examples.length)
    for (const [i, e] of examples.entries())
      assert.equal(full[i], empty[i], `bash expands a glob in the example of ${e.id}: ${e.line}`)
  })

  it('every command that asks for confirmation takes --yes (-y)', async () => {
    for (const id of [
      'cluster:delete',
      'account:delete',
      'token:procedure',
      'onboarding:disable',
      'onboarding:wizard',
    ]) {
      assert.equal(manifest.commands[id].flags.yes?.char, 'y', id)
    }
    await sb.ok(LAB)
    await sb.ok(['onboarding', 'disable', '--yes'])
    await sb.ok(['cluster', 'delete', 'lab', '-y'])
  })

  it('a confirmation on a terminal shows (y/n) once; no keeps everything', async function () {
    await sb.ok(LAB)
    const r = await expectScript(
      this,
      sb,
      'spawn node $env(UCADMIN_BIN) onboarding disable\nexpect -re {Continue\\?.*\\(y/N\\)} { send "n\\r" }\nexpect eof',
    )
    assert.equal(r.exitCode, 2, r.stdout)
    // inquirer redraws the prompt as keys arrive; each drawn prompt carries (y/N) once (it used to say "Continue (y/n)? (y/N)").
    const prompts = r.stdout.split(/\r?\n|\x1b\[G/).filter((l) => /\(y\/n\)/i.test(l))
    assert.ok(prompts.length > 0, r.stdout)
    for (const p of prompts) assert.equal(p.match(/\(y\/n\)/gi)!.length, 1, p)
    assert.match(r.stdout, /Not disabled: you answered no/)
    assert.equal((await sb.ok(['cluster', 'list', '--json'])).json().clusters.length, 1)
  })

  it('Ctrl-C in a prompt exits 130 with no "internal error", and changes nothing', async function () {
    await sb.ok(LAB)
    const r = await expectScript(
      this,
      sb,
      'spawn node $env(UCADMIN_BIN) cluster delete lab\nexpect -re {\\(y/N\\)} { send "\\003" }\nexpect eof',
    )
    assert.equal(r.exitCode, 130, r.stdout)
    assert.doesNotMatch(r.stdout, /internal error/i)
    assert.match(r.stdout, /Cancelled\./)
    assert.equal((await sb.ok(['cluster', 'list', '--json'])).json().clusters.length, 1)
  })

  it('an unquoted * in run sql that bash expanded into file names gets a hint to quote the statement', async () => {
    await sb.ok(LAB)
    const dir = join(sb.dir, 'cwd')
    mkdirSync(dir)
    writeFileSync(join(dir, 'notes.txt'), '')
    writeFileSync(join(dir, 'report.csv'), '')
    for (const fast of ['1', '0']) {
      const r = await execa('bash', ['-c', `node "${BIN}" run sql select * from processnode`], {
        cwd: dir,
        reject: false,
        env: {UCADMIN_DB: sb.db, NO_COLOR: '1', UCADMIN_FAST: fast},
      })
      assert.equal(r.exitCode, 2, String(r.stderr))
      assert.match(
        String(r.stderr),
        /^Error: Your shell expanded an unquoted \* into the names of the files in this folder\. Quote the statement: ucadmin run sql "select \* from \.\.\."\.$/,
      )
    }
    const quoted = await execa('bash', ['-c', `node "${BIN}" run sql "select * from processnode"`], {
      cwd: dir,
      reject: false,
      env: {UCADMIN_DB: sb.db, NO_COLOR: '1'},
    })
    assert.equal(quoted.exitCode, 0, String(quoted.stderr))
  })

  it('UCADMIN_DB in a folder that does not exist is an error, and nothing is created', async () => {
    const db = join(sb.dir, 'no-such-folder', 'state.db')
    const r = await sb.ok(['cluster', 'list'], 2, {env: {UCADMIN_DB: db}})
    assert.match(
      r.stderr,
      /^Error: The folder of the state file .*no-such-folder\/state\.db does not exist; nothing was created\. Create it \(mkdir -p /,
    )
    assert.equal(existsSync(join(sb.dir, 'no-such-folder')), false)
  })

  it('the same for commands on the whole state file (state ..., their lean runner)', async () => {
    const db = join(sb.dir, 'no-such-folder', 'state.db')
    for (const args of [
      ['state', 'list'],
      ['state', 'save', 'snap'],
    ]) {
      const r = await sb.ok(args, 2, {env: {UCADMIN_DB: db}})
      assert.match(
        r.stderr,
        /^Error: The folder of the state file .*no-such-folder\/state\.db does not exist; nothing was created\./,
      )
    }
    assert.equal(existsSync(join(sb.dir, 'no-such-folder')), false)
  })
})
