// --json shape snapshots: every command's --json document, from real runs on a prepared state, against a JSON Schema
// per command committed in data/schemas/ (published with the package, for harness authors). `npm run schemas`
// regenerates them from these runs (then review the diff); test/e2e/json-shapes.test.ts fails when a command's
// document no longer matches its schema.
import {copyFileSync, existsSync, mkdirSync, rmSync} from 'node:fs'
import {join} from 'node:path'

import {LAB, ROOT, Sandbox, onboard} from '../helpers.js'

export const SCHEMA_DIR = join(ROOT, 'data', 'schemas')

/** The schema file of a command id (`utils:service:list` -> data/schemas/utils.service.list.json). */
export const schemaFile = (id: string) => join(SCHEMA_DIR, `${id.replaceAll(':', '.')}.json`)

/** The document of a failed command (`{"error": {...}}`), shared by every command. */
export const ERROR_SCHEMA = 'error'

/** Commands whose --json is not one document of a finished command, with the reason. */
export const NOT_A_DOCUMENT: Record<string, string> = {
  'serve:ssh': 'a server: its --json is JSON Lines of events while it runs (test/process/ssh.test.ts)',
  'serve:https':
    'a server: its --json is JSON Lines (the address document, then events) while it runs (test/process/https.test.ts)',
  'onboarding:wizard': 'asks questions on a terminal only; without one it refuses with an error document',
  demo: 'a walkthrough for people: --json is refused with an error document',
  completion: 'prints a shell script to eval; --json is accepted but prints the script too',
}

/** A case: argv after the command words (--json is added), stdin, and commands run first on the same copy. */
export interface Case {
  argv: string[]
  input?: string
  before?: string[][]
}

/** A UC service (jabber-config.xml) with an SSID and a service profile whose Mobile slot names it. */
const WARD_PROFILE = [
  ['uc-service', 'add', 'WardConfig', '--param', 'LocalPushSSIDList=Ward1;Ward2'],
  ['service-profile', 'set', 'WardProfile', '--mobile', 'WardConfig'],
]

const ONBOARD_NEW = [
  ['cluster', 'create', 'new', '--version', '14SU3', '--publisher', 'new-pub'],
  ['onboarding', 'voucher', '--cluster', 'new'],
  ['onboarding', 'save', '--push', 'on', '--manage-certs', 'on', '--cluster', 'new'],
  ['utils', 'service', 'restart', 'Cisco', 'Tomcat', '--all-nodes', '--cluster', 'new'],
  ['onboarding', 'save', '--cluster', 'new'],
]

/** The cases per command; each runs on a fresh copy of the prepared state. */
export const CASES: Record<string, Array<string[] | Case>> = {
  shell: [{argv: ['--keep-going'], input: 'show status\nutils service list\ncluster show nope\n'}],
  version: [[]],
  'state:list': [[]],
  'state:save': [['baseline']],
  'state:delete': [{argv: ['base'], before: [['state', 'save', 'base']]}],
  'state:reset': [['--yes']],
  'state:restore': [{argv: ['base', '--yes'], before: [['state', 'save', 'base']]}],
  apply: [
    ['-f', 'labs/example.yaml'],
    ['-f', 'labs/example.yaml', '--dry-run'],
  ],
  diff: [['-f', 'labs/example.yaml']],
  'cluster:export': [[], ['--all']],
  'cluster:graph': [['lab']],
  'show:hardware': [[]],
  'show:myself': [[]],
  'sim:call': [
    ['bob', 'alice'],
    ['bob', 'alice', '--no-answer', '--hang-up-after', '20'],
  ],
  'file:view:activelog': [['cm/trace/cmas/log4j/']],
  'show:network:eth0': [[]],
  'show:tech:ccm_service': [[]],
  'show:version:inactive': [[]],
  'sim:client:active': [['alice']],
  'sim:client:delete': [['alice']],
  'sim:client:sign-in': [['alice']],
  'sim:client:sign-out': [['alice']],
  'sim:client:wifi': [['alice', 'HospitalWiFi']],
  'utils:diagnose:test': [[]],
  'utils:ntp:status': [[]],
  'utils:disaster_recovery:status:backup': [[]],
  'show:cert:list:own': [[]],
  'show:cert:list:trust': [[]],
  'account:add': [{argv: ['robot', '--password-stdin'], input: 'Secret-pw-1\n'}],
  'account:delete': [['ops', '--yes']],
  'account:list': [[]],
  'account:passwd': [{argv: ['ops', '--password-stdin'], input: 'Secret-pw-2\n'}],
  'alarms:batch': [['1']],
  'alarms:decrypt': [['--batch', '1']],
  'alarms:list': [[]],
  'alarms:outbox': [[]],
  'alarms:status': [[]],
  'cert:delete': [['tomcat-trust', 'Example-Root-CA.pem', '--all-nodes']],
  'cert:list': [[]],
  'cert:upload': [['tomcat-trust', 'Other-CA.pem', '--all-nodes']],
  'cluster:add-node': [['cucm-sub2', '--role', 'subscriber']],
  'cluster:create': [['lab2', '--version', '11.5(1)SU8', '--publisher', 'p2', '--subscriber', 's2']],
  'cluster:delete': [['lab', '--yes']],
  'cluster:list': [[]],
  'cluster:show': [['lab']],
  'cluster:upgrade': [['--version', '15SU1']],
  'cluster:use': [['lab']],
  'cluster:device-pool:set': [['DP-HQ', '--group', 'G1']],
  'cluster:group:list': [[]],
  'cluster:group:set': [['G1', '--nodes', 'cucm-pub,cucm-sub1']],
  'expressway:refresh-servers': [[]],
  'expressway:restart': [['c']],
  'expressway:set': [['oauth-refresh', 'on']],
  'expressway:status': [[]],
  'license:mode': [['smart']],
  'license:status': [[]],
  'license:sync': [
    {
      argv: ['--cluster', 'old'],
      before: [['cluster', 'create', 'old', '--version', '11.5(1)SU8', '--publisher', 'old-pub']],
    },
  ],
  'onboarding:check': [[]],
  'onboarding:disable': [['--yes']],
  'onboarding:save': [['--troubleshooting', 'on']],
  'onboarding:status': [[]],
  'onboarding:voucher': [[]],
  'run:sql': [
    ['select name, tkprocessnoderole from processnode'],
    ['update machineaccountdetails set refreshtoken = refreshtoken'],
  ],
  'show:status': [['--node', 'cucm-sub1']],
  // A test push, and a push to a simulated client (its localPush says why Local Push did not apply).
  'sim:push': [
    ['--platform', 'android', '--node', 'cucm-sub1'],
    ['--user', 'alice'],
    {
      argv: ['--user', 'dana'],
      before: [
        ['cluster', 'group', 'set', 'G1', '--nodes', 'cucm-pub'],
        ['cluster', 'device-pool', 'set', 'DP', '--group', 'G1'],
        ['sim', 'client', 'add', 'dana', '--app', 'webex', '--device-pool', 'DP', '--ssid', 'Ward9'],
      ],
    },
  ],
  'token:procedure': [{argv: ['--source-cluster', 'new', '--cluster', 'lab', '--yes'], before: ONBOARD_NEW}],
  'token:status': [[]],
  'file:list:activelog': [['cm/trace/cmas/log4j/']],
  'file:tail:activelog': [['cm/trace/cmas/log4j/', '-n', '2']],
  'param:enterprise:list': [[]],
  'param:enterprise:set': [['OAuth with Refresh Login Flow', 'Enabled']],
  'param:jabber:list': [[]],
  'param:jabber:set': [['LocalPushSSIDList', 'HospitalWiFi;Ward2']],
  'param:messaging:list': [[]],
  'param:messaging:set': [['multiple-device-messaging', 'Enabled']],
  'param:service:list': [['Cisco XCP Router']],
  'param:service:set': [['Cisco XCP Router', 'Client Re-Login Upper Limit', '500']],
  'service-profile:assign': [{argv: ['alice', 'WardProfile'], before: WARD_PROFILE}],
  'service-profile:list': [
    {
      argv: [],
      before: [
        ...WARD_PROFILE,
        ['service-profile', 'assign', 'alice', 'WardProfile'],
        ['service-profile', 'set', 'NoMobile', '--mobile', 'none'],
      ],
    },
  ],
  'service-profile:set': [['WardProfile', '--mobile', 'Default', '--description', 'Ward phones']],
  'uc-service:add': [['WardConfig', '--param', 'LocalPushSSIDList=Ward1;Ward2', '--param', 'EnableVoipSocket=false']],
  'uc-service:list': [{argv: [], before: WARD_PROFILE}],
  'uc-service:set': [{argv: ['WardConfig', 'LocalPushSSIDList', 'Ward1;Ward3'], before: WARD_PROFILE}],
  'uc-service:show': [{argv: ['WardConfig'], before: WARD_PROFILE}],
  'show:imp:ha': [[]],
  'show:network:cluster': [[]],
  'show:version:active': [['--node', 'imp-pub']],
  'sim:alarm:raise': [['--severity', 'Error', '--message', 'shape', '--count', '3']],
  'sim:client:add': [['bob2', '--node', 'imp-pub']],
  'sim:client:list': [[]],
  'sim:client:resume': [['alice']],
  'sim:client:suspend': [['alice']],
  'sim:clock': [[]],
  'sim:clock:advance': [['2h']],
  'sim:clock:set': [['2027-03-01T10:00:00Z']],
  'sim:fault:dns-off': [['cucm-sub1']],
  'sim:fault:dns-on': [['cucm-sub1']],
  'sim:fault:node-down': [['cucm-sub1']],
  'sim:fault:node-shutdown': [['cucm-sub1']],
  'sim:fault:node-up': [{argv: ['cucm-sub1'], before: [['sim', 'fault', 'node-down', 'cucm-sub1']]}],
  'sim:fault:reachable': [['fos-a.wbx2.com']],
  'sim:fault:replication-break': [['cucm-sub1']],
  'sim:fault:replication-fix': [{argv: ['cucm-sub1'], before: [['sim', 'fault', 'replication-break', 'cucm-sub1']]}],
  'sim:fault:service-crash': [['imp-pub', 'Cisco', 'XCP', 'Router']],
  'sim:fault:token-expire': [[]],
  'sim:fault:unreachable': [['fos-a.wbx2.com']],
  'sim:message:send': [['bob', 'alice', 'are you there?']],
  'utils:dbreplication:runtimestate': [[]],
  'utils:imp:relogin-rate': [['--node', 'imp-pub', '--users', '7500']],
  'utils:service:activate': [['Cisco', 'Extension', 'Mobility']],
  'utils:service:deactivate': [['Cisco', 'Extension', 'Mobility']],
  'utils:service:list': [['--node', 'imp-pub']],
  'utils:service:restart': [['Cisco', 'Tomcat', '--all-nodes']],
  'utils:service:start': [['Cisco', 'Tomcat']],
  'utils:service:stop': [['Cisco', 'Tomcat', '--node', 'cucm-sub1']],
  'utils:managementAgent:alarms:minpushlevel': [['Warning']],
  'utils:managementAgent:alarms:pushfrequency': [['15']],
  'utils:managementAgent:alarms:pushnow': [[]],
  'tenants:list': [['--dir', '{dir}/class']],
  'tenants:show': [['alice', '--dir', '{dir}/class']],
  'tenants:reset': [['alice', '--dir', '{dir}/class', '--yes']],
  'tenants:delete': [['bob', '--dir', '{dir}/class', '--yes']],
  'file:search:activelog': [['cm/trace/cmas/log4j/*', 'Management', 'ignorecase']],
  'file:get:activelog': [['cm/trace/cmas/log4j/*', '--to', '{dir}/traces']],
  'utils:dbreplication:status': [[]],
  'license:register': [[]],
  'cert:csr': [['tomcat', '--ca', 'Example-Root-CA.pem', '--all-nodes']],
  'expressway:trust:add': [['Example-Root-CA.pem']],
  'expressway:trust:list': [{argv: [], before: [['expressway', 'trust', 'add', 'Example-Root-CA.pem']]}],
  'expressway:trust:remove': [
    {argv: ['Example-Root-CA.pem'], before: [['expressway', 'trust', 'add', 'Example-Root-CA.pem']]},
  ],
  'sim:fault:nat-idle-timeout': [['10'], ['off']],
  'sim:fault:port-block': [['9966', 'cucm-sub1']],
  'sim:fault:port-open': [['9966', 'cucm-sub1']],
  'set:trace:enable': [['Detailed', 'ccmpns']],
  'set:trace:disable': [['ccmpns']],
  'utils:network:ping': [['push.webexconnect.com']],
  'utils:network:host': [['idbroker.webex.com']],
  'utils:network:traceroute': [['push.webexconnect.com']],
  'show:cert:own': [['tomcat'], ['tomcat', '--node', 'cucm-sub1']],
}

/** Failing commands whose --json error document is checked against the error schema. */
export const ERROR_CASES: string[][] = [
  ['cluster', 'show', 'nope'],
  ['apply', '-f', 'no-such.yaml'],
  ['utils', 'service', 'restart', 'Cisco', 'Nothing'],
]

export interface Sample {
  id: string
  argv: string[]
  exitCode: number
  /** The documents printed (one, or one per line for JSON Lines). */
  docs: unknown[]
  stderr: string
}

/** The state the cases run on: a seeded, onboarded lab with a client, an account, a certificate and an uploaded alarm batch. */
export async function prepare(sb: Sandbox): Promise<void> {
  sb.env.UCADMIN_SEED = '11'
  await sb.ok(LAB)
  await onboard(sb)
  await sb.ok(['cert', 'upload', 'tomcat-trust', 'Example-Root-CA.pem', '--all-nodes'])
  await sb.ok(['sim', 'client', 'add', 'alice', '--node', 'imp-pub'])
  await sb.ok(['sim', 'client', 'add', 'bob', '--node', 'imp-pub'])
  await sb.ok(['cluster', 'group', 'set', 'G1', '--nodes', 'cucm-sub1,cucm-pub'])
  await sb.ok(['account', 'add', 'ops', '--password-stdin', '--node', 'cucm-sub1'], 0, {input: 'Ops-pass-1\n'})
  await sb.ok(['onboarding', 'save', '--troubleshooting', 'on', '--encrypted-pii', 'on'])
  await sb.ok([
    'sim',
    'alarm',
    'raise',
    '--severity',
    'Error',
    '--message',
    'seed',
    '--user',
    'jdoe',
    '--device',
    'BOTJDOE',
  ])
  await sb.ok(['utils', 'managementAgent', 'alarms', 'pushnow'])
  await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Critical', '--message', 'queued'])
  // A folder of tenants (serve ssh --tenants): the template and two tenants' labs, copies of this state.
  const tenants = join(sb.dir, 'class')
  mkdirSync(tenants, {mode: 0o700})
  for (const f of ['.template.db', 'alice.db', 'bob.db']) {
    copyFileSync(sb.db, join(tenants, f))
    if (existsSync(sb.db + '-wal')) copyFileSync(sb.db + '-wal', join(tenants, f) + '-wal')
  }
  // alarms decrypt reads the Cisco Support Token from the environment, as TAC would pass it.
  sb.env.UCADMIN_SUPPORT_TOKEN = (await sb.ok(['onboarding', 'status', '--json'])).json().supportToken
}

/** Runs every case (and the error cases) with --json, each on a fresh copy of the prepared state. */
export async function runCases(sb: Sandbox, ids: string[] = Object.keys(CASES)): Promise<Sample[]> {
  const out: Sample[] = []
  let k = 0
  const once = async (id: string, words: string[], c: Case) => {
    const {argv, input = ''} = c
    const dir = join(sb.dir, `case-${k++}`)
    mkdirSync(dir)
    const db = join(dir, 'state.db')
    copyFileSync(sb.db, db)
    if (existsSync(sb.db + '-wal')) copyFileSync(sb.db + '-wal', db + '-wal')
    for (const b of c.before ?? []) await sb.ok(b, 0, {env: {UCADMIN_DB: db}})
    // {dir}: the sandbox's folder (tenants, files written by the command).
    const args = argv.map((a) => a.replaceAll('{dir}', sb.dir))
    const r = await sb.run([...words, ...args, '--json'], {input, env: {UCADMIN_DB: db}})
    rmSync(dir, {recursive: true, force: true})
    const lines = id === 'shell' ? r.stdout.split('\n').filter(Boolean) : [r.stdout]
    let docs: unknown[]
    try {
      docs = lines.map((l) => JSON.parse(l) as unknown)
    } catch {
      throw new Error(
        `ucadmin ${words.join(' ')} ${argv.join(' ')} --json: stdout is not JSON (exit ${r.exitCode})\n${r.stdout}\n${r.stderr}`,
      )
    }
    out.push({id, argv, exitCode: r.exitCode, docs, stderr: r.stderr})
  }
  for (const id of ids) {
    for (const c of CASES[id] ?? []) await once(id, id.split(':'), Array.isArray(c) ? {argv: c} : c)
  }
  for (const words of ERROR_CASES) await once(ERROR_SCHEMA, words, {argv: []})
  return out
}

/** Whether a document is an error document (`{"error": {...}}` and nothing else). */
export const isError = (doc: unknown) =>
  typeof doc === 'object' && doc !== null && Object.keys(doc).length === 1 && 'error' in doc

// ---- inference: the JSON Schema of a set of documents ------------------------------------------------------------

export type Schema = Record<string, unknown>

/** Objects at these JSON pointers (within a command's document) are maps keyed by names, not records of fields. */
export const MAPS: Record<string, string[]> = {
  'cluster:export': ['/clusters'],
  // Counts by event kind: which kinds appear depends on what fell due.
  'sim:clock:advance': ['/summary'],
  'sim:clock:set': ['/summary'],
}

function typeName(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'array'
  if (typeof v === 'number') return 'number'
  return typeof v
}

/** The schema of values seen at one place; `at` is the JSON pointer with array items as `/*`. */
export function infer(values: unknown[], maps: string[] = [], at = ''): Schema {
  const types = [...new Set(values.map(typeName))].sort()
  const schema: Schema = {type: types.length === 1 ? types[0] : types}
  const objects = values.filter((v): v is Record<string, unknown> => typeName(v) === 'object')
  if (objects.length) {
    if (maps.includes(at)) {
      schema.additionalProperties = infer(
        objects.flatMap((o) => Object.values(o)),
        maps,
        `${at}/*`,
      )
    } else {
      const keys = [...new Set(objects.flatMap((o) => Object.keys(o)))]
      schema.properties = Object.fromEntries(
        keys.map((key) => [
          key,
          infer(
            objects.filter((o) => key in o).map((o) => o[key]),
            maps,
            `${at}/${key}`,
          ),
        ]),
      )
      schema.required = keys.filter((key) => objects.every((o) => key in o))
      schema.additionalProperties = false
    }
  }
  const arrays = values.filter(Array.isArray)
  if (arrays.length) {
    const items = arrays.flat()
    if (items.length) schema.items = infer(items, maps, `${at}/*`)
  }
  return schema
}

/** The schema file's document for a command. */
export function commandSchema(id: string, docs: unknown[]): Schema {
  const title =
    id === ERROR_SCHEMA ? 'The --json document of a failed command' : `ucadmin ${id.replaceAll(':', ' ')} --json`
  return {$schema: 'http://json-schema.org/draft-07/schema#', title, ...infer(docs, MAPS[id] ?? [])}
}
