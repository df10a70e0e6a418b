import assert from 'node:assert/strict'
import {type HTMLElement, parse} from 'node-html-parser'

import {LAB, Sandbox} from '../helpers.js'
import {axlEnvelope, request} from './https-server.js'
import {Client, type Response, startPages} from './web-pages.js'

/*
 * The administration pages over HTTPS (issue 22), served by `ucadmin serve https` (src/web's HttpsApp): every form
 * post, then the HTML parsed, then the same state read back through the CLI.
 */

const PASSWORD = 'Cisco!2345'

const dom = (r: Response): HTMLElement => parse(r.body)
const statusLines = (r: Response): string[] =>
  dom(r)
    .querySelectorAll('section.status li')
    .map((li) => li.text.trim())
const csrf = (r: Response): string => dom(r).querySelector('input[name=csrf]')!.getAttribute('value')!

async function login(c: Client, app = 'ccmadmin', user = 'admin', password = PASSWORD): Promise<Response> {
  await c.get(`/${app}/showHome.do`)
  return c.post(`/${app}/j_security_check`, {appNav: app, j_username: user, j_password: password})
}

describe('web pages: login, sessions, CSRF', function () {
  let sb: Sandbox
  let pages: Awaited<ReturnType<typeof startPages>>
  before(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
    await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: PASSWORD + '\n'})
    pages = await startPages(sb, 'cucm-pub')
  })
  after(async () => {
    await pages.close()
    sb.remove()
  })

  it('shows the login form (j_username, j_password, labels) until logged in, on every page', async () => {
    const c = new Client(pages.base)
    // A Unified CM node has no IM and Presence administration.
    assert.equal((await c.get('/cupadmin/showHome.do')).status, 404)
    for (const path of [
      '/ccmadmin/showHome.do',
      '/ccmadmin/cloudOnboardingEdit.do',
      '/ccmservice/networkServices.do',
      '/cmplatform/certificateFindList.do',
    ]) {
      const r = await c.get(path)
      assert.equal(r.status, 200)
      const d = dom(r)
      const f = d.querySelector('form')!
      assert.equal(f.getAttribute('action'), `/${path.split('/')[1]}/j_security_check`)
      assert.ok(d.querySelector('input#j_username[name=j_username]'), path)
      assert.ok(d.querySelector('input#j_password[type=password]'), path)
      assert.equal(d.querySelector('label[for=j_username]')!.text, 'Username')
      assert.equal(d.querySelector('#SERVICE'), null)
    }
  })

  it('refuses a wrong password and logs in with the account: a session cookie HttpOnly, Secure, SameSite', async () => {
    const c = new Client(pages.base)
    const bad = await login(c, 'ccmadmin', 'admin', 'wrong-password')
    assert.equal(bad.status, 200)
    assert.match(dom(bad).querySelector('[role=alert]')!.text, /Invalid username or password/)
    assert.equal(c.cookie, undefined)
    const ok = await login(c)
    assert.equal(ok.status, 302)
    assert.equal(ok.headers.location, '/ccmadmin/showHome.do')
    const set = String(ok.headers['set-cookie'])
    assert.match(set, /^JSESSIONID=[\w-]{20,};/)
    for (const attr of ['HttpOnly', 'Secure', 'SameSite=Strict']) assert.ok(set.includes(attr), set)
    const home = await c.get('/ccmadmin/showHome.do')
    assert.match(dom(home).querySelector('header')!.text, /Logged in as admin/)
    assert.ok(
      dom(home)
        .querySelectorAll('nav a')
        .some((a) => a.text === 'Cisco Cloud Onboarding'),
    )
  })

  it('refuses a change without the session CSRF token (403) and changes nothing', async () => {
    const c = new Client(pages.base)
    await login(c)
    const r = await c.post('/ccmadmin/cloudOnboardingEdit.do', {action: 'voucher', csrf: 'forged'})
    assert.equal(r.status, 403)
    assert.equal((await sb.ok(['onboarding', 'status', '--json'])).json().voucher, null)
    const none = await c.post('/ccmadmin/cloudOnboardingEdit.do', {action: 'voucher'})
    assert.equal(none.status, 403)
    assert.equal((await sb.ok(['onboarding', 'status', '--json'])).json().voucher, null)
  })

  it("does not answer while the node's Cisco Tomcat is stopped (from the CLI), and answers again once it runs", async () => {
    const c = new Client(pages.base)
    await sb.ok(['utils', 'service', 'stop', 'Cisco', 'Tomcat', '--node', 'cucm-pub'])
    await assert.rejects(c.get('/ccmadmin/showHome.do'))
    await sb.ok(['utils', 'service', 'start', 'Cisco', 'Tomcat', '--node', 'cucm-pub'])
    assert.ok(dom(await c.get('/ccmadmin/showHome.do')).querySelector('#j_username'))
  })

  it('logs out, and a session times out after 30 idle minutes of the simulated clock', async () => {
    const c = new Client(pages.base)
    await login(c)
    const page = await c.get('/ccmadmin/cloudOnboardingEdit.do')
    const out = await c.post('/ccmadmin/logout.do', {csrf: csrf(page)})
    assert.match(dom(out).querySelector('[role=alert]')!.text, /logged out/)
    assert.ok(dom(await c.get('/ccmadmin/cloudOnboardingEdit.do')).querySelector('#j_username'))

    await login(c)
    assert.ok(dom(await c.get('/ccmadmin/cloudOnboardingEdit.do')).querySelector('#enablePushNotifications'))
    await sb.ok(['sim', 'clock', 'advance', '29m'])
    assert.ok(
      dom(await c.get('/ccmadmin/cloudOnboardingEdit.do')).querySelector('#enablePushNotifications'),
      'still in after 29 idle minutes',
    )
    await sb.ok(['sim', 'clock', 'advance', '31m'])
    assert.ok(
      dom(await c.get('/ccmadmin/cloudOnboardingEdit.do')).querySelector('#j_username'),
      'logged out after 31 idle minutes',
    )
  })
})

describe('web pages: lock-outs', function () {
  it('applies the lock-out rules of serve ssh: past --lockout failed logins even the right password is refused', async () => {
    // Its own state file: lock-outs are kept there, per account and per client address.
    const sb = new Sandbox()
    await sb.ok(LAB)
    const locked = await startPages(sb, 'cucm-pub', ['--lockout', '2'])
    try {
      await sb.ok(['account', 'add', 'operator', '--password-stdin'], 0, {input: PASSWORD + '\n'})
      const c = new Client(locked.base)
      for (let i = 0; i < 2; i++) assert.equal((await login(c, 'ccmadmin', 'operator', 'wrong-password')).status, 200)
      const r = await login(c, 'ccmadmin', 'operator', PASSWORD)
      assert.equal(r.status, 200)
      assert.match(dom(r).querySelector('[role=alert]')!.text, /locked/)
      assert.equal(c.cookie, undefined)
    } finally {
      await locked.close()
      sb.remove()
    }
  })
})

describe('web pages: the task flow on Cisco Cloud Onboarding and Control Center', function () {
  let sb: Sandbox
  let cucm: Awaited<ReturnType<typeof startPages>>
  before(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
    await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: PASSWORD + '\n'})
    cucm = await startPages(sb, 'cucm-pub')
  })
  after(async () => {
    await cucm.close()
    sb.remove()
  })

  it('walks voucher, boxes, Save, the Tomcat restart, Save again to Cloud Onboarding Completed; the CLI agrees at each step', async () => {
    const c = new Client(cucm.base)
    await login(c)
    let page = await c.get('/ccmadmin/cloudOnboardingEdit.do')
    let d = dom(page)
    assert.equal(d.querySelector('h1')!.text, 'Cisco Cloud Onboarding Configuration')
    for (const [id, label] of [
      ['enablePushNotifications', 'Enable Push Notifications'],
      [
        'enableTrustCACertificate',
        'I want Cisco to manage the Cisco Cloud Service CA Certificates required for this trust',
      ],
      ['enableHttpProxy', 'Enable HTTP(S) Proxy'],
      ['enableTroubleshooting', 'Send Troubleshooting Information to the Cisco Cloud'],
      ['alarmSendEncryptedData', 'Send encrypted PII to the Cisco Cloud for troubleshooting'],
    ]) {
      assert.equal(d.querySelector(`label[for=${id}]`)!.text, label)
      assert.equal(d.querySelector(`input#${id}`)!.getAttribute('type'), 'checkbox')
    }
    for (const id of ['httpProxyAddress', 'httpProxyPort', 'proxyAuthBasic', 'proxyAuthDigest'])
      assert.ok(d.querySelector(`label[for=${id}]`), id)
    assert.deepEqual(
      d.querySelectorAll('button').map((b) => b.text),
      ['Logout', 'Save', 'Generate Voucher', 'Save'],
    )
    assert.ok(statusLines(page).includes('Push Notifications Not Enabled'))

    // Saving before the voucher fails with the CLI's line, and changes nothing.
    page = await c.post('/ccmadmin/cloudOnboardingEdit.do', {
      csrf: csrf(page),
      action: 'save',
      enablePushNotifications: 'on',
      enableTrustCACertificate: 'on',
    })
    assert.match(statusLines(page)[0], /^Generate the voucher before enabling Push Notifications/)
    assert.equal((await sb.ok(['onboarding', 'status', '--json'])).json().pushEnabled, false)

    page = await c.post('/ccmadmin/cloudOnboardingEdit.do', {csrf: csrf(page), action: 'voucher'})
    const voucher = (await sb.ok(['onboarding', 'status', '--json'])).json().voucher
    assert.match(voucher, /^VCH-/)
    assert.equal(dom(page).querySelector('#voucher')!.text, voucher)
    assert.ok(statusLines(page).includes(`Voucher generated: ${voucher}`))

    page = await c.post('/ccmadmin/cloudOnboardingEdit.do', {
      csrf: csrf(page),
      action: 'save',
      enablePushNotifications: 'on',
      enableTrustCACertificate: 'on',
    })
    assert.ok(
      statusLines(page).includes('Restart Cisco Tomcat on all nodes to install the Cisco-managed certificates'),
      statusLines(page).join('\n'),
    )
    let cli = (await sb.ok(['onboarding', 'status', '--json'])).json()
    assert.equal(cli.statusMessage, 'Restart Cisco Tomcat on all nodes to install the Cisco-managed certificates')
    assert.deepEqual(
      [cli.pushEnabled, cli.manageCerts, cli.troubleshooting],
      [true, true, true],
      'troubleshooting on by default once push is enabled',
    )

    // Step 8, from the CLI.
    await sb.ok(['utils', 'service', 'restart', 'Cisco', 'Tomcat', '--all-nodes'])
    page = await c.get('/ccmadmin/cloudOnboardingEdit.do')
    d = dom(page)
    assert.ok(statusLines(page).includes('Cisco Cloud Onboarding Pending'))
    // Step 9: the boxes show what the state holds.
    assert.ok(d.querySelector('#enablePushNotifications')!.hasAttribute('checked'))
    assert.ok(d.querySelector('#enableTrustCACertificate')!.hasAttribute('checked'))
    assert.ok(d.querySelector('#enableTroubleshooting')!.hasAttribute('checked'))

    // Unchecking the certificates box is refused at step 11 with the guide's words.
    const refused = await c.post('/ccmadmin/cloudOnboardingEdit.do', {
      csrf: csrf(page),
      action: 'save',
      enablePushNotifications: 'on',
      enableTroubleshooting: 'on',
    })
    assert.match(statusLines(refused)[0], /step 9/)
    assert.equal((await sb.ok(['onboarding', 'status', '--json'])).json().status, 'Cisco Cloud Onboarding Pending')

    page = await c.post('/ccmadmin/cloudOnboardingEdit.do', {
      csrf: csrf(page),
      action: 'save',
      enablePushNotifications: 'on',
      enableTrustCACertificate: 'on',
      enableTroubleshooting: 'on',
      alarmSendEncryptedData: 'on',
    })
    cli = (await sb.ok(['onboarding', 'status', '--json'])).json()
    assert.equal(cli.status, 'Cloud Onboarding Completed')
    const lines = statusLines(page)
    assert.ok(
      lines.includes(
        'Cloud Onboarding Completed. Restart the Cisco XCP Router service on all IM and Presence Service nodes.',
      ),
      lines.join('\n'),
    )
    assert.ok(lines.includes('No phones are enabled in the Device Defaults page to use Activation Code Onboarding'))
    d = dom(page)
    assert.equal(d.querySelector('section.status a')!.getAttribute('href'), '/ccmservice/networkServices.do')
    assert.equal(d.querySelector('section.status a')!.text, 'Control Center - Network Services')
    assert.equal(d.querySelector('#customerClusterId')!.text, cli.customerClusterId)
    assert.equal(d.querySelector('#supportToken')!.text, cli.supportToken)
    assert.match(cli.customerClusterId, /^[0-9a-f-]{36}$/)

    // AXL on the same node reads the same state.
    const port = Number(new URL(cucm.base).port)
    const axl = await request('127.0.0.1', port, {
      body: axlEnvelope('listCiscoCloudOnboarding', '<searchCriteria/><returnedTags/>'),
      auth: `admin:${PASSWORD}`,
      headers: {SOAPAction: '"CUCM:DB ver=14.0 listCiscoCloudOnboarding"'},
    })
    assert.equal(axl.status, 200, axl.body)
    assert.match(axl.body, /<onboardingRegistrationStatus>Onboarding completed<\/onboardingRegistrationStatus>/)
    assert.match(axl.body, /<alarmSendEncryptedData>true<\/alarmSendEncryptedData>/)
  })

  it('Control Center - Network Services: Server and Go, a radio per service, Restart asks first, and the XCP Router rules', async () => {
    const c = new Client(cucm.base)
    await login(c, 'ccmservice')
    let page = await c.get('/ccmservice/networkServices.do?server=imp-pub')
    let d = dom(page)
    assert.equal(d.querySelector('h1')!.text, 'Control Center - Network Services')
    assert.deepEqual(
      d.querySelectorAll('#SERVER option').map((o) => o.text),
      ['cucm-pub', 'cucm-sub1', 'imp-pub'],
    )
    assert.equal(d.querySelector('#SERVER option[selected]')!.text, 'imp-pub')
    assert.deepEqual(
      d.querySelectorAll('thead th').map((t) => t.text),
      ['', 'Service Name', 'Status', 'Start Time', 'Up Time'],
    )
    const row = (r: Response, name: string) =>
      dom(r)
        .querySelectorAll('tbody tr')
        .find((tr) => tr.querySelectorAll('td')[1].text === name)!
    const radio = row(page, 'Cisco XCP Router').querySelector('input[type=radio]')!
    assert.equal(dom(page).querySelector(`label[for=${radio.id}]`)!.text, 'Cisco XCP Router')
    assert.equal(row(page, 'Cisco XCP Router').querySelectorAll('td')[2].text, 'Started')
    assert.equal(row(page, 'Cisco XCP Router').querySelectorAll('td')[3].text, 'Mon Jan 5 09:00:00 2026')

    await sb.ok(['sim', 'clock', 'advance', '25m'])
    page = await c.post('/ccmservice/networkServices.do?server=imp-pub', {csrf: csrf(page), action: 'Refresh'})
    assert.equal(row(page, 'Cisco XCP Router').querySelectorAll('td')[4].text, '0 days 00:25:00')

    // Restart asks first; Cancel changes nothing.
    const before = (await sb.ok(['utils', 'service', 'list', '--node', 'imp-pub', '--json'])).json()
    page = await c.post('/ccmservice/networkServices.do?server=imp-pub', {
      csrf: csrf(page),
      action: 'Restart',
      service: 'Cisco XCP Router',
    })
    d = dom(page)
    assert.match(d.querySelector('[role=alertdialog]')!.text, /Restarting Cisco XCP Router may take a while/)
    page = await c.post('/ccmservice/networkServices.do?server=imp-pub', {
      csrf: csrf(page),
      action: 'Restart',
      service: 'Cisco XCP Router',
      confirm: 'no',
    })
    assert.deepEqual((await sb.ok(['utils', 'service', 'list', '--node', 'imp-pub', '--json'])).json(), before)

    // Stop, then Start: the XCP services under the router stay stopped, in the page and in the CLI.
    page = await c.post('/ccmservice/networkServices.do?server=imp-pub', {
      csrf: csrf(page),
      action: 'Stop',
      service: 'Cisco XCP Router',
    })
    assert.ok(statusLines(page).includes('Cisco XCP Router Service Stop Operation was Successful'))
    assert.equal(row(page, 'Cisco XCP Router').querySelectorAll('td')[2].text, 'Stopped')
    page = await c.post('/ccmservice/networkServices.do?server=imp-pub', {
      csrf: csrf(page),
      action: 'Start',
      service: 'Cisco XCP Router',
    })
    const listText = (await sb.ok(['utils', 'service', 'list', '--node', 'imp-pub'])).stdout
    assert.match(listText, /^Cisco XCP Router\[STARTED\]$/m)
    assert.match(listText, /^Cisco XCP Connection Manager\[STOPPED\] {2}Commanded Out of Service$/m)
    const feature = await c.get('/ccmservice/featureServices.do?server=imp-pub')
    assert.equal(row(feature, 'Cisco XCP Connection Manager').querySelectorAll('td')[2].text, 'Stopped')
    assert.equal(row(feature, 'Cisco XCP Text Conference Manager').querySelectorAll('td')[2].text, 'Not Activated')

    // Restart (confirmed) restarts them; the page and the CLI agree.
    page = await c.post('/ccmservice/networkServices.do?server=imp-pub', {
      csrf: csrf(page),
      action: 'Restart',
      service: 'Cisco XCP Router',
      confirm: 'yes',
    })
    assert.ok(statusLines(page).includes('Cisco XCP Router Service Restart Operation was Successful'))
    assert.match(
      (await sb.ok(['utils', 'service', 'list', '--node', 'imp-pub'])).stdout,
      /^Cisco XCP Connection Manager\[STARTED\]$/m,
    )

    // The guide's step 12: Config Manager, then Router, restarted on the IM and Presence node clears the pending restarts.
    await c.post('/ccmservice/networkServices.do?server=imp-pub', {
      csrf: csrf(page),
      action: 'Restart',
      service: 'Cisco XCP Config Manager',
      confirm: 'yes',
    })
    await c.post('/ccmservice/networkServices.do?server=imp-pub', {
      csrf: csrf(page),
      action: 'Restart',
      service: 'Cisco XCP Router',
      confirm: 'yes',
    })
    const pending = (await sb.ok(['onboarding', 'status', '--json']))
      .json()
      .pendingRestarts.map((p: {node: string; service: string}) => `${p.node}/${p.service}`)
    assert.ok(
      !pending.includes('imp-pub/Cisco XCP Router') && !pending.includes('imp-pub/Cisco XCP Config Manager'),
      pending.join(', '),
    )
    // The page's own quirk stays: the XCP Router message does not go away.
    const onb = new Client(cucm.base)
    await login(onb)
    assert.ok(
      statusLines(await onb.get('/ccmadmin/cloudOnboardingEdit.do')).some((l) =>
        l.includes('Restart the Cisco XCP Router service'),
      ),
    )
  })

  it('a failed control shows the CLI line and changes nothing; Service Activation activates and deactivates', async () => {
    const c = new Client(cucm.base)
    await login(c, 'ccmservice')
    let page = await c.get('/ccmservice/featureServices.do?server=imp-pub')
    page = await c.post('/ccmservice/featureServices.do?server=imp-pub', {
      csrf: csrf(page),
      action: 'Start',
      service: 'Cisco XCP Message Archiver',
    })
    assert.match(statusLines(page)[0], /^Cisco XCP Message Archiver is not activated on imp-pub\./)
    page = await c.post('/ccmservice/featureServices.do?server=imp-pub', {csrf: csrf(page), action: 'Start'})
    assert.equal(statusLines(page)[0], 'Select a service first.')
    // Cisco Tomcat serves Control Center itself: the page refuses it as Control Center's SOAP door does (the guide
    // restarts it from the CLI), and nothing changes.
    const tomcat = (await sb.ok(['utils', 'service', 'list', '--node', 'imp-pub', '--json'])).json()
    for (const action of ['Stop', 'Restart']) {
      page = await c.post('/ccmservice/networkServices.do?server=imp-pub', {
        csrf: csrf(page),
        action,
        service: 'Cisco Tomcat',
        confirm: 'yes',
      })
      assert.equal(
        statusLines(page)[0],
        'Cisco Tomcat cannot be controlled through Control Center; restart it from the CLI: utils service restart Cisco Tomcat.',
      )
    }
    assert.deepEqual((await sb.ok(['utils', 'service', 'list', '--node', 'imp-pub', '--json'])).json(), tomcat)
    // A form value is never a flag: no other cluster, node or command through the page.
    const before = (await sb.ok(['utils', 'service', 'list', '--node', 'cucm-pub', '--json'])).json()
    page = await c.post('/ccmservice/featureServices.do?server=imp-pub', {
      csrf: csrf(page),
      action: 'Stop',
      service: '--node cucm-pub Cisco CallManager',
    })
    assert.equal(statusLines(page)[0], 'There is no feature service "--node cucm-pub Cisco CallManager" on imp-pub.')
    page = await c.post('/ccmservice/featureServices.do?server=other-host', {csrf: csrf(page), action: 'Refresh'})
    assert.equal(dom(page).querySelector('#SERVER option[selected]')!.text, 'cucm-pub')
    assert.deepEqual((await sb.ok(['utils', 'service', 'list', '--node', 'cucm-pub', '--json'])).json(), before)

    page = await c.get('/ccmservice/serviceActivation.do?server=imp-pub')
    const d = dom(page)
    assert.equal(d.querySelector('h1')!.text, 'Service Activation')
    const boxes = d.querySelectorAll('input[name=activate]')
    const checked = boxes.filter((b) => b.hasAttribute('checked')).map((b) => b.getAttribute('value')!)
    assert.ok(checked.includes('Cisco XCP Connection Manager') && !checked.includes('Cisco XCP Message Archiver'))
    const want = [...checked.filter((n) => n !== 'Cisco XCP Authentication Service'), 'Cisco XCP Message Archiver']
    page = await c.post('/ccmservice/serviceActivation.do?server=imp-pub', {
      csrf: csrf(page),
      action: 'Save',
      activate: want,
    })
    assert.deepEqual(statusLines(page), [
      'Cisco XCP Authentication Service deactivated.',
      'Cisco XCP Message Archiver activated.',
    ])
    const list = (await sb.ok(['utils', 'service', 'list', '--node', 'imp-pub'])).stdout
    assert.match(list, /^Cisco XCP Message Archiver\[STARTED\]$/m)
    assert.match(list, /^Cisco XCP Authentication Service\[STOPPED\] {2}Service Not Activated$/m)
  })
})

describe('web pages: Service Parameters, Enterprise Parameters, IM and Presence', function () {
  let sb: Sandbox
  let pages: Awaited<ReturnType<typeof startPages>>
  before(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
    await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: PASSWORD + '\n'})
    pages = await startPages(sb, 'cucm-pub')
  })
  after(async () => {
    await pages.close()
    sb.remove()
  })

  it('Enterprise Parameters: the SSO and OAuth rows with the release labels; Save changes what the CLI shows', async () => {
    const c = new Client(pages.base)
    await login(c)
    let page = await c.get('/ccmadmin/enterpriseParamEdit.do')
    const d = dom(page)
    assert.equal(d.querySelectorAll('h2')[1].text, 'SSO and OAuth Configuration')
    const rows = d.querySelectorAll('tr[class^=content-form-stripe-]')
    assert.deepEqual(
      rows.map((tr) => [
        tr.querySelector('td label a')!.text,
        tr.querySelectorAll('td')[1].querySelector('select, input')!.id,
        tr.querySelectorAll('td')[2].text,
      ]),
      [
        ['OAuth with Refresh Login Flow', 'oAuthWithRefreshLoginFlow', 'Disabled'],
        ['OAuth Access Token Expiry Timer (minutes)', 'oauthTokenExpiryTimer', '60'],
        ['Jabber OAuth Refresh Token Expiry Timer (days)', 'refreshTokenExpiryTimer', '60'],
      ],
    )
    page = await c.post('/ccmadmin/enterpriseParamEdit.do', {
      csrf: csrf(page),
      action: 'Save',
      oAuthWithRefreshLoginFlow: 'Enabled',
      oauthTokenExpiryTimer: '60',
      refreshTokenExpiryTimer: '90',
    })
    assert.deepEqual(statusLines(page), [
      'Update completed.',
      'OAuth with Refresh Login Flow: Disabled -> Enabled',
      'Jabber OAuth Refresh Token Expiry Timer (days): 60 -> 90',
    ])
    const cli = (await sb.ok(['param', 'enterprise', 'list', '--json'])).json().parameters
    assert.deepEqual(
      cli.map((p: {value: string}) => p.value),
      ['Enabled', '60', '90'],
    )
    // AXL reads the stored value of the same parameter.
    const axl = await request('127.0.0.1', Number(new URL(pages.base).port), {
      body: axlEnvelope(
        'getServiceParameter',
        '<processNodeName>EnterpriseWideData</processNodeName><name>oAuthWithRefreshLoginFlow</name><service>Enterprise Wide</service>',
      ),
      auth: `admin:${PASSWORD}`,
      headers: {SOAPAction: '"CUCM:DB ver=14.0 getServiceParameter"'},
    })
    assert.match(axl.body, /<value>T<\/value>/, axl.body)
    // A value out of range: the CLI's line, nothing changed.
    page = await c.post('/ccmadmin/enterpriseParamEdit.do', {
      csrf: csrf(page),
      action: 'Save',
      oauthTokenExpiryTimer: '5000',
    })
    assert.equal(statusLines(page)[0], 'Some changes were not saved.')
    assert.match(statusLines(page).join('\n'), /must be a whole number from 1 to 1440, not "5000"/)
    assert.equal((await sb.ok(['param', 'enterprise', 'list', '--json'])).json().parameters[1].value, '60')
    // What a form sends comes back escaped.
    page = await c.post('/ccmadmin/enterpriseParamEdit.do', {
      csrf: csrf(page),
      action: 'Save',
      oauthTokenExpiryTimer: '<script>alert(1)</script>',
    })
    assert.ok(!page.body.includes('<script>alert(1)'), 'escaped')
    assert.match(statusLines(page).join('\n'), /not "<script>alert\(1\)<\/script>"/)
    page = await c.post('/ccmadmin/enterpriseParamEdit.do', {
      csrf: csrf(page),
      action: 'Save',
      oauthTokenExpiryTimer: '--cluster=other',
    })
    assert.deepEqual(statusLines(page).slice(0, 2), [
      'Some changes were not saved.',
      'OAuth Access Token Expiry Timer (minutes): "--cluster=other" is not a valid value.',
    ])
  })

  it('IM and Presence Service Parameters: Cisco XCP Router (Active), Push Notifications High Availability, the restart it asks for', async () => {
    const imp = await startPages(sb, 'imp-pub')
    try {
      const c = new Client(imp.base)
      // An IM and Presence node has no Unified CM Administration (no Cloud Onboarding page there).
      assert.equal((await c.get('/ccmadmin/showHome.do')).status, 404)
      assert.equal((await c.get('/ccmadmin/cloudOnboardingEdit.do')).status, 404)
      await login(c, 'cupadmin')
      let page = await c.get('/cupadmin/serviceParamEdit.do')
      const options = dom(page).querySelectorAll('#SERVICE option')
      const router = options.find((o) => o.text === 'Cisco XCP Router (Active)')!
      assert.ok(router, options.map((o) => o.text).join(', '))
      assert.deepEqual(
        dom(page)
          .querySelectorAll('#SERVER option')
          .map((o) => o.text),
        ['imp-pub'],
      )
      page = await c.get(`/cupadmin/serviceParamEdit.do?service=${router.getAttribute('value')}`)
      const row = dom(page)
        .querySelectorAll('tr[class^=content-form-stripe-]')
        .find((tr) => tr.querySelector('a')!.text === 'Push Notifications High Availability')!
      const select = row.querySelector('select')!
      assert.equal(select.id, 'PushNotificationsHighAvailability')
      assert.equal(select.querySelector('option[selected]')!.text, 'Disabled')
      page = await c.post(`/cupadmin/serviceParamEdit.do?service=${router.getAttribute('value')}`, {
        csrf: csrf(page),
        action: 'Save',
        PushNotificationsHighAvailability: 'Enabled',
      })
      assert.ok(
        statusLines(page).includes('Restart Cisco XCP Router on every IM and Presence node.'),
        statusLines(page).join('\n'),
      )
      assert.equal(
        (await sb.ok(['param', 'service', 'list', 'Cisco XCP Router', '--json'])).json().parameters[0].value,
        'Enabled',
      )
      assert.deepEqual(
        (await sb.ok(['onboarding', 'status', '--json']))
          .json()
          .pendingRestarts.map((p: {node: string; service: string}) => `${p.node}/${p.service}`),
        ['imp-pub/Cisco XCP Router'],
      )

      page = await c.get('/cupadmin/messagingSettings.do')
      const ids = dom(page)
        .querySelectorAll('tr[class^=content-form-stripe-] select')
        .map((s) => s.id)
      assert.deepEqual(ids, ['ENABLEIM', 'ENABLEMDM', 'ENABLESTREAMMANAGEMENT'])
      page = await c.post('/cupadmin/messagingSettings.do', {
        csrf: csrf(page),
        action: 'Save',
        ENABLEMDM: 'Enabled',
        ENABLESTREAMMANAGEMENT: 'Enabled',
      })
      assert.deepEqual(
        (await sb.ok(['param', 'messaging', 'list', '--json'])).json().parameters.map((p: {value: string}) => p.value),
        ['Enabled', 'Enabled', 'Enabled'],
      )
    } finally {
      await imp.close()
    }
  })
})

describe('web pages: OS Administration certificate upload (tomcat-trust)', function () {
  it('uploads a CA chain to tomcat-trust of the node through a file input; cert list shows it; the CSRF token is checked', async () => {
    const sb = new Sandbox()
    const pages = await (async () => {
      await sb.ok(LAB)
      await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: PASSWORD + '\n'})
      return startPages(sb, 'cucm-sub1')
    })()
    try {
      const c = new Client(pages.base)
      await login(c, 'cmplatform')
      let page = await c.get('/cmplatform/certificateUpload.do')
      const d = dom(page)
      assert.equal(
        d.querySelector('form[enctype="multipart/form-data"]')!.getAttribute('action'),
        '/cmplatform/certificateUpload.do',
      )
      assert.deepEqual(
        d.querySelectorAll('#CERT_PURPOSE option').map((o) => o.text),
        ['tomcat-trust', 'callmanager-trust'],
      )
      assert.equal(d.querySelector('label[for=file]')!.text, 'Upload File')
      const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n'
      const forged = await c.upload(
        '/cmplatform/certificateUpload.do',
        {csrf: 'forged', action: 'Upload', CERT_PURPOSE: 'tomcat-trust'},
        {file: {name: 'Example-Root-CA.pem', content: pem}},
      )
      assert.equal(forged.status, 403)
      assert.deepEqual((await sb.ok(['cert', 'list', '--json'])).json().certificates, [])
      page = await c.upload(
        '/cmplatform/certificateUpload.do',
        {csrf: csrf(page), action: 'Upload', CERT_PURPOSE: 'tomcat-trust', DESCRIPTION: 'root'},
        {file: {name: 'Example-Root-CA.pem', content: pem}},
      )
      assert.equal(
        statusLines(page)[0],
        'Success: Certificate Uploaded (Example-Root-CA.pem to tomcat-trust on cucm-sub1)',
      )
      assert.deepEqual(
        (await sb.ok(['cert', 'list', '--json']))
          .json()
          .certificates.map((x: {node: string; store: string; name: string}) => `${x.node}/${x.store}/${x.name}`),
        ['cucm-sub1/tomcat-trust/Example-Root-CA.pem'],
      )
      const list = await c.get('/cmplatform/certificateFindList.do')
      assert.deepEqual(
        dom(list)
          .querySelectorAll('tbody td')
          .slice(0, 3)
          .map((td) => td.text),
        ['tomcat-trust', 'Example-Root-CA.pem', 'trust-certs'],
      )
      page = await c.upload(
        '/cmplatform/certificateUpload.do',
        {csrf: csrf(page), action: 'Upload', CERT_PURPOSE: 'tomcat-trust'},
        {file: {name: 'bad name.pem', content: pem}},
      )
      assert.match(statusLines(page)[0], /^"bad name\.pem" is not a certificate name\./)
    } finally {
      await pages.close()
      sb.remove()
    }
  })
})

/**
 * The parameter pages read the way public tools scrape them (log in with appNav, j_username and j_password; post
 * serviceParamEdit.do with server = the processnode pkid and service=-1; read every #SERVICE option; read the rows;
 * Enterprise Wide is service 11): the programmatic ids and labels of the parameters ucadmin models.
 */
async function scrape(
  base: string,
  host: string,
  nodeUuid: string,
): Promise<Array<{service: string; parameters: Array<{id: string; label: string}>}>> {
  const c = new Client(base)
  const form = {appNav: 'ccmadmin', j_username: 'admin', j_password: PASSWORD}
  await c.post('/ccmadmin/showHome.do', {})
  const logged = await c.post('/ccmadmin/j_security_check', form)
  assert.equal(logged.status, 302)
  const first = await c.post(`/ccmadmin/serviceParamEdit.do?server=${nodeUuid}&service=-1`, form)
  const select = dom(first).querySelector('#SERVICE')
  assert.ok(select, `#SERVICE on ${host}`)
  const indexes = select.querySelectorAll('option').filter((o) => o.getAttribute('value') !== '-1')
  const parse = async (index: string, service: string) => {
    const r = await c.post(`/ccmadmin/serviceParamEdit.do?server=${nodeUuid}&service=${index}&showall=true`, form)
    const parameters: Array<{id: string; label: string}> = []
    for (const tr of dom(r)
      .querySelectorAll('tr')
      .filter((t) => /^content-form-stripe-/.test(t.getAttribute('class') ?? ''))) {
      const tds = tr.querySelectorAll('td')
      const input = tds[1].querySelector('input, select, textarea')!
      if (input.getAttribute('type') === 'hidden') continue
      parameters.push({id: input.id, label: tds[0].querySelector('label a')!.text.trim()})
    }
    return {service, parameters}
  }
  const out = [await parse('11', 'Enterprise Wide')]
  for (const o of indexes) out.push(await parse(o.getAttribute('value')!, o.text))
  return out
}

describe('web pages: the parameter pages as public scrapers read them', function () {
  for (const [version, refreshLabel] of [
    ['14SU3', 'Jabber OAuth Refresh Token Expiry Timer (days)'],
    ['12.5(1)SU6', 'Client OAuth Refresh Token Expiry Timer (days)'],
  ]) {
    it(`finds the real programmatic ids and labels on ${version}`, async () => {
      const sb = new Sandbox()
      try {
        await sb.ok([
          'cluster',
          'create',
          'lab',
          '--version',
          version,
          '--publisher',
          'cucm-pub',
          '--imp-publisher',
          'imp-pub',
        ])
        await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: PASSWORD + '\n'})
        const uuid = (
          await sb.ok(['run', 'sql', "select pkid from processnode where name = 'cucm-pub'", '--json'])
        ).json().rows[0].pkid
        const pages = await startPages(sb, 'cucm-pub')
        try {
          const result = await scrape(pages.base, 'cucm-pub', uuid)
          const enterprise = result.find((s) => s.service === 'Enterprise Wide')!
          assert.deepEqual(enterprise.parameters, [
            {id: 'oAuthWithRefreshLoginFlow', label: 'OAuth with Refresh Login Flow'},
            {id: 'oauthTokenExpiryTimer', label: 'OAuth Access Token Expiry Timer (minutes)'},
            {id: 'refreshTokenExpiryTimer', label: refreshLabel},
          ])
          assert.ok(
            result.some((s) => s.service === 'Cisco Push Notification Service (Active)' && s.parameters.length === 0),
            result.map((s) => s.service).join(', '),
          )
          assert.ok(result.some((s) => s.service === 'Cisco CallManager (Active)'))
          assert.equal(new Set(result.map((s) => s.service)).size, result.length, 'each service once')
        } finally {
          await pages.close()
        }
      } finally {
        sb.remove()
      }
    })
  }
})
