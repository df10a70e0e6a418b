import assert from 'node:assert/strict'
import {execa} from 'execa'
import {chmodSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

import {BIN, LAB, ROOT, Sandbox} from '../helpers.js'
import {runExpect} from './expect.js'

// Issue 24 item 6: completion of values in bash (and zsh where installed) and at the admin: prompt.
describe('completion of values: bash, zsh and the admin: prompt', () => {
  let sb: Sandbox
  before(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
    await sb.ok(['cluster', 'create', 'other', '--version', '14SU3', '--publisher', 'other-pub'])
    // `ucadmin` on PATH, as after `npm link`.
    mkdirSync(join(sb.dir, 'bin'))
    writeFileSync(join(sb.dir, 'bin', 'ucadmin'), `#!/bin/sh\nexec node ${BIN} "$@"\n`)
    chmodSync(join(sb.dir, 'bin', 'ucadmin'), 0o755)
    writeFileSync(join(sb.dir, 'lab.yaml'), 'clusters: []\n')
  })
  after(() => sb.remove())

  const env = () => ({...sb.commandEnv(), PATH: `${join(sb.dir, 'bin')}:${process.env.PATH}`})

  it('prints the script as one JSON document with --json, as every command does', async () => {
    for (const shell of ['bash', 'zsh']) {
      const plain = (await sb.ok(['completion', shell])).stdout
      const doc = (await sb.ok(['completion', shell, '--json'])).json()
      assert.deepEqual(doc, {shell, script: plain})
    }
  })

  /** What bash offers for each list of words typed (the last one at the cursor), through the script sourced once. */
  async function bash(cases: string[][]): Promise<string[][]> {
    const q = (w: string) => `'${w.replaceAll("'", `'\\''`)}'`
    const body = cases.map(
      (words) =>
        `COMP_WORDS=(${['ucadmin', ...words].map(q).join(' ')}); COMP_CWORD=${words.length}; _ucadmin_complete; printf '%s\\n' "\${COMPREPLY[@]}" '=='`,
    )
    const r = await execa('bash', ['-c', `eval "$(ucadmin completion bash)"; ${body.join('; ')}`], {
      env: env(),
      extendEnv: false,
      cwd: sb.dir,
      reject: false,
    })
    assert.equal(r.exitCode, 0, r.stderr)
    return (r.stdout + '\n')
      .split('==\n')
      .slice(0, cases.length)
      .map((block) => block.split('\n').filter(Boolean))
  }

  it('bash completes service names, hosts, clusters, platforms, parameter names and lab files', async () => {
    const got = await bash([
      ['utils', 'service', 'restart', 'Cisco', 'Tom'],
      ['utils', 'service', 'restart', ''],
      ['show', 'status', '--node', ''],
      ['onboarding', 'voucher', '--node', 'oth'],
      ['cluster', 'use', ''],
      ['sim', 'fault', 'node-down', 'imp'],
      ['onboarding', 'check', '--platform', ''],
      ['param', 'enterprise', 'set', 'oauth'],
      ['apply', '-f', 'la'],
      ['utils', 'serv'],
    ])
    assert.deepEqual(got[0], ['Tomcat', 'Tomcat\\ Stats\\ Servlet'])
    assert.ok(got[1].includes('Cisco\\ Push\\ Notification\\ Service'))
    assert.deepEqual(got[2], ['cucm-pub', 'cucm-sub1', 'imp-pub', 'other-pub'])
    assert.deepEqual(got[3], ['other-pub'])
    assert.deepEqual(got[4], ['lab', 'other'])
    assert.deepEqual(got[5], ['imp-pub'])
    // The flag's options, as the manifest declares them.
    const options = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')).commands['onboarding:check']
      .flags.platform.options
    assert.ok(options.includes('ios') && options.includes('android'))
    assert.deepEqual(got[6], options)
    assert.ok(got[7].includes('oauth-refresh-login-flow'))
    assert.deepEqual(got[8], ['lab.yaml'])
    assert.deepEqual(got[9], ['service'])
  })

  it('zsh completes through the same candidates', async function () {
    try {
      await execa('zsh', ['--version'])
    } catch {
      this.skip()
    }
    // compadd and _files stand in for zsh's completion system, which calls _ucadmin with words and CURRENT set.
    const script = `autoload -U compinit && compinit -u; eval "$(ucadmin completion zsh)"; compadd() { shift; print -l -- "$@" }; _files() { print FILES }
words=(ucadmin show status --node ''); CURRENT=5; _ucadmin; print -- '=='
words=(ucadmin utils service restart Cisco Tom); CURRENT=6; _ucadmin; print -- '=='
words=(ucadmin apply -f ''); CURRENT=4; _ucadmin`
    const r = await execa('zsh', ['-c', script], {env: env(), extendEnv: false, cwd: sb.dir, reject: false})
    assert.equal(
      r.stdout,
      'cucm-pub\ncucm-sub1\nimp-pub\nother-pub\n==\nTomcat\nTomcat Stats Servlet\n==\nFILES',
      r.stderr,
    )
  })

  it('the admin: prompt completes hosts after --node and parameter names', async () => {
    const r = await runExpect(
      sb.dir,
      'complete-values',
      `set stty_init "rows 200 cols 160"
spawn node ${BIN} shell --cluster lab
wantre "admin:$"
send "show status --node imp\\t"
want "imp-pub "
send "\\r"
want "Host Name          : imp-pub"
wantre "admin:$"
send "param enterprise set oauth-refresh-l\\t"
want "oauth-refresh-login-flow "
send "Enabled\\r"
wantre "admin:$"
send "quit\\r"
expect eof
`,
      {UCADMIN_DB: sb.db},
    )
    assert.equal(r.code, 0, r.stderr + r.transcript)
    assert.equal(
      (await sb.ok(['param', 'enterprise', 'list', '--cluster', 'lab', '--json']))
        .json()
        .parameters.find((p: {id: string}) => p.id === 'oauth-refresh-login-flow').value,
      'Enabled',
    )
  })
})
