// The fast path against oclif, for every command of the manifest: each case runs twice as a real process on the
// same copy of one prepared state file, once through the fast path (src/run/fast.ts and the one parser) and once
// through oclif (UCADMIN_FAST=0), and must give the same stdout, stderr and exit code. Valid cases come from the
// table below (one or more per command; a command missing from it fails the test); invalid cases are derived from
// each command's manifest entry: an unknown flag, a missing argument, a repeated single-valued flag, bad option and
// integer values, one argument too many, -h.
import assert from 'node:assert/strict'
import {copyFileSync, existsSync, mkdirSync, readFileSync, rmSync} from 'node:fs'
import {join} from 'node:path'

import {execa} from 'execa'

import {BIN, LAB, ROOT, Sandbox, onboard} from '../helpers.js'

interface Flag {
  name: string
  type: 'boolean' | 'option'
  multiple?: boolean
  options?: string[]
  required?: boolean
  integer?: {min?: number; max?: number}
}
interface Cmd {
  id: string
  strict?: boolean
  session?: string
  flags: Record<string, Flag>
  args: Record<string, {name: string; required?: boolean; integer?: {min?: number; max?: number}}>
}

const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {commands: Record<string, Cmd>}

/** Valid argv after the command words, and stdin, per command (the state: LAB, onboarded, a client, an alarm batch). */
const VALID: Record<string, Array<string[] | {argv: string[]; input: string}>> = {
  shell: [{argv: [], input: 'show status\nutils service list\n'}],
  version: [[], ['--json']],
  demo: [['--json']],
  'state:list': [[]],
  'state:save': [['baseline']],
  'state:delete': [['nope']],
  'state:reset': [['--yes']],
  'state:restore': [['nope', '--yes']],
  'tenants:list': [
    ['--dir', 'no-such-folder'],
    ['--dir', 'labs', '--json'],
  ],
  'tenants:show': [['alice', '--dir', 'labs']],
  'tenants:reset': [['alice', '--dir', 'labs', '--yes']],
  'tenants:delete': [['bad/name', '--dir', 'labs', '--yes']],
  apply: [
    ['-f', 'labs/example.yaml', '--json'],
    ['-f', 'no-such.yaml'],
    ['labs/example.yaml', '--dry-run'],
  ],
  diff: [['-f', 'labs/example.yaml'], ['labs/example.yaml']],
  'cluster:export': [[], ['lab'], ['--all']],
  'cluster:graph': [['lab']],
  'show:hardware': [[]],
  'show:myself': [[]],
  'sim:call': [['bob', 'alice']],
  'file:view:activelog': [['cm/trace/cmas/log4j/']],
  'show:network:eth0': [[]],
  'show:tech:ccm_service': [[]],
  'show:version:inactive': [[]],
  'sim:client:active': [['alice']],
  'sim:client:delete': [['alice']],
  'sim:client:sign-in': [['alice']],
  'sim:client:sign-out': [['alice', '--json']],
  'sim:client:wifi': [['alice', 'HospitalWiFi']],
  'utils:diagnose:test': [[]],
  'utils:ntp:status': [[]],
  'utils:disaster_recovery:status:backup': [[]],
  'show:cert:list:own': [[]],
  'show:cert:list:trust': [['--json']],
  'account:add': [{argv: ['robot', '--password-stdin'], input: 'Secret-pw-1\n'}],
  'account:delete': [['nobody', '--yes']],
  'account:list': [[], ['--json']],
  'account:passwd': [{argv: ['nobody', '--password-stdin'], input: 'Secret-pw-2\n'}],
  'alarms:batch': [['1', '--json'], ['99']],
  'alarms:decrypt': [['--batch', '1']],
  'alarms:list': [[], ['--limit', '2', '--json']],
  'alarms:outbox': [['--json'], ['--limit', '1']],
  'alarms:status': [[], ['--json']],
  'cert:delete': [['tomcat-trust', 'Nope-CA']],
  'cert:list': [[], ['--json']],
  'cert:upload': [['tomcat-trust', 'Example-Root-CA.pem', '--all-nodes']],
  'cluster:add-node': [['cucm-sub2', '--role', 'subscriber', '--json']],
  'cluster:create': [
    ['lab2', '--version', '11.5(1)SU8', '--publisher', 'p2', '--subscriber', 's2', '--subscriber', 's3'],
  ],
  'cluster:delete': [
    ['lab', '--yes'],
    ['nope', '--yes'],
  ],
  'cluster:list': [[], ['--json']],
  'cluster:show': [[], ['lab', '--json']],
  'cluster:upgrade': [
    ['--version', '15SU1', '--json'],
    ['--version', 'nope'],
  ],
  'cluster:use': [['lab']],
  'cluster:device-pool:set': [['DP-HQ', '--group', 'Default']],
  'cluster:group:list': [[], ['--json']],
  'cluster:group:set': [['G1', '--nodes', 'cucm-pub,cucm-sub1', '--json']],
  'expressway:refresh-servers': [[]],
  'expressway:restart': [['c'], ['e', '--json']],
  'expressway:set': [['oauth-refresh', 'on']],
  'expressway:status': [[], ['--json']],
  'license:mode': [['plm'], ['smart', '--json']],
  'license:status': [[], ['--json']],
  'license:sync': [[]],
  'license:register': [[]],
  'cert:csr': [['tomcat', '--ca', 'Root-CA.pem']],
  'expressway:trust:add': [['Root-CA.pem']],
  'expressway:trust:list': [[]],
  'expressway:trust:remove': [['nope.pem']],
  'onboarding:check': [[], ['--json']],
  'onboarding:disable': [['--yes']],
  'onboarding:save': [
    ['--troubleshooting', 'on', '--json'],
    ['--push', 'off'],
  ],
  'onboarding:status': [[], ['--json']],
  'onboarding:voucher': [['--json']],
  'onboarding:wizard': [[]],
  'run:sql': [
    ['select', 'name', 'from', 'processnode'],
    ['--json', 'select count(*) from processnode'],
    ['--node', 'cucm-sub1', 'select * from processnode'],
  ],
  'serve:ssh': [],
  'serve:https': [],
  'show:cert:own': [['tomcat'], ['tomcat', '--json']],
  'show:status': [[], ['--node', 'cucm-sub1', '--json']],
  'sim:push': [[], ['--platform', 'android', '--node', 'cucm-sub1', '--json']],
  'token:procedure': [['--source-cluster', 'lab', '--yes']],
  'token:status': [[], ['--json']],
  'file:list:activelog': [['cm/trace/ccmpns/log4j/'], ['cm/trace/cmas/log4j/', '--json']],
  completion: [
    ['bash'],
    ['zsh'],
    ['complete', '--', 'utils', 'service', 'restart', 'Cisco', 'Tom'],
    ['complete', '--', 'show', 'status', '--node', ''],
  ],
  'file:search:activelog': [
    ['cm/trace/cmas/log4j/*', 'Management'],
    ['cm/trace/cmas/log4j/', 'agent', 'ignorecase', '--json'],
  ],
  // A valid get writes files (under the current folder): its parity case is a path that names nothing.
  'file:get:activelog': [['cm/trace/nope/*']],
  'file:tail:activelog': [
    ['cm/trace/cmas/log4j/', '--lines', '3'],
    ['cm/trace/cmas/log4j/', '2'],
    ['cm/trace/cmas/log4j/', '-n', '1', '--json'],
  ],
  'param:enterprise:list': [[], ['--json']],
  'param:enterprise:set': [['OAuth with Refresh Login Flow', 'Enabled']],
  'param:jabber:list': [['--json']],
  'param:jabber:set': [['LocalPushSSIDList', 'HospitalWiFi;Ward2']],
  'param:messaging:list': [[]],
  'param:messaging:set': [['multiple-device-messaging', 'Enabled']],
  'param:service:list': [[], ['Cisco XCP Router', '--json']],
  'param:service:set': [['Cisco XCP Router', 'Client Re-Login Upper Limit', '500']],
  'service-profile:assign': [
    ['alice', 'Default'],
    ['alice', 'Nope'],
  ],
  'service-profile:list': [[], ['--json']],
  'service-profile:set': [['WardProfile', '--mobile', 'Default'], ['WardProfile']],
  'uc-service:add': [['WardConfig', '--param', 'LocalPushSSIDList=Ward1;Ward2', '--description', 'Ward Wi-Fi']],
  'uc-service:list': [[], ['--json']],
  'uc-service:set': [
    ['Default', 'LocalPushSSIDList', 'Ward1'],
    ['Nope', 'LocalPushSSIDList', 'Ward1'],
  ],
  'uc-service:show': [['Default', '--json'], ['Default']],
  'show:imp:ha': [[], ['--json']],
  'show:network:cluster': [[]],
  'show:version:active': [[], ['--node', 'imp-pub', '--json']],
  'sim:alarm:raise': [['--severity', 'Error', '--message', 'parity', '--count', '3', '--json']],
  'sim:client:add': [['bob', '--node', 'imp-pub', '--count', '2']],
  'sim:client:list': [[], ['--json']],
  'sim:client:resume': [['alice']],
  'sim:client:suspend': [['alice', '--json']],
  'sim:clock': [[], ['--json']],
  'sim:clock:advance': [['2h', '--json'], ['45m']],
  'sim:clock:set': [['2026-03-01T10:00:00Z']],
  'sim:fault:dns-off': [['cucm-sub1']],
  'sim:fault:nat-idle-timeout': [['off']],
  'sim:fault:port-block': [['9966', 'cucm-sub1']],
  'sim:fault:port-open': [['9966', 'cucm-sub1']],
  'set:trace:enable': [['Detailed', 'ccmpns']],
  'utils:network:ping': [['push.webexconnect.com']],
  'utils:network:host': [['idbroker.webex.com']],
  'utils:network:traceroute': [['push.webexconnect.com']],
  'set:trace:disable': [['ccmpns']],
  'sim:fault:dns-on': [['cucm-sub1']],
  'sim:fault:node-down': [['cucm-sub1', '--json']],
  'sim:fault:node-shutdown': [['cucm-sub1']],
  'sim:fault:node-up': [['cucm-sub1']],
  'sim:fault:reachable': [['fos-a.wbx2.com']],
  'sim:fault:replication-break': [['cucm-sub1']],
  'sim:fault:replication-fix': [['cucm-sub1']],
  'sim:fault:service-crash': [['imp-pub', 'Cisco', 'XCP', 'Router']],
  'sim:fault:token-expire': [[]],
  'sim:fault:unreachable': [['fos-a.wbx2.com', '--json']],
  'sim:message:send': [['bob', 'alice', 'are you there?']],
  'utils:dbreplication:runtimestate': [[]],
  'utils:dbreplication:status': [[], ['--json']],
  'utils:imp:relogin-rate': [
    ['--node', 'imp-pub'],
    ['--node', 'imp-pub', '--users', '7500', '--json'],
  ],
  'utils:service:activate': [['Cisco', 'Extension', 'Mobility']],
  'utils:service:deactivate': [['Cisco', 'Extension', 'Mobility', '--json']],
  'utils:service:list': [[], ['--node', 'imp-pub', '--json']],
  'utils:service:restart': [
    ['Cisco', 'Tomcat'],
    ['Cisco', 'Tomcat', '--all-nodes', '--json'],
  ],
  'utils:service:start': [['Cisco', 'Tomcat']],
  'utils:service:stop': [['Cisco', 'Tomcat', '--node', 'cucm-sub1']],
  'utils:managementAgent:alarms:minpushlevel': [[], ['Warning', '--json']],
  'utils:managementAgent:alarms:pushfrequency': [[], ['15', '--json'], ['90']],
  'utils:managementAgent:alarms:pushnow': [[], ['--json']],
}

/**
 * Invalid argv derived from a command's manifest entry: every kind of refusal that applies to it. Every integer
 * case is kept; of the others, each command takes one (in turn), so that every kind runs on many commands and the
 * whole table stays quick.
 */
function invalid(c: Cmd, turn: number): string[][] {
  const flags = Object.values(c.flags)
  const args = Object.values(c.args)
  const reqFlags = flags.filter((f) => f.required).flatMap((f) => [`--${f.name}`, f.options?.[0] ?? 'x'])
  const reqArgs = args.filter((a) => a.required).map((a) => (a.integer ? String(a.integer.min ?? 1) : 'x'))
  const base = [...reqArgs, ...reqFlags]
  const kinds: string[][] = [[...base, '--bogus-flag']]
  if (c.flags.node)
    kinds.push([...base, '--nod', 'x'], [...base, '--node', 'cucm-pub', '--node', 'cucm-sub1'], [...base, '--node'])
  if (reqArgs.length > 0) kinds.push(reqFlags)
  if (flags.some((f) => f.required)) kinds.push(reqArgs)
  for (const f of flags) if (f.options) kinds.push([...base, `--${f.name}`, 'zzz'])
  if (c.strict !== false) kinds.push([...args.map(() => 'x'), 'one-too-many', ...reqFlags])
  const cases = [kinds[turn % kinds.length]]
  for (const f of flags)
    if (f.integer) cases.push([...base, `--${f.name}`, 'abc'], [...base, `--${f.name}=${(f.integer.max ?? 0) + 1}`])
  for (const a of args)
    if (a.integer)
      cases.push(
        [...base.slice(0, args.indexOf(a)), String((a.integer.min ?? 0) - 1)],
        [...base.slice(0, args.indexOf(a)), '1.5'],
      )
  return cases
}

/** Values that differ between two runs on the same state (random ids, keys, salts): masked before comparing. */
const normalise = (s: string) =>
  s
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/[A-Za-z0-9+/_=-]{32,}/g, '<random>')
    .replace(/SHA256:[A-Za-z0-9+/=]+/g, 'SHA256:<fp>')

interface Run {
  stdout: string
  stderr: string
  exitCode: number
}

/**
 * One run of a case. In this process by default, through the same entry as bin/run.js (test/process/cli.test.ts
 * checks byte for byte that a real process prints the same); PARITY_PROCESS=1 spawns real processes instead.
 */
async function runOnce(
  sb: Sandbox,
  db: string,
  words: string[],
  argv: string[],
  input: string,
  fast: boolean,
): Promise<Run> {
  const env = {
    UCADMIN_DB: db,
    NO_COLOR: '1',
    UCADMIN_FAST: fast ? '1' : '0',
    UCADMIN_CLUSTER: undefined,
    UCADMIN_NODE: undefined,
    DEBUG: undefined,
  }
  if (!process.env.PARITY_PROCESS) {
    const r = await sb.run([...words, ...argv], {input, env})
    return {stdout: normalise(r.stdout), stderr: normalise(r.stderr), exitCode: r.exitCode}
  }
  const r = await execa('node', [BIN, ...words, ...argv], {
    reject: false,
    input,
    stripFinalNewline: false,
    timeout: 30_000,
    env,
  })
  return {stdout: normalise(String(r.stdout)), stderr: normalise(String(r.stderr)), exitCode: r.exitCode ?? -1}
}

describe('the fast path and oclif agree on every command', function () {
  this.timeout(20 * 60_000)
  let sb: Sandbox
  before(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
    await onboard(sb)
    await sb.ok(['sim', 'client', 'add', 'alice', '--node', 'imp-pub'])
    await sb.ok(['onboarding', 'save', '--troubleshooting', 'on'])
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Error', '--message', 'seed'])
    await sb.ok(['utils', 'managementAgent', 'alarms', 'pushnow'])
    // Cisco Tomcat's certificate is made on first use (a new key each time): made once here, both runs print it.
    await sb.ok(['show', 'cert', 'own', 'tomcat'])
  })
  after(() => sb.remove())

  it('has valid cases for every command of the manifest', () => {
    const missing = Object.keys(manifest.commands).filter((id) => !(id in VALID))
    assert.deepEqual(missing, [], 'add these commands to VALID in test/e2e/parity.test.ts')
  })

  it('gives the same stdout, stderr and exit code for valid, invalid and help input', async () => {
    const cases: Array<{id: string; argv: string[]; input: string}> = []
    for (const [turn, c] of Object.values(manifest.commands).entries()) {
      for (const v of VALID[c.id] ?? [])
        cases.push(Array.isArray(v) ? {id: c.id, argv: v, input: ''} : {id: c.id, ...v})
      for (const argv of invalid(c, turn)) cases.push({id: c.id, argv, input: ''})
    }
    // PARITY_GREP=text runs only the cases whose command line contains text (for debugging one command).
    if (process.env.PARITY_GREP)
      cases.splice(
        0,
        cases.length,
        ...cases.filter((x) => `${x.id} ${x.argv.join(' ')}`.includes(process.env.PARITY_GREP!)),
      )
    for (const id of ['cluster:create', 'utils:service:restart', 'run:sql']) cases.push({id, argv: ['-h'], input: ''})
    const mismatches: string[] = []
    const exits = [0, 0, 0]
    let i = 0
    const worker = async () => {
      while (i < cases.length) {
        const k = i++
        const {id, argv, input} = cases[k]
        const dir = join(sb.dir, `case-${k}`)
        const db = join(dir, 'state.db')
        const results: Run[] = []
        for (const fast of [true, false]) {
          // The same fresh folder for both runs (snapshots and other files next to the state file included).
          rmSync(dir, {recursive: true, force: true})
          mkdirSync(dir)
          copyFileSync(sb.db, db)
          if (existsSync(sb.db + '-wal')) copyFileSync(sb.db + '-wal', db + '-wal')
          results.push(await runOnce(sb, db, id.split(':'), argv, input, fast))
        }
        const [a, b] = results
        exits[Math.min(a.exitCode, 2)]++
        if (a.stdout !== b.stdout || a.stderr !== b.stderr || a.exitCode !== b.exitCode) {
          mismatches.push(
            `ucadmin ${id.replaceAll(':', ' ')} ${JSON.stringify(argv)}\n  fast:  exit ${a.exitCode} ${JSON.stringify(a.stderr.slice(0, 300))} ${JSON.stringify(a.stdout.slice(0, 300))}\n  oclif: exit ${b.exitCode} ${JSON.stringify(b.stderr.slice(0, 300))} ${JSON.stringify(b.stdout.slice(0, 300))}`,
          )
        }
        rmSync(dir, {recursive: true, force: true})
      }
    }
    // In-process runs share one thread: one at a time. Real processes: two at once (this machine has two cores).
    await Promise.all(process.env.PARITY_PROCESS ? [worker(), worker()] : [worker()])
    assert.ok(process.env.PARITY_GREP || cases.length > 200, `${cases.length} cases`)
    // The table exercises success, failure and refusal alike (exit 0, 1 and 2).
    assert.ok(
      process.env.PARITY_GREP || (exits[0] > 90 && exits[1] > 5 && exits[2] > 90),
      `exit codes 0/1/2: ${exits.join('/')}`,
    )
    assert.deepEqual(mismatches, [], `${mismatches.length} of ${cases.length} cases differ`)
  })
})
