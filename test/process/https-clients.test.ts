import assert from 'node:assert/strict'
import {join} from 'node:path'

import {execa} from 'execa'

import {LAB, ROOT, Sandbox, onboard} from '../helpers.js'
import {HttpsProcess, ZeepClient, astEnvelope, request} from './https-server.js'

/**
 * The guide's onboarding task flow and its manual refresh-token procedure, driven end to end by unmodified public
 * clients over AXL (npm cisco-axl, Debian's python3-zeep with the WSDL cisco-axl ships) and Control Center; the CLI
 * only restarts Cisco Tomcat (as the guide does) and checks the result. cisco-axl always connects to port 8443, so
 * each cluster's nodes get loopback addresses of their own (127.23.0.x and 127.23.1.x) on 8443.
 */

const LAB_HOSTS = {'cucm-pub': '127.23.0.1', 'cucm-sub1': '127.23.0.2', 'imp-pub': '127.23.0.3'}
const NEW_HOST = '127.23.1.1'
const WSDL = join(ROOT, 'node_modules', 'cisco-axl', 'schema', '14.0', 'AXLAPI.wsdl')
const USER = 'admin'
const PASSWORD = 'Adm1n-pass'

type Outcome = {
  ok?: any
  fault?: {faultstring?: string; message?: string; faultcode?: string; code?: string; detail?: any}
  error?: string
}

/** cisco-axl in a child process (its certificate check is turned off there only). */
async function ciscoAxl(host: string, ops: Array<{op: string; tags?: unknown}>, version = '14.0'): Promise<Outcome[]> {
  const r = await execa(
    'node',
    [join(ROOT, 'test', 'process', 'clients', 'axl.cjs'), host, USER, PASSWORD, version, JSON.stringify(ops)],
    {
      env: {NODE_TLS_REJECT_UNAUTHORIZED: '0', NODE_NO_WARNINGS: '1'},
      reject: false,
      timeout: 60_000,
    },
  )
  assert.equal(r.exitCode, 0, r.stderr)
  return JSON.parse(r.stdout)
}

/** python3-zeep with cisco-axl's WSDL (one process for the file; requests' CA bundle variables unset). */
let zeepClient: ZeepClient
async function zeep(host: string, ops: Array<{op: string; args?: unknown}>): Promise<Outcome[]> {
  const out: Outcome[] = []
  for (const o of ops) out.push(await zeepClient.call(`https://${host}:8443/axl/`, o.op, o.args ?? {}))
  return out
}

function ok(o: Outcome): any {
  assert.ok(o.ok !== undefined, JSON.stringify(o))
  return o.ok
}

/** Control Center's soapDoControlServices, as Cisco's published samples post it. */
async function controlServices(
  host: string,
  node: string,
  type: 'Start' | 'Stop' | 'Restart',
  services: string[],
): Promise<string> {
  const inner = `<soap:ControlServiceRequest><soap:NodeName>${node}</soap:NodeName><soap:ControlType>${type}</soap:ControlType><soap:ServiceList>${services.map((s) => `<soap:item>${s}</soap:item>`).join('')}</soap:ServiceList></soap:ControlServiceRequest>`
  const r = await request(host, 8443, {
    path: '/controlcenterservice2/services/ControlCenterServices',
    body: astEnvelope('soapDoControlServices', inner),
    auth: `${USER}:${PASSWORD}`,
    headers: {SOAPAction: 'http://schemas.cisco.com/ast/soap/action/#ControlCenterServices#soapDoControlServices'},
  })
  assert.equal(r.status, 200, r.body)
  return r.body
}

type PageStep = {op: 'list'} | {op: 'update'; fields: Record<string, string>}

/** Onboarding page calls through either client (one cisco-axl process for all of them); each page as a plain object. */
async function pages(client: 'cisco-axl' | 'zeep', host: string, steps: PageStep[]): Promise<any[]> {
  const listTags = {searchCriteria: {}, returnedTags: {}}
  if (client === 'cisco-axl') {
    const out = await ciscoAxl(
      host,
      steps.map((st) =>
        st.op === 'list'
          ? {op: 'listCiscoCloudOnboarding', tags: listTags}
          : {op: 'updateCiscoCloudOnboarding', tags: st.fields},
      ),
    )
    return out.map((r, i) => {
      const v = ok(r)
      return steps[i].op === 'list'
        ? {...v.ciscoCloudOnboarding[0], uuid: v.ciscoCloudOnboarding[0].attributes.uuid}
        : v
    })
  }
  const out = await zeep(
    host,
    steps.map((st) =>
      st.op === 'list'
        ? {op: 'listCiscoCloudOnboarding', args: listTags}
        : {op: 'updateCiscoCloudOnboarding', args: st.fields},
    ),
  )
  return out.map((r, i) => (steps[i].op === 'list' ? ok(r).return.ciscoCloudOnboarding[0] : ok(r).return))
}

/**
 * The guide's task flow over AXL: OAuth refresh logins (through zeep), then the Cisco Cloud Onboarding page through
 * the given client: Generate Voucher, the check boxes, Save; Cisco Tomcat restarted from the CLI; Save again.
 */
async function onboardOverAxl(sb: Sandbox, cluster: string, pub: string, client: 'cisco-axl' | 'zeep'): Promise<void> {
  ok(
    (
      await zeep(pub, [
        {
          op: 'updateServiceParameter',
          args: {
            processNodeName: 'EnterpriseWideData',
            name: 'oAuthWithRefreshLoginFlow',
            service: 'Enterprise Wide',
            value: 'T',
          },
        },
      ])
    )[0],
  )
  const [first] = await pages(client, pub, [{op: 'list'}])
  assert.equal(first.onboardingRegistrationStatus, 'Voucher Details unavailable')
  const uuid = first.uuid as string
  const [, , saved] = await pages(client, pub, [
    {op: 'update', fields: {uuid, voucherExists: 'true'}},
    {op: 'update', fields: {uuid, enablePushNotifications: 'true', enableTrustCACertificate: 'true'}},
    {op: 'list'},
  ])
  assert.equal(saved.onboardingRegistrationStatus, 'Onboarding pending')
  assert.equal(
    [saved.errorStatus.status].flat()[0],
    'Restart Cisco Tomcat on all nodes to install the Cisco-managed certificates',
  )
  // Cisco Tomcat is restarted from the CLI, as the guide does it (never through Control Center).
  await sb.ok(['utils', 'service', 'restart', 'Cisco', 'Tomcat', '--all-nodes', '--cluster', cluster])
  const [, done] = await pages(client, pub, [
    {op: 'update', fields: {uuid, enablePushNotifications: 'true', enableTrustCACertificate: 'true'}},
    {op: 'list'},
  ])
  assert.equal(done.onboardingRegistrationStatus, 'Onboarding completed')
}

describe('serve https with unmodified AXL and Control Center clients: onboarding and the manual token repair', function () {
  this.timeout(240_000)
  let sb: Sandbox
  const servers: HttpsProcess[] = []

  before(async () => {
    zeepClient = ZeepClient.start(join(ROOT, 'test', 'process', 'clients', 'axl_zeep.py'), WSDL, USER, PASSWORD)
    sb = new Sandbox()
    await sb.ok(LAB)
    await sb.ok(['cluster', 'create', 'new', '--version', '14SU3', '--publisher', 'new-pub'])
    await sb.ok([
      'cluster',
      'create',
      'cli',
      '--version',
      '14SU3',
      '--publisher',
      'cli-pub',
      '--subscriber',
      'cli-sub1',
      '--imp-publisher',
      'cli-imp',
    ])
    await sb.ok(['account', 'add', USER, '--password-stdin'], 0, {input: `${PASSWORD}\n`})
    servers.push(
      await HttpsProcess.start(sb, [
        '--cluster',
        'lab',
        '--all-nodes',
        '--host',
        LAB_HOSTS['cucm-pub'],
        '--port',
        '8443',
      ]),
    )
    servers.push(
      await HttpsProcess.start(sb, ['--cluster', 'new', '--all-nodes', '--host', NEW_HOST, '--port', '8443']),
    )
  })

  after(async () => {
    for (const s of servers) await s.stop()
    await zeepClient?.stop()
    sb?.remove()
  })

  it('reads the version, the nodes and the database with both clients', async () => {
    const [version, nodes, rows] = await ciscoAxl(LAB_HOSTS['cucm-pub'], [
      {op: 'getCCMVersion', tags: {processNodeName: ''}},
      {op: 'listProcessNode', tags: {searchCriteria: {name: '%'}, returnedTags: {name: '', nodeUsage: ''}}},
      {
        op: 'executeSQLQuery',
        tags: {sql: "select name, tknodeusage from processnode where name like 'cucm%' order by name"},
      },
    ])
    assert.match(ok(version).componentVersion.version, /^14\.0\.1\.\d+-\d+$/)
    const list = ok(nodes).processNode
    assert.deepEqual(
      list.map((n: any) => n.name),
      ['EnterpriseWideData', 'cucm-pub', 'cucm-sub1', 'imp-pub'],
    )
    assert.equal(list[0].attributes.uuid, '{00000000-1111-0000-0000-000000000000}')
    assert.deepEqual(ok(rows).row, [
      {name: 'cucm-pub', tknodeusage: '0'},
      {name: 'cucm-sub1', tknodeusage: '1'},
    ])
    const [z] = await zeep(LAB_HOSTS['cucm-sub1'], [
      {op: 'executeSQLQuery', args: {sql: "select name from processnode where name = 'imp-pub'"}},
    ])
    assert.deepEqual(ok(z).return.row, [[{name: 'imp-pub'}]])
  })

  it('runs the onboarding task flow over AXL and Control Center, leaving the state the CLI procedure leaves', async () => {
    await onboardOverAxl(sb, 'lab', LAB_HOSTS['cucm-pub'], 'cisco-axl')
    // The restarts the page asks for, through Control Center on each node.
    await controlServices(LAB_HOSTS['cucm-pub'], 'cucm-pub', 'Restart', ['Cisco Push Notification Service'])
    await controlServices(LAB_HOSTS['cucm-sub1'], 'cucm-sub1', 'Restart', ['Cisco Push Notification Service'])
    const imp = await controlServices(LAB_HOSTS['imp-pub'], 'imp-pub', 'Restart', [
      'Cisco XCP Config Manager',
      'Cisco XCP Router',
    ])
    assert.match(
      imp,
      /<ns1:ServiceName>Cisco XCP Router<\/ns1:ServiceName><ns1:ServiceStatus>Started<\/ns1:ServiceStatus>/,
    )

    // The same procedure from the CLI, on a cluster of the same shape.
    await sb.ok(['param', 'enterprise', 'set', 'oauth-refresh-login-flow', 'Enabled', '--cluster', 'cli'])
    await onboard(sb, ['--cluster', 'cli'])
    await sb.ok([
      'utils',
      'service',
      'restart',
      'Cisco',
      'Push',
      'Notification',
      'Service',
      '--all-nodes',
      '--cluster',
      'cli',
    ])
    await sb.ok(['utils', 'service', 'restart', 'Cisco', 'XCP', 'Config', 'Manager', '--node', 'cli-imp'])
    await sb.ok(['utils', 'service', 'restart', 'Cisco', 'XCP', 'Router', '--node', 'cli-imp'])

    const view = async (cluster: string) => {
      const s = (await sb.ok(['onboarding', 'status', '--cluster', cluster, '--json'])).json()
      const p = (await sb.ok(['param', 'enterprise', 'list', '--cluster', cluster, '--json'])).json()
      const t = (await sb.ok(['token', 'status', '--cluster', cluster, '--json'])).json()
      return {
        status: s.status,
        statusMessage: s.statusMessage,
        flags: [s.pushEnabled, s.manageCerts, s.troubleshooting, s.encryptedPii, s.proxy],
        pending: s.pendingRestarts,
        params: p.parameters.map((x: any) => [x.id, x.value]),
        tokens: t.nodes.map((n: any) => [n.service, n.valid]),
      }
    }
    const overAxl = await view('lab')
    assert.equal(overAxl.status, 'Cloud Onboarding Completed')
    assert.deepEqual(overAxl.pending, [])
    assert.deepEqual(overAxl.tokens, [
      ['Cisco Push Notification Service', true],
      ['Cisco Push Notification Service', true],
      ['Cisco XCP Config Manager', true],
    ])
    assert.deepEqual(overAxl, await view('cli'))
  })

  it('repairs an expired refresh token with the manual procedure over AXL and Control Center', async () => {
    // Steps 1 to 4: a new server of the same release, onboarded (over AXL too, with zeep), its push service restarted.
    await onboardOverAxl(sb, 'new', NEW_HOST, 'zeep')
    await controlServices(NEW_HOST, 'new-pub', 'Restart', ['Cisco Push Notification Service'])
    await sb.ok(['sim', 'fault', 'token-expire', '--cluster', 'lab'])
    const before = (await sb.ok(['token', 'status', '--cluster', 'lab', '--json'])).json()
    assert.ok(before.nodes.every((n: any) => n.valid === false))

    // Step 5: the refresh token of the new machine; step 6: written on the affected publisher.
    const [fresh] = await zeep(NEW_HOST, [
      {op: 'executeSQLQuery', args: {sql: 'select refreshtoken from machineaccountdetails'}},
    ])
    const token = ok(fresh).return.row[0][0].refreshtoken as string
    assert.ok(token.length > 20)
    const [old] = await ciscoAxl(LAB_HOSTS['cucm-pub'], [
      {op: 'executeSQLQuery', tags: {sql: 'select pkid from machineaccountdetails'}},
    ])
    const rowsOld = ok(old).row
    const pkid = (Array.isArray(rowsOld) ? rowsOld[0] : rowsOld).pkid
    const [upd] = await ciscoAxl(LAB_HOSTS['cucm-pub'], [
      {
        op: 'executeSQLUpdate',
        tags: {sql: `update machineaccountdetails set refreshtoken='${token}' where pkid='${pkid}'`},
      },
    ])
    assert.equal(Number(ok(upd).rowsUpdated), 1)

    // Step 7: the restarts, through Control Center on each node (Cisco Tomcat from the CLI).
    for (const node of ['cucm-pub', 'cucm-sub1'] as const) {
      await controlServices(LAB_HOSTS[node], node, 'Restart', [
        'Cisco Management Agent Service',
        'Cisco Push Notification Service',
      ])
    }
    await controlServices(LAB_HOSTS['imp-pub'], 'imp-pub', 'Restart', ['Cisco XCP Config Manager', 'Cisco XCP Router'])
    await sb.ok(['utils', 'service', 'restart', 'Cisco', 'Tomcat', '--all-nodes', '--cluster', 'lab'])

    // Step 8: every node's replica holds the new token, read over AXL on that node.
    for (const host of Object.values(LAB_HOSTS)) {
      const [r] = await zeep(host, [
        {op: 'executeSQLQuery', args: {sql: 'select refreshtoken from machineaccountdetails'}},
      ])
      assert.equal(ok(r).return.row[0][0].refreshtoken, token, host)
    }
    const after = (await sb.ok(['token', 'status', '--cluster', 'lab', '--json'])).json()
    assert.deepEqual(
      after.nodes.map((n: any) => [n.node, n.valid]),
      [
        ['cucm-pub', true],
        ['cucm-sub1', true],
        ['imp-pub', true],
      ],
    )
  })
})
