import assert from 'node:assert/strict'
import {parse} from 'node-html-parser'

import {LAB, Sandbox, onboard} from '../helpers.js'
import {HttpsProcess, astEnvelope, axlEnvelope, request} from './https-server.js'
import {Client, type Response} from './web-pages.js'

/**
 * The three doors on one state: what AXL, Control Center and the pages answer is what the CLI says, a change through
 * one door shows at once through the others, and a refusal through any of them changes nothing.
 */
const HOST = '127.26.0.1'
const PASSWORD = 'Adm1n-pass'
const AUTH = `admin:${PASSWORD}`
const CC = '/controlcenterservice2/services/ControlCenterServices'

const faultOf = (body: string) => /<faultstring>([^<]*)<\/faultstring>/.exec(body)?.[1]
const axlcode = (body: string) => /<axlcode>([^<]*)<\/axlcode>/.exec(body)?.[1]
const unescape = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
const statusLines = (r: Response): string[] =>
  parse(r.body)
    .querySelectorAll('section.status li')
    .map((li) => li.text.trim())

describe('serve https: the three doors agree', function () {
  this.timeout(90_000)
  let sb: Sandbox
  let server: HttpsProcess
  let nodes: Record<string, {host: string; port: number}>

  const axl = (node: string, op: string, inner = '') =>
    request(nodes[node].host, nodes[node].port, {
      body: axlEnvelope(op, inner),
      auth: AUTH,
      headers: {SOAPAction: `"CUCM:DB ver=14.0 ${op}"`},
    })
  const cc = (node: string, op: string, inner = '') =>
    request(nodes[node].host, nodes[node].port, {path: CC, body: astEnvelope(op, inner), auth: AUTH})
  const control = (node: string, type: string, services: string[]) =>
    cc(
      node,
      'soapDoControlServices',
      `<soap:ControlServiceRequest><soap:NodeName>${node}</soap:NodeName><soap:ControlType>${type}</soap:ControlType><soap:ServiceList>${services.map((s) => `<soap:item>${s}</soap:item>`).join('')}</soap:ServiceList></soap:ControlServiceRequest>`,
    )
  const deploy = (node: string, type: string, services: string[]) =>
    cc(
      node,
      'soapDoServiceDeployment',
      `<soap:DeploymentServiceRequest><soap:NodeName>${node}</soap:NodeName><soap:DeployType>${type}</soap:DeployType><soap:ServiceList>${services.map((s) => `<soap:item>${s}</soap:item>`).join('')}</soap:ServiceList></soap:DeploymentServiceRequest>`,
    )
  const service = async (node: string, name: string) =>
    (await sb.ok(['utils', 'service', 'list', '--node', node, '--json']))
      .json()
      .services.find((s: any) => s.name === name)
  const page = async (node: string, app: string) => {
    const c = new Client(`https://${nodes[node].host}:${nodes[node].port}`)
    await c.get(`/${app}/showHome.do`)
    await c.post(`/${app}/j_security_check`, {appNav: app, j_username: 'admin', j_password: PASSWORD})
    return c
  }
  const csrf = (r: Response) => parse(r.body).querySelector('input[name=csrf]')!.getAttribute('value')!

  before(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
    await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: `${PASSWORD}\n`})
    server = await HttpsProcess.start(sb, ['--all-nodes', '--host', HOST, '--port', '0'])
    nodes = Object.fromEntries(server.doc.nodes.map((n) => [n.node, {host: n.host, port: n.ports[0]}]))
  })

  after(async () => {
    await server?.stop()
    sb?.remove()
  })

  it('never reads a flag in a Control Center service name or an AXL parameter value (no other node, nothing changed)', async () => {
    const smuggled = await control('cucm-pub', 'Stop', ['Cisco CDR Agent --node cucm-sub1'])
    assert.equal(smuggled.status, 500)
    assert.match(unescape(faultOf(smuggled.body)!), /^Unknown service "Cisco CDR Agent --node cucm-sub1"\./)
    assert.equal((await service('cucm-sub1', 'Cisco CDR Agent')).state, 'STARTED')
    assert.equal((await service('cucm-pub', 'Cisco CDR Agent')).state, 'STARTED')
    const deployed = await deploy('cucm-pub', 'Deploy', ['Cisco Extension Mobility --node cucm-sub1'])
    assert.equal(deployed.status, 500)
    assert.equal((await service('cucm-sub1', 'Cisco Extension Mobility')).activated, false)

    const value = await axl(
      'cucm-pub',
      'updateServiceParameter',
      '<processNodeName>EnterpriseWideData</processNodeName><name>oauthTokenExpiryTimer</name><service>Enterprise Wide</service><value>--help</value>',
    )
    assert.equal(value.status, 500)
    assert.match(unescape(faultOf(value.body)!), /must be a whole number from 1 to 1440, not "--help"\.$/)
  })

  it('gives a bad parameter value as axlcode 5003 with the words of the CLI, and changes nothing', async () => {
    const bad = await axl(
      'cucm-pub',
      'updateServiceParameter',
      '<processNodeName>EnterpriseWideData</processNodeName><name>oAuthWithRefreshLoginFlow</name><service>Enterprise Wide</service><value>X</value>',
    )
    assert.equal(bad.status, 500)
    assert.equal(axlcode(bad.body), '5003')
    assert.match(bad.body, /<faultcode>soapenv:Client<\/faultcode>/)
    const cli = await sb.ok(['param', 'enterprise', 'set', 'oAuthWithRefreshLoginFlow', 'X', '--json'], 2)
    assert.equal(unescape(faultOf(bad.body)!), cli.json().error.message)
    const list = (await sb.ok(['param', 'enterprise', 'list', '--json'])).json()
    assert.equal(list.parameters.find((p: any) => p.programmaticId === 'oAuthWithRefreshLoginFlow').value, 'Disabled')

    // The Enterprise Parameters page refuses it with the same words; what it saves, AXL reads at once, and back.
    const admin = await page('cucm-pub', 'ccmadmin')
    const form = await admin.get('/ccmadmin/enterpriseParamEdit.do')
    const refused = await admin.post('/ccmadmin/enterpriseParamEdit.do', {
      csrf: csrf(form),
      action: 'Save',
      oAuthWithRefreshLoginFlow: 'X',
    })
    assert.ok(statusLines(refused).includes(cli.json().error.message), statusLines(refused).join('\n'))
    const get = () =>
      axl(
        'cucm-pub',
        'getServiceParameter',
        '<processNodeName>EnterpriseWideData</processNodeName><name>oAuthWithRefreshLoginFlow</name><service>Enterprise Wide</service>',
      )
    assert.match((await get()).body, /<value>F<\/value>/)
    await admin.post('/ccmadmin/enterpriseParamEdit.do', {
      csrf: csrf(form),
      action: 'Save',
      oAuthWithRefreshLoginFlow: 'Enabled',
    })
    assert.match((await get()).body, /<value>T<\/value>/)
    const back = await axl(
      'cucm-pub',
      'updateServiceParameter',
      '<processNodeName>EnterpriseWideData</processNodeName><name>oAuthWithRefreshLoginFlow</name><service>Enterprise Wide</service><value>F</value>',
    )
    assert.equal(back.status, 200, back.body)
    const shown = parse((await admin.get('/ccmadmin/enterpriseParamEdit.do')).body)
    assert.equal(shown.querySelector('#oAuthWithRefreshLoginFlow option[selected]')!.text, 'Disabled')
  })

  it('refuses a soapDoServiceDeployment naming a network service before activating anything (CLI and page agree)', async () => {
    const r = await deploy('cucm-pub', 'Deploy', ['Cisco Extension Mobility', 'Cisco CDR Agent'])
    assert.equal(r.status, 500)
    assert.match(unescape(faultOf(r.body)!), /^Cisco CDR Agent is a network service/)
    assert.equal((await service('cucm-pub', 'Cisco Extension Mobility')).activated, false)
    const c = await page('cucm-pub', 'ccmservice')
    const activation = parse((await c.get('/ccmservice/serviceActivation.do?server=cucm-pub')).body)
    const box = activation
      .querySelectorAll('input[name=activate]')
      .find((i) => i.getAttribute('value') === 'Cisco Extension Mobility')!
    assert.equal(box.hasAttribute('checked'), false)
  })

  it('has Cisco Cloud Onboarding on Unified CM nodes only, over AXL as in the pages', async () => {
    for (const op of ['listCiscoCloudOnboarding', 'updateCiscoCloudOnboarding']) {
      const imp = await axl('imp-pub', op, op.startsWith('list') ? '<searchCriteria/><returnedTags/>' : '')
      assert.equal(imp.status, 500)
      assert.equal(
        faultOf(imp.body),
        `The endpoint reference (EPR) for the Operation not found is /axl/services/AXLAPIService and the WSA Action = CUCM:DB ver=14.0 ${op}`,
      )
    }
    const impPage = await new Client(`https://${nodes['imp-pub'].host}:${nodes['imp-pub'].port}`).get(
      '/ccmadmin/cloudOnboardingEdit.do',
    )
    assert.equal(impPage.status, 404)
    assert.equal((await axl('cucm-sub1', 'listCiscoCloudOnboarding', '<searchCriteria/><returnedTags/>')).status, 200)
  })

  it('keeps the saved proxy when updateCiscoCloudOnboarding names enableHttpProxy alone, and takes HOST:PORT as the page does', async () => {
    await sb.ok(['onboarding', 'save', '--proxy', 'http://proxy.example.com:3128'])
    const on = await axl('cucm-pub', 'updateCiscoCloudOnboarding', '<enableHttpProxy>true</enableHttpProxy>')
    assert.equal(on.status, 200, on.body)
    assert.equal((await sb.ok(['onboarding', 'status', '--json'])).json().proxy.url, 'http://proxy.example.com:3128')
    const admin = await page('cucm-pub', 'ccmadmin')
    const shown = parse((await admin.get('/ccmadmin/cloudOnboardingEdit.do')).body)
    assert.ok(
      shown.querySelectorAll('input[type=checkbox]').some((i) => /proxy/i.test(i.id) && i.hasAttribute('checked')),
    )
    // An address without a scheme is the page's Server and Port.
    const bare = await axl(
      'cucm-pub',
      'updateCiscoCloudOnboarding',
      '<enableHttpProxy>true</enableHttpProxy><httpProxyAddress>proxy2.example.com:8080</httpProxyAddress>',
    )
    assert.equal(bare.status, 200, bare.body)
    assert.equal((await sb.ok(['onboarding', 'status', '--json'])).json().proxy.url, 'http://proxy2.example.com:8080')
    const form = parse((await admin.get('/ccmadmin/cloudOnboardingEdit.do')).body)
    assert.equal(form.querySelector('#httpProxyAddress')!.getAttribute('value'), 'proxy2.example.com')
    assert.equal(form.querySelector('#httpProxyPort')!.getAttribute('value'), '8080')

    await sb.ok(['onboarding', 'save', '--proxy', 'off'])
    const none = await axl('cucm-pub', 'updateCiscoCloudOnboarding', '<enableHttpProxy>true</enableHttpProxy>')
    assert.equal(none.status, 500)
    assert.equal(axlcode(none.body), '5003')
    assert.equal((await sb.ok(['onboarding', 'status', '--json'])).json().proxy, null)
  })

  it("shows the onboarding page's Status area in listCiscoCloudOnboarding, and clears restarts whichever door did them", async () => {
    await sb.ok(['param', 'enterprise', 'set', 'oAuthWithRefreshLoginFlow', 'Enabled'])
    await onboard(sb)
    const cli = (await sb.ok(['onboarding', 'status', '--json'])).json()
    assert.equal(cli.status, 'Cloud Onboarding Completed')
    assert.ok(cli.statusNotes.length > 0)
    const errorStatus = async () =>
      [
        ...(await axl('cucm-pub', 'listCiscoCloudOnboarding', '<searchCriteria/><returnedTags/>')).body.matchAll(
          /<status>([^<]*)<\/status>/g,
        ),
      ].map((m) => unescape(m[1]))
    const admin = await page('cucm-pub', 'ccmadmin')
    const area = statusLines(await admin.get('/ccmadmin/cloudOnboardingEdit.do'))
    const pageStatus = [cli.statusMessage, ...cli.statusNotes]
    assert.deepEqual(area.slice(0, pageStatus.length), pageStatus)
    assert.deepEqual(await errorStatus(), [
      ...pageStatus,
      ...cli.pendingRestarts.map((p: any) => `Restart ${p.service} on ${p.node}: ${p.reason}`),
    ])
    assert.deepEqual(
      cli.pendingRestarts.map((p: any) => `${p.service} on ${p.node}`),
      [
        'Cisco Push Notification Service on cucm-pub',
        'Cisco Push Notification Service on cucm-sub1',
        'Cisco XCP Config Manager on imp-pub',
        'Cisco XCP Router on imp-pub',
      ],
    )

    // One restart through each door: Control Center SOAP, the Network Services page, the CLI.
    assert.equal((await control('cucm-pub', 'Restart', ['Cisco Push Notification Service'])).status, 200)
    const serviceability = await page('cucm-pub', 'ccmservice')
    const network = await serviceability.get('/ccmservice/networkServices.do?server=cucm-sub1')
    const restarted = await serviceability.post('/ccmservice/networkServices.do?server=cucm-sub1', {
      csrf: csrf(network),
      service: 'Cisco Push Notification Service',
      action: 'Restart',
      confirm: 'yes',
    })
    assert.ok(
      statusLines(restarted).includes('Cisco Push Notification Service Service Restart Operation was Successful'),
    )
    await sb.ok(['utils', 'service', 'restart', 'Cisco', 'XCP', 'Config', 'Manager', '--node', 'imp-pub'])
    assert.equal((await control('imp-pub', 'Restart', ['Cisco XCP Router'])).status, 200)

    assert.deepEqual((await sb.ok(['onboarding', 'status', '--json'])).json().pendingRestarts, [])
    assert.deepEqual(await errorStatus(), pageStatus)
  })
})
