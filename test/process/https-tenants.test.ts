import assert from 'node:assert/strict'
import {mkdirSync} from 'node:fs'
import https from 'node:https'
import {join} from 'node:path'

import {execa} from 'execa'

import {BIN, LAB, ROOT, Sandbox} from '../helpers.js'
import {HttpsProcess, ZeepClient, astEnvelope, axlEnvelope, request} from './https-server.js'
import {firstLine, logged} from './server-log.js'
import {Client} from './web-pages.js'

/**
 * Issue 23 item 1, the HTTPS half: `serve https --tenants DIR` against a real server process. alice and bob log in
 * to one server with HTTP Basic (AXL through Debian's python3-zeep, Control Center) and with the pages' form login,
 * and each works on its own lab DIR/ACCOUNT.db; accounts, lock-outs and the certificate stay in the server's state.
 */

const HOST = '127.27.0.1'
const BARE = '127.27.0.2'
const EXAMPLE = join(ROOT, 'labs', 'example.yaml')
const WSDL = join(ROOT, 'node_modules', 'cisco-axl', 'schema', '14.0', 'AXLAPI.wsdl')
const PW: Record<string, string> = {alice: 'Alice-pass1', bob: 'Bob-pass12', carol: 'Carol-pass1', dave: 'Dave-pass12'}
const auth = (user: string) => `${user}:${PW[user]}`

const EXPIRY = (value?: string) =>
  `<processNodeName>EnterpriseWideData</processNodeName><name>oauthTokenExpiryTimer</name><service>Enterprise Wide</service>${value === undefined ? '' : `<value>${value}</value>`}`

function axl(port: number, user: string, op: string, inner = '', host = HOST) {
  return request(host, port, {
    body: axlEnvelope(op, inner),
    auth: auth(user),
    headers: {SOAPAction: `"CUCM:DB ver=14.0 ${op}"`},
  })
}

function controlCenter(port: number, user: string, op: string, inner: string) {
  return request(HOST, port, {
    path: '/controlcenterservice2/services/ControlCenterServices',
    body: astEnvelope(op, inner),
    auth: auth(user),
    headers: {SOAPAction: `http://schemas.cisco.com/ast/soap/action/#ControlCenterServices#${op}`},
  })
}

const valueOf = (body: string) => /<value>([^<]*)<\/value>/.exec(body)?.[1]

describe('serve https --tenants: a lab per account over AXL, Control Center and the pages', function () {
  this.timeout(180_000)
  const sb = new Sandbox()
  const dir = join(sb.dir, 'class')
  const bare = join(sb.dir, 'bare')
  let server: HttpsProcess
  let zeepAlice: ZeepClient

  before(async () => {
    mkdirSync(dir, {mode: 0o700})
    mkdirSync(bare, {mode: 0o700})
    for (const name of ['alice', 'bob', 'carol'])
      await sb.ok(['account', 'add', name, '--password-stdin'], 0, {input: `${PW[name]}\n`})
    // alice's lab is put in place by the trainer (not from the template): it has a node bob's lab does not have.
    const alice = {env: {UCADMIN_DB: join(dir, 'alice.db')}}
    await sb.ok(LAB, 0, alice)
    await sb.ok(['cluster', 'add-node', 'alice-sub', '--role', 'subscriber', '--cluster', 'lab'], 0, alice)
    server = await HttpsProcess.start(sb, ['--host', HOST, '--port', '0', '--tenants', dir, '--template', EXAMPLE])
    zeepAlice = ZeepClient.start(join(ROOT, 'test', 'process', 'clients', 'axl_zeep.py'), WSDL, 'alice', PW.alice)
  })

  after(async () => {
    await zeepAlice?.stop()
    await server?.stop()
    sb.remove()
  })

  it('prints one JSON line with the tenants folder and the certificate kept in the server state', async () => {
    assert.equal(server.stdout.split('\n').length, 2)
    assert.equal(server.doc.host, HOST)
    assert.equal((server.doc as unknown as {tenants: string}).tenants, dir)
    assert.equal(server.doc.node, null)
    const r = await axl(server.port, 'bob', 'getCCMVersion')
    assert.equal(r.status, 200, r.body)
    assert.equal(r.peer?.fingerprint256, server.doc.fingerprint)
    assert.equal(r.peer?.subjectCN, 'localhost')
  })

  it('alice and bob change their own labs through AXL (zeep) and Control Center, and see only their own', async () => {
    const url = `https://${HOST}:${server.port}/axl/`
    const set = await zeepAlice.call(url, 'updateServiceParameter', {
      processNodeName: 'EnterpriseWideData',
      name: 'oauthTokenExpiryTimer',
      service: 'Enterprise Wide',
      value: '120',
    })
    assert.ok(set.ok !== undefined, JSON.stringify(set))
    const bobSet = await axl(server.port, 'bob', 'updateServiceParameter', EXPIRY('90'))
    assert.equal(bobSet.status, 200, bobSet.body)

    const mine = await zeepAlice.call(url, 'getServiceParameter', {
      processNodeName: 'EnterpriseWideData',
      name: 'oauthTokenExpiryTimer',
      service: 'Enterprise Wide',
    })
    assert.equal(mine.ok?.return?.serviceParameter?.value, '120', JSON.stringify(mine))
    assert.equal(valueOf((await axl(server.port, 'bob', 'getServiceParameter', EXPIRY())).body), '90')
    // The trainer's view of each file agrees; the server's own state file has no lab at all.
    const param = (db: string) =>
      sb
        .ok(['param', 'enterprise', 'list', '--json'], 0, {env: {UCADMIN_DB: db}})
        .then((r) => r.json().parameters.find((p: {id: string}) => p.id === 'oauth-access-token-expiry').value)
    assert.equal(await param(join(dir, 'alice.db')), '120')
    assert.equal(await param(join(dir, 'bob.db')), '90')
    assert.equal((await sb.run(['cluster', 'show'])).exitCode, 2)

    // Control Center: bob stops a service on his publisher; alice's stays up.
    const service = 'Cisco Trace Collection Service'
    const stop = await controlCenter(
      server.port,
      'bob',
      'soapDoControlServices',
      `<soap:ControlServiceRequest><soap:NodeName>cucm-pub</soap:NodeName><soap:ControlType>Stop</soap:ControlType><soap:ServiceList><soap:item>${service}</soap:item></soap:ServiceList></soap:ControlServiceRequest>`,
    )
    assert.equal(stop.status, 200, stop.body)
    const state = async (user: string) => {
      const r = await controlCenter(
        server.port,
        user,
        'soapGetServiceStatus',
        `<soap:ServiceStatus>${service}</soap:ServiceStatus>`,
      )
      assert.equal(r.status, 200, r.body)
      return /<ns1:ServiceStatus[^>]*>([^<]*)</.exec(r.body)?.[1]
    }
    assert.equal(await state('bob'), 'Stopped')
    assert.equal(await state('alice'), 'Started')
  })

  it("one tenant cannot reach another's lab: a node only alice's lab has is not found for bob", async () => {
    const sql = "select name from processnode where name = 'alice-sub'"
    assert.match((await axl(server.port, 'alice', 'executeSQLQuery', `<sql>${sql}</sql>`)).body, /alice-sub/)
    assert.doesNotMatch((await axl(server.port, 'bob', 'executeSQLQuery', `<sql>${sql}</sql>`)).body, /alice-sub/)
    // No statement reaches another file.
    const attach = await axl(
      server.port,
      'bob',
      'executeSQLUpdate',
      `<sql>attach database '${join(dir, 'alice.db')}' as a</sql>`,
    )
    assert.equal(attach.status, 500, attach.body)
    assert.doesNotMatch(
      (await axl(server.port, 'bob', 'executeSQLQuery', `<sql>select * from a.processnode</sql>`)).body,
      /alice-sub/,
    )
    // Control Center on a node of alice's lab, asked by bob: the normal answer for a node that is not this one.
    const r = await controlCenter(
      server.port,
      'bob',
      'soapDoControlServices',
      '<soap:ControlServiceRequest><soap:NodeName>alice-sub</soap:NodeName><soap:ControlType>Stop</soap:ControlType><soap:ServiceList><soap:item>Cisco CallManager</soap:item></soap:ServiceList></soap:ControlServiceRequest>',
    )
    assert.equal(r.status, 500)
    assert.match(r.body, /NodeName alice-sub is not this node \(cucm-pub\)/)
  })

  it('judges availability in the tenant lab: alice without Tomcat gets no answer, bob still does', async () => {
    const alice = {env: {UCADMIN_DB: join(dir, 'alice.db')}}
    await sb.ok(['utils', 'service', 'stop', 'Cisco', 'Tomcat', '--node', 'cucm-pub'], 0, alice)
    await assert.rejects(axl(server.port, 'alice', 'getCCMVersion'), /ECONNRESET|socket hang up/)
    assert.equal((await axl(server.port, 'bob', 'getCCMVersion')).status, 200)
    await sb.ok(['utils', 'service', 'start', 'Cisco', 'Tomcat', '--node', 'cucm-pub'], 0, alice)
    await sb.ok(['utils', 'service', 'stop', 'Cisco', 'AXL', 'Web', 'Service', '--node', 'cucm-pub'], 0, alice)
    const r = await axl(server.port, 'alice', 'getCCMVersion')
    assert.equal(r.status, 503)
    assert.match(r.body, /Cisco AXL Web Service is not running on this node/)
    assert.equal((await axl(server.port, 'bob', 'getCCMVersion')).status, 200)
    await sb.ok(['utils', 'service', 'start', 'Cisco', 'AXL', 'Web', 'Service', '--node', 'cucm-pub'], 0, alice)
    assert.equal((await axl(server.port, 'alice', 'getCCMVersion')).status, 200)
  })

  it('pages: each form login works on its own lab; a change made through a page stays in it', async () => {
    const base = `https://${HOST}:${server.port}`
    const a = new Client(base)
    const b = new Client(base)
    const login = (c: Client, user: string) =>
      c.post('/ccmservice/j_security_check', {appNav: 'ccmservice', j_username: user, j_password: PW[user]})
    assert.equal((await login(a, 'alice')).status, 302)
    assert.equal((await login(b, 'bob')).status, 302)
    const feature = (c: Client) => c.get('/ccmservice/featureServices.do')
    const pa = await feature(a)
    const pb = await feature(b)
    assert.match(pa.body, /Logged in as alice/)
    assert.match(pb.body, /Logged in as bob/)
    // alice-sub is a server of alice's lab only.
    assert.match(pa.body, /alice-sub/)
    assert.doesNotMatch(pb.body, /alice-sub/)
    // alice stops a network service through the page; bob's lab (and his page) keep it running.
    const csrf = /name="csrf" value="([^"]+)"/.exec(
      (await a.get('/ccmservice/networkServices.do?server=imp-pub')).body,
    )![1]
    const stopped = await a.post('/ccmservice/networkServices.do?server=imp-pub', {
      csrf,
      action: 'Stop',
      service: 'Cisco XCP Router',
    })
    assert.match(stopped.body, /Cisco XCP Router Service Stop Operation was Successful/)
    const router = (db: string) =>
      sb
        .ok(['utils', 'service', 'list', '--node', 'imp-pub', '--json'], 0, {env: {UCADMIN_DB: db}})
        .then((r) => r.json().services.find((x: {name: string}) => x.name === 'Cisco XCP Router').state)
    assert.equal(await router(join(dir, 'alice.db')), 'STOPPED')
    assert.equal(await router(join(dir, 'bob.db')), 'STARTED')
    // bob asking for a server only alice's lab has gets his own first server, as for any unknown name.
    const other = await b.get('/ccmservice/featureServices.do?server=alice-sub')
    assert.equal(other.status, 200)
    assert.doesNotMatch(other.body, /alice-sub/)
  })

  it('makes a new tenant from the template, and refuses a tenant with no lab and no template with the reason', async () => {
    // carol has no lab yet: the template makes one.
    assert.equal((await axl(server.port, 'carol', 'getCCMVersion')).status, 200)
    const list = (await sb.ok(['tenants', 'list', '--dir', dir, '--json'])).json()
    assert.deepEqual(
      list.tenants.map((t: {name: string}) => t.name),
      ['alice', 'bob', 'carol'],
    )
    // Every https login is a login: tenants list shows when.
    assert.ok(
      list.tenants.every((t: {lastLogin: string | null}) => t.lastLogin !== null),
      JSON.stringify(list),
    )

    const other = await HttpsProcess.start(sb, ['--host', BARE, '--port', '0', '--tenants', bare, '--lockout', '2'])
    try {
      await logged(other, /no template, so an account with no lab there is refused/)
      const r = await axl(other.port, 'alice', 'getCCMVersion', '', BARE)
      assert.equal(r.status, 403)
      assert.match(r.body, /<faultstring>There is no lab for alice yet, and the server has no template/)
      assert.match(r.body, /serve https --tenants DIR with --template/)
      // A wrong password is a wrong password (401), before any lab is looked at; lock-outs are the server's.
      const from = {localAddress: '127.27.9.9'}
      for (let i = 0; i < 2; i++) {
        const bad = await request(BARE, other.port, {body: axlEnvelope('getCCMVersion'), auth: 'bob:wrong', ...from})
        assert.equal(bad.status, 401)
      }
      const locked = await request(BARE, other.port, {body: axlEnvelope('getCCMVersion'), auth: auth('bob')})
      assert.equal(locked.status, 401)
      const page = await new Client(`https://${BARE}:${other.port}`).post('/ccmadmin/j_security_check', {
        appNav: 'ccmadmin',
        j_username: 'alice',
        j_password: PW.alice,
      })
      assert.equal(page.status, 200)
      assert.match(page.body, /There is no lab for alice yet/)
    } finally {
      await other.stop()
    }
  })

  it("a lab with no cluster (its tenant ran state reset) is refused with a fix for the tenant's lab that works when pasted", async () => {
    // dave's lab is empty: the trainer put an empty state file in place (as `state reset` leaves it).
    await sb.ok(['state', 'reset', '--yes'], 0, {env: {UCADMIN_DB: join(dir, 'dave.db')}})
    await sb.ok(['account', 'add', 'dave', '--password-stdin'], 0, {input: `${PW.dave}\n`})
    const r = await axl(server.port, 'dave', 'getCCMVersion')
    assert.equal(r.status, 403)
    // Not `ucadmin cluster create`, which on the server would act on the server's own state file.
    assert.doesNotMatch(r.body, /cluster create/)
    const fix =
      /On the server: ucadmin (tenants reset dave --dir \S+ --yes); or over SSH as dave: state restore template --yes\./.exec(
        r.body,
      )
    assert.ok(fix, r.body)
    await sb.ok(fix[1].split(' '))
    assert.equal((await axl(server.port, 'dave', 'getCCMVersion')).status, 200)
    await sb.ok(['tenants', 'delete', 'dave', '--dir', dir, '--yes'])
    await sb.ok(['account', 'delete', 'dave'])
  })

  it('writes each tenant its own Tomcat access log', async () => {
    const tail = async (user: string) => {
      let out = ''
      for (let i = 0; i < 100 && !out.includes(` - ${user} [`); i++) {
        out = (
          await sb.ok(['file', 'tail', 'activelog', 'tomcat/logs/', '--lines', '500'], 0, {
            env: {UCADMIN_DB: join(dir, `${user}.db`), UCADMIN_NODE: 'cucm-pub'},
          })
        ).stdout
        if (!out.includes(` - ${user} [`)) await new Promise((r) => setTimeout(r, 50))
      }
      return out
    }
    const a = await tail('alice')
    const b = await tail('bob')
    assert.match(a, /- alice \[.*\] "POST \/axl\/ HTTP\/1\.1" 200/)
    assert.doesNotMatch(a, / - bob \[/)
    assert.match(b, /- bob \[.*\] "POST \/controlcenterservice2/)
    assert.doesNotMatch(b, / - alice \[/)
  })

  it('refuses --all-nodes and a --template without --tenants with exit 2, before listening', async () => {
    for (const args of [
      ['serve', 'https', '--tenants', dir, '--all-nodes', '--port', '0'],
      ['serve', 'https', '--template', EXAMPLE, '--port', '0'],
      ['serve', 'https', '--tenants', join(sb.dir, 'nope'), '--port', '0'],
    ]) {
      const r = await sb.spawn(args)
      assert.equal(r.exitCode, 2, `${args.join(' ')}: ${r.stderr}`)
      assert.match(r.stderr, /^Error: [^\n]+\n/)
      assert.equal(r.stdout, '')
    }
  })

  it("a keep-alive connection carrying two tenants' requests: each works on its own account's lab", async () => {
    const agent = new https.Agent({keepAlive: true, maxSockets: 1})
    const inner = '<sql>select name from processnode order by name</sql>'
    const a = await request(HOST, server.port, {
      body: axlEnvelope('executeSQLQuery', inner),
      auth: auth('alice'),
      agent,
    })
    const b = await request(HOST, server.port, {body: axlEnvelope('executeSQLQuery', inner), auth: auth('bob'), agent})
    agent.destroy()
    assert.match(a.body, /alice-sub/)
    assert.doesNotMatch(b.body, /alice-sub/)
  })
})

describe('serve https --json --exit-on-stdin-close', function () {
  this.timeout(60_000)
  const sb = new Sandbox()
  after(() => sb.remove())

  it('prints its address on one line and stops when the process that started it goes away', async () => {
    const dir = join(sb.dir, 'class')
    mkdirSync(dir, {mode: 0o700})
    const child = execa(
      'node',
      [BIN, 'serve', 'https', '--port', '0', '--tenants', dir, '--json', '--exit-on-stdin-close'],
      {env: sb.commandEnv(), extendEnv: false, reject: false, stdin: 'pipe'},
    )
    const line = await firstLine(child.stdout!)
    const doc = JSON.parse(line)
    assert.equal(doc.tenants, dir)
    assert.ok(doc.ports[0] > 0)
    child.stdin!.end()
    const r = await child
    assert.equal(r.exitCode, 0, r.stderr as string)
    assert.match(r.stderr as string, /stopping \(SIGTERM\)|"event":"stopping/)
  })
})
