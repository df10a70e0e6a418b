import assert from 'node:assert/strict'

import {LAB, Sandbox} from '../helpers.js'
import {HttpsProcess, astEnvelope, axlEnvelope, request} from './https-server.js'

/** AXL and Control Center answers and refusals, with raw SOAP as scripts send it (one server, every node). */
const HOST = '127.24.0.1'
const AUTH = 'admin:Adm1n-pass'
const CC = '/controlcenterservice2/services/ControlCenterServices'
const CCX = '/controlcenterservice2/services/ControlCenterServicesEx'

describe('serve https: AXL and Control Center answers and refusals', function () {
  this.timeout(90_000)
  let sb: Sandbox
  let server: HttpsProcess
  let nodes: Record<string, {host: string; port: number}>

  const axl = (node: string, op: string, inner = '', version = '14.0', action?: string) =>
    request(nodes[node].host, nodes[node].port, {
      body: axlEnvelope(op, inner, version),
      auth: AUTH,
      headers: {SOAPAction: action ?? `"CUCM:DB ver=${version} ${op}"`},
    })
  const cc = (node: string, op: string, inner = '', path = CC) =>
    request(nodes[node].host, nodes[node].port, {path, body: astEnvelope(op, inner), auth: AUTH})
  const faultOf = (body: string) => /<faultstring>([^<]*)<\/faultstring>/.exec(body)?.[1]
  const axlcode = (body: string) => /<axlcode>([^<]*)<\/axlcode>/.exec(body)?.[1]

  before(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
    await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: 'Adm1n-pass\n'})
    server = await HttpsProcess.start(sb, ['--all-nodes', '--host', HOST, '--port', '0', '--axl-write-limit', '1000'])
    nodes = Object.fromEntries(server.doc.nodes.map((n) => [n.node, {host: n.host, port: n.ports[0]}]))
  })

  after(async () => {
    await server?.stop()
    sb?.remove()
  })

  describe('AXL versions and operations', () => {
    it('takes the version from SOAPAction or from the namespace', async () => {
      const a = await axl('cucm-pub', 'getCCMVersion', '', '12.5')
      assert.equal(a.status, 200)
      assert.match(a.body, /<ns:getCCMVersionResponse xmlns:ns="http:\/\/www\.cisco\.com\/AXL\/API\/12\.5">/)
      const b = await request(nodes['cucm-pub'].host, nodes['cucm-pub'].port, {
        body: axlEnvelope('getCCMVersion', '', '11.5'),
        auth: AUTH,
      })
      assert.equal(b.status, 200)
      assert.match(b.body, /AXL\/API\/11\.5/)
      // Some scripts send the 1.0 namespace for getCCMVersion only.
      const c = await request(nodes['cucm-pub'].host, nodes['cucm-pub'].port, {
        body: axlEnvelope('getCCMVersion', '', '1.0'),
        auth: AUTH,
      })
      assert.equal(c.status, 200)
      assert.match(c.body, /<version>14\.0\.1\.\d+-\d+<\/version>/)
    })

    it('refuses a version newer than the release, an operation the version does not have, and no version', async () => {
      const newer = await axl('cucm-pub', 'getCCMVersion', '', '15.0')
      assert.equal(newer.status, 500)
      assert.match(
        faultOf(newer.body)!,
        /^Unsupported AXL version 15\.0: this node \(release 14SU3\) answers AXL 10\.0, 10\.5, 11\.0, 11\.5, 12\.0, 12\.5, 14\.0\.$/,
      )
      const old = await axl('cucm-pub', 'listCiscoCloudOnboarding', '<searchCriteria/><returnedTags/>', '12.0')
      assert.equal(old.status, 500)
      assert.equal(
        faultOf(old.body),
        'The endpoint reference (EPR) for the Operation not found is /axl/services/AXLAPIService and the WSA Action = CUCM:DB ver=12.0 listCiscoCloudOnboarding',
      )
      const unknown = await axl('cucm-pub', 'getPhone', '<name>SEP001122334455</name>')
      assert.match(faultOf(unknown.body)!, /^The endpoint reference \(EPR\) for the Operation not found/)
      const none = await request(nodes['cucm-pub'].host, nodes['cucm-pub'].port, {
        body: axlEnvelope('getCCMVersion').replace(/\/AXL\/API\/14\.0/, '/other'),
        auth: AUTH,
      })
      assert.match(faultOf(none.body)!, /^The AXL version is missing/)
      const junk = await request(nodes['cucm-pub'].host, nodes['cucm-pub'].port, {body: '<not xml', auth: AUTH})
      assert.equal(junk.status, 500)
      assert.match(faultOf(junk.body)!, /^The request is not well-formed XML/)
    })

    it('listCiscoCloudOnboarding shows the proxy the CLI saved, and no proxy once it is off', async () => {
      await sb.ok(['onboarding', 'save', '--proxy', 'http://proxy.example.com:3128'])
      const on = await axl('cucm-pub', 'listCiscoCloudOnboarding', '<searchCriteria/><returnedTags/>')
      assert.equal(on.status, 200)
      assert.match(
        on.body,
        /<enableHttpProxy>true<\/enableHttpProxy><httpProxyAddress>http:\/\/proxy\.example\.com:3128<\/httpProxyAddress>/,
      )
      await sb.ok(['onboarding', 'save', '--proxy', 'off'])
      const off = await axl('cucm-pub', 'listCiscoCloudOnboarding', '<searchCriteria/><returnedTags/>')
      assert.match(off.body, /<enableHttpProxy>false<\/enableHttpProxy><httpProxyAddress\/>/)
    })

    it('lists the process nodes with the EnterpriseWideData pseudo-node', async () => {
      const r = await axl(
        'cucm-pub',
        'listProcessNode',
        '<searchCriteria><name>cucm%</name></searchCriteria><returnedTags><name/></returnedTags>',
      )
      assert.equal(r.status, 200)
      assert.deepEqual(
        [...r.body.matchAll(/<name>([^<]*)<\/name>/g)].map((m) => m[1]),
        ['cucm-pub', 'cucm-sub1'],
      )
      const all = await axl(
        'cucm-pub',
        'listProcessNode',
        '<searchCriteria><name>%</name></searchCriteria><returnedTags/>',
      )
      assert.match(
        all.body,
        /<processNode uuid="\{00000000-1111-0000-0000-000000000000\}"><name>EnterpriseWideData<\/name>/,
      )
    })
  })

  describe('executeSQLQuery and executeSQLUpdate', () => {
    it("applies run sql's rules and gives its refusals as faults with Informix's codes", async () => {
      const table = await axl('cucm-pub', 'executeSQLQuery', '<sql>select * from device</sql>')
      assert.equal(table.status, 500)
      assert.equal(faultOf(table.body), 'The specified table (device) is not in the database.')
      assert.equal(axlcode(table.body), '-206')
      const syntax = await axl('cucm-pub', 'executeSQLQuery', '<sql>selec name from processnode</sql>')
      assert.equal(axlcode(syntax.body), '-201')
      const readOnly = await axl('cucm-pub', 'executeSQLUpdate', "<sql>update processnode set description = 'x'</sql>")
      assert.match(faultOf(readOnly.body)!, /^processnode is maintained by ucadmin/)
      const wrongOp = await axl(
        'cucm-pub',
        'executeSQLQuery',
        "<sql>delete from machineaccountdetails where pkid = 'x'</sql>",
      )
      assert.match(faultOf(wrongOp.body)!, /^executeSQLQuery runs select statements only/)
      const wrongOp2 = await axl('cucm-pub', 'executeSQLUpdate', '<sql>select * from processnode</sql>')
      assert.match(faultOf(wrongOp2.body)!, /^executeSQLUpdate runs insert, update and delete statements only/)
    })

    it('sends a write on a subscriber to the publisher, as run sql does there', async () => {
      const r = await axl(
        'cucm-sub1',
        'executeSQLUpdate',
        "<sql>insert into machineaccountdetails (machineaccountname, refreshtoken) values ('via-sub1', 'tok')</sql>",
      )
      assert.equal(r.status, 200, r.body)
      assert.match(r.body, /<rowsUpdated>1<\/rowsUpdated>/)
      for (const node of ['cucm-pub', 'imp-pub']) {
        const rows = (
          await sb.ok([
            'run',
            'sql',
            "select machineaccountname from machineaccountdetails where machineaccountname = 'via-sub1'",
            '--node',
            node,
            '--json',
          ])
        ).json().rows
        assert.equal(rows.length, 1, node)
      }
      const d = await axl(
        'cucm-sub1',
        'executeSQLUpdate',
        "<sql>delete from machineaccountdetails where machineaccountname = 'via-sub1'</sql>",
      )
      assert.match(d.body, /<rowsUpdated>1<\/rowsUpdated>/)
    })

    it('returns NULL as an empty element and names expressions as Informix does', async () => {
      const r = await axl(
        'cucm-pub',
        'executeSQLQuery',
        "<sql>select count(*), fklbmhubgroup from processnode where name = 'cucm-pub' group by fklbmhubgroup</sql>",
      )
      assert.equal(r.status, 200, r.body)
      assert.match(r.body, /<return><row><count>1<\/count><fklbmhubgroup\/><\/row><\/return>/)
    })

    it('fails a result over the size cap with the real "Query request too large" text', async () => {
      const wide = 'x'.repeat(10_000)
      const r = await axl(
        'cucm-pub',
        'executeSQLQuery',
        `<sql>select '${wide}' from processnode a, processnode b, processnode c, processnode d, processnode e</sql>`,
      )
      assert.equal(r.status, 500)
      const m =
        /^Query request too large\. Total rows matched: (\d+) rows\. Suggestive Row Fetch: less than (\d+) rows$/.exec(
          faultOf(r.body)!,
        )
      assert.ok(m, r.body.slice(0, 300))
      assert.equal(Number(m[1]), 1024)
      assert.ok(Number(m[2]) < 1024 && Number(m[2]) > 700, m[2])
    })

    it('answers HTTP 503 to writes beyond the throttle (here 2 a minute), and reads still pass', async () => {
      // A server of its own, so that its write budget is this test's alone.
      const own = await HttpsProcess.start(sb, ['--host', '127.24.1.1', '--port', '0', '--axl-write-limit', '2'])
      const body = axlEnvelope(
        'executeSQLUpdate',
        "<sql>update machineaccountdetails set refreshtoken = 'x' where pkid = '00000000-0000-0000-0000-000000000000'</sql>",
      )
      const write = () => request('127.24.1.1', own.port, {body, auth: AUTH})
      const codes: number[] = []
      for (let i = 0; i < 4; i++) codes.push((await write()).status)
      assert.deepEqual(codes, [200, 200, 503, 503])
      const r = await write()
      assert.equal(r.status, 503)
      assert.equal(r.headers['retry-after'], '60')
      assert.equal(
        (await request('127.24.1.1', own.port, {body: axlEnvelope('getCCMVersion'), auth: AUTH})).status,
        200,
      )
      await own.stop()
      // The refused writes changed nothing.
      const sql = await sb.ok(['run', 'sql', "select count(*) from machineaccountdetails where refreshtoken = 'x'"])
      assert.match(sql.stdout, /\b0\b/)
    })
  })

  describe('service parameters', () => {
    it('reads and writes enterprise parameters by their programmatic names and stored values', async () => {
      const get = await axl(
        'cucm-pub',
        'getServiceParameter',
        '<processNodeName>EnterpriseWideData</processNodeName><name>oAuthWithRefreshLoginFlow</name><service>Enterprise Wide</service>',
      )
      assert.match(
        get.body,
        /<name>oAuthWithRefreshLoginFlow<\/name><service>Enterprise Wide<\/service><value>F<\/value><valueType>boolean<\/valueType>/,
      )
      const set = await axl(
        'cucm-pub',
        'updateServiceParameter',
        '<processNodeName>EnterpriseWideData</processNodeName><name>oauthTokenExpiryTimer</name><service>Enterprise Wide</service><value>120</value>',
      )
      assert.equal(set.status, 200, set.body)
      const cli = (await sb.ok(['param', 'enterprise', 'list', '--json'])).json()
      assert.equal(cli.parameters.find((p: any) => p.id === 'oauth-access-token-expiry').value, '120')
      const list = await axl(
        'cucm-pub',
        'listServiceParameter',
        '<searchCriteria><processNodeName>EnterpriseWideData</processNodeName><service>Enterprise Wide</service></searchCriteria><returnedTags/>',
      )
      assert.deepEqual(
        [...list.body.matchAll(/<name>([^<]*)<\/name>/g)].map((m) => m[1]),
        ['oAuthWithRefreshLoginFlow', 'oauthTokenExpiryTimer', 'refreshTokenExpiryTimer'],
      )
    })

    it('refuses a value out of range (nothing changes) and a parameter that does not exist', async () => {
      const bad = await axl(
        'cucm-pub',
        'updateServiceParameter',
        '<processNodeName>EnterpriseWideData</processNodeName><name>oauthTokenExpiryTimer</name><service>Enterprise Wide</service><value>99999</value>',
      )
      assert.equal(bad.status, 500)
      assert.match(faultOf(bad.body)!, /1440/)
      const cli = (await sb.ok(['param', 'enterprise', 'list', '--json'])).json()
      assert.equal(cli.parameters.find((p: any) => p.id === 'oauth-access-token-expiry').value, '120')
      const none = await axl(
        'cucm-pub',
        'getServiceParameter',
        '<processNodeName>EnterpriseWideData</processNodeName><name>noSuchParameter</name><service>Enterprise Wide</service>',
      )
      assert.equal(axlcode(none.body), '5007')
    })

    it('answers the IM and Presence publisher for its own Push Notifications High Availability', async () => {
      const set = await axl(
        'imp-pub',
        'updateServiceParameter',
        '<processNodeName>imp-pub</processNodeName><name>PushNotificationsHighAvailability</name><service>Cisco XCP Router</service><value>T</value>',
      )
      assert.equal(set.status, 200, set.body)
      const cli = (await sb.ok(['param', 'service', 'list', 'Cisco XCP Router', '--json'])).json()
      assert.equal(cli.parameters.find((p: any) => p.id === 'push-ha').value, 'Enabled')
      // Enterprise parameters live on Unified CM, not on the IM and Presence node.
      const ent = await axl(
        'imp-pub',
        'getServiceParameter',
        '<processNodeName>EnterpriseWideData</processNodeName><name>oAuthWithRefreshLoginFlow</name><service>Enterprise Wide</service>',
      )
      assert.equal(axlcode(ent.body), '5007')
    })
  })

  describe('Cisco Cloud Onboarding', () => {
    it("refuses a save the page refuses, with the page's reason, and changes nothing", async () => {
      const r = await axl(
        'cucm-pub',
        'updateCiscoCloudOnboarding',
        '<uuid>{00000000-0000-0000-0000-000000000000}</uuid><enablePushNotifications>true</enablePushNotifications>',
      )
      assert.equal(r.status, 500)
      assert.ok(faultOf(r.body)!.length > 10)
      const bad = await axl(
        'cucm-pub',
        'updateCiscoCloudOnboarding',
        '<enablePushNotifications>maybe</enablePushNotifications>',
      )
      assert.match(faultOf(bad.body)!, /enablePushNotifications must be true or false/)
      const s = (await sb.ok(['onboarding', 'status', '--json'])).json()
      assert.equal(s.pushEnabled, false)
    })
  })

  describe('Control Center services', () => {
    it('accepts both request shapes of soapGetServiceStatus, and an empty name for every service', async () => {
      const repeated = await cc(
        'cucm-pub',
        'soapGetServiceStatus',
        '<soap:ServiceStatus>Cisco CallManager</soap:ServiceStatus><soap:ServiceStatus>Cisco Extension Mobility</soap:ServiceStatus>',
      )
      const items = await cc(
        'cucm-pub',
        'soapGetServiceStatus',
        '<soap:ServiceStatus><soap:item>Cisco CallManager</soap:item><soap:item>Cisco Extension Mobility</soap:item></soap:ServiceStatus>',
      )
      for (const r of [repeated, items]) {
        assert.equal(r.status, 200)
        assert.match(r.body, /<ns1:ReturnCode>Success<\/ns1:ReturnCode>/)
        assert.match(
          r.body,
          /<ns1:ServiceName>Cisco CallManager<\/ns1:ServiceName><ns1:ServiceStatus>Started<\/ns1:ServiceStatus><ns1:ReasonCode>-1<\/ns1:ReasonCode><ns1:ReasonCodeString> <\/ns1:ReasonCodeString><ns1:StartTime>Mon Jan  5 09:00:00 2026<\/ns1:StartTime><ns1:UpTime>\d+<\/ns1:UpTime>/,
        )
        assert.match(
          r.body,
          /<ns1:ServiceName>Cisco Extension Mobility<\/ns1:ServiceName><ns1:ServiceStatus>Stopped<\/ns1:ServiceStatus><ns1:ReasonCode>-1068<\/ns1:ReasonCode><ns1:ReasonCodeString>Service Not Activated<\/ns1:ReasonCodeString>/,
        )
      }
      const all = await cc('cucm-pub', 'soapGetServiceStatus', '<soap:ServiceStatus></soap:ServiceStatus>')
      assert.ok([...all.body.matchAll(/<ns1:ServiceName>/g)].length > 20)
      assert.match(all.body, /Cisco CDR Agent/)
      assert.match(all.body, /Cisco DRF Local/)
    })

    it("restarts Cisco's sample services and reports them Started", async () => {
      const r = await cc(
        'cucm-pub',
        'soapDoControlServices',
        '<soap:ControlServiceRequest><soap:NodeName>cucm-pub</soap:NodeName><soap:ControlType>Restart</soap:ControlType><soap:ServiceList><soap:item>Cisco CDR Agent</soap:item><soap:item>Cisco DRF Local</soap:item></soap:ServiceList></soap:ControlServiceRequest>',
      )
      assert.equal(r.status, 200, r.body)
      assert.equal([...r.body.matchAll(/<ns1:ServiceStatus>Started<\/ns1:ServiceStatus>/g)].length, 2)
    })

    it('refuses Cisco Tomcat, another node, services that are not activated, and unknown control types', async () => {
      const req = (node: string, type: string, svc: string) =>
        cc(
          'cucm-pub',
          'soapDoControlServices',
          `<soap:ControlServiceRequest><soap:NodeName>${node}</soap:NodeName><soap:ControlType>${type}</soap:ControlType><soap:ServiceList><soap:item>${svc}</soap:item></soap:ServiceList></soap:ControlServiceRequest>`,
        )
      const tomcat = await req('cucm-pub', 'Restart', 'Cisco Tomcat')
      assert.equal(tomcat.status, 500)
      assert.equal(
        faultOf(tomcat.body),
        'Cisco Tomcat cannot be controlled through Control Center; restart it from the CLI: utils service restart Cisco Tomcat.',
      )
      const other = await req('cucm-sub1', 'Stop', 'Cisco CallManager')
      assert.match(faultOf(other.body)!, /^NodeName cucm-sub1 is not this node \(cucm-pub\)/)
      const inactive = await req('cucm-pub', 'Start', 'Cisco Extension Mobility')
      assert.equal(inactive.status, 500)
      assert.match(faultOf(inactive.body)!, /activat/i)
      const type = await req('cucm-pub', 'Reboot', 'Cisco CallManager')
      assert.match(faultOf(type.body)!, /^ControlType must be Start, Stop or Restart/)
      const unknown = await req('cucm-pub', 'Stop', 'Cisco Nothing')
      assert.match(faultOf(unknown.body)!, /^Unknown service "Cisco Nothing"\./)
      // A request naming a good service and a refused one changes neither.
      const mixed = await cc(
        'cucm-pub',
        'soapDoControlServices',
        '<soap:ControlServiceRequest><soap:NodeName>cucm-pub</soap:NodeName><soap:ControlType>Stop</soap:ControlType><soap:ServiceList><soap:item>Cisco CallManager</soap:item><soap:item>Cisco Nothing</soap:item></soap:ServiceList></soap:ControlServiceRequest>',
      )
      assert.equal(mixed.status, 500)
      // Nothing was stopped.
      const s = await cc(
        'cucm-pub',
        'soapGetServiceStatus',
        '<soap:ServiceStatus>Cisco CallManager</soap:ServiceStatus>',
      )
      assert.match(s.body, /<ns1:ServiceStatus>Started<\/ns1:ServiceStatus>/)
    })

    it('activates feature services with soapDoServiceDeployment and refuses network services', async () => {
      const r = await cc(
        'cucm-pub',
        'soapDoServiceDeployment',
        '<soap:DeploymentServiceRequest><soap:NodeName>cucm-pub</soap:NodeName><soap:DeployType>Deploy</soap:DeployType><soap:ServiceList><soap:item>Cisco Extension Mobility</soap:item></soap:ServiceList></soap:DeploymentServiceRequest>',
      )
      assert.equal(r.status, 200, r.body)
      assert.match(
        r.body,
        /<ns1:ServiceName>Cisco Extension Mobility<\/ns1:ServiceName><ns1:ServiceStatus>Started<\/ns1:ServiceStatus>/,
      )
      const net = await cc(
        'cucm-pub',
        'soapDoServiceDeployment',
        '<soap:DeploymentServiceRequest><soap:NodeName>cucm-pub</soap:NodeName><soap:DeployType>UnDeploy</soap:DeployType><soap:ServiceList><soap:item>Cisco CDR Agent</soap:item></soap:ServiceList></soap:DeploymentServiceRequest>',
      )
      assert.equal(net.status, 500)
    })

    it('lists the static services, the product, and the extended list on ControlCenterServicesEx only', async () => {
      const list = await cc('cucm-pub', 'soapGetStaticServiceList', '<soap:ServiceInformationResponse/>')
      assert.match(
        list.body,
        /<ns1:ServiceName>Cisco CallManager<\/ns1:ServiceName><ns1:ServiceType>Service<\/ns1:ServiceType><ns1:Deployable>true<\/ns1:Deployable>/,
      )
      assert.match(
        list.body,
        /<ns1:ServiceName>Cisco Tomcat<\/ns1:ServiceName><ns1:ServiceType>Service<\/ns1:ServiceType><ns1:Deployable>false<\/ns1:Deployable>/,
      )
      const product = await cc('imp-pub', 'getProductInformationList', '<soap:ServiceInfo/>')
      assert.match(product.body, /<ns1:ActiveServerVersion>14\.0\.1\.\d+-\d+<\/ns1:ActiveServerVersion>/)
      assert.match(product.body, /<ns1:ProductName>Cisco Unified Presence Server<\/ns1:ProductName>/)
      const ex = await cc('cucm-pub', 'getStaticServiceListExtended', '', CCX)
      assert.equal(ex.status, 200)
      assert.match(ex.body, /<ns1:ServiceEnum>FeatureService<\/ns1:ServiceEnum>/)
      const notEx = await cc('cucm-pub', 'getStaticServiceListExtended', '', CC)
      assert.equal(faultOf(notEx.body), "No such operation 'getStaticServiceListExtended'")
    })
  })
})
