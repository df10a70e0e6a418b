import assert from 'node:assert/strict'

import {LAB, Sandbox, onboard} from '../helpers.js'

type Check = {id: string; ok: boolean; detail: string; fix: string | null}

describe('Cisco Cloud Onboarding', () => {
  let sb: Sandbox
  beforeEach(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
  })
  afterEach(() => sb.remove())

  const checks = async (args: string[] = []) => {
    const r = await sb.run(['onboarding', 'check', '--json', ...args])
    const j = r.json() as {ok: boolean; checks: Check[]}
    return {exitCode: r.exitCode, ok: j.ok, byId: new Map(j.checks.map((c) => [c.id, c])), all: j.checks}
  }

  it('a new cluster is not onboarded; its status and check say so, with fixes', async () => {
    const s = (await sb.ok(['onboarding', 'status', '--json'])).json()
    assert.deepEqual(
      Object.keys(s).sort(),
      [
        'customerClusterId',
        'encryptedPii',
        'manageCerts',
        'pendingRestarts',
        'proxy',
        'pushEnabled',
        'status',
        'statusMessage',
        'statusNotes',
        'supportToken',
        'troubleshooting',
        'voucher',
      ].sort(),
    )
    assert.equal(s.pushEnabled, false)
    assert.deepEqual(s.pendingRestarts, [])
    const c = await checks()
    assert.equal(c.exitCode, 1)
    assert.equal(c.ok, false)
    for (const ch of c.all) {
      assert.deepEqual(Object.keys(ch).sort(), ['detail', 'fix', 'id', 'ok'])
      if (!ch.ok) assert.ok(ch.fix, `${ch.id} has a fix`)
    }
    assert.equal(c.byId.get('voucher')!.ok, false)
    // Issue 20, item 14: with MRA off and no MRA clients the Expressway settings block nothing.
    assert.equal(c.byId.has('oauth-refresh'), false, 'MRA is off: the OAuth setting of Expressway is not in scope')
    assert.equal(c.byId.get('dns')!.ok, true)
    await sb.ok(['expressway', 'set', 'mra', 'on'])
    assert.equal(
      (await checks()).byId.get('oauth-refresh')!.ok,
      false,
      'the default settings mismatch, as the guide warns',
    )
    await sb.ok(['expressway', 'set', 'mra', 'off'])
  })

  it('walks the whole task flow to a 200 test push and a passing check', async () => {
    assert.equal(
      (await sb.run(['onboarding', 'save', '--push', 'on', '--manage-certs', 'on'])).exitCode,
      1,
      'voucher first',
    )
    await sb.ok(['onboarding', 'voucher'])
    const first = (await sb.ok(['onboarding', 'save', '--push', 'on', '--manage-certs', 'on', '--json'])).json()
    assert.deepEqual(
      first.pendingRestarts.map((p: {node: string; service: string}) => `${p.service}@${p.node}`),
      ['Cisco Tomcat@cucm-pub', 'Cisco Tomcat@cucm-sub1', 'Cisco Tomcat@imp-pub'],
    )
    await sb.ok(['utils', 'service', 'restart', 'Cisco Tomcat', '--node', 'cucm-pub'])
    assert.notEqual((await sb.ok(['onboarding', 'status', '--json'])).json().status, 'Cisco Cloud Onboarding Pending')
    await sb.ok(['utils', 'service', 'restart', 'Cisco Tomcat', '--all-nodes'])
    assert.equal((await sb.ok(['onboarding', 'status', '--json'])).json().status, 'Cisco Cloud Onboarding Pending')
    const done = (await sb.ok(['onboarding', 'save', '--json'])).json()
    assert.equal(done.status, 'Cloud Onboarding Completed')
    assert.equal(done.subscribed, true)
    const st = (await sb.ok(['onboarding', 'status', '--json'])).json()
    assert.equal(st.pushEnabled, true)
    assert.equal(st.troubleshooting, true, 'troubleshooting is on by default once push is enabled')
    assert.match(st.customerClusterId, /^[0-9a-f-]{36}$/)
    assert.equal(st.supportToken, null)
    assert.deepEqual(st.pendingRestarts.map((p: {node: string; service: string}) => `${p.service}@${p.node}`).sort(), [
      'Cisco Push Notification Service@cucm-pub',
      'Cisco Push Notification Service@cucm-sub1',
      'Cisco XCP Config Manager@imp-pub',
      'Cisco XCP Router@imp-pub',
    ])
    // Not yet: CPNS has not been restarted since the save.
    const early = await sb.run(['sim', 'push', '--json'])
    assert.equal(early.exitCode, 1)
    assert.equal(early.json().status, 503)
    await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service', '--all-nodes'])
    await sb.ok(['utils', 'service', 'restart', 'Cisco XCP Config Manager', '--node', 'imp-pub'])
    await sb.ok(['utils', 'service', 'restart', 'Cisco XCP Router', '--node', 'imp-pub'])
    const st2 = (await sb.ok(['onboarding', 'status', '--json'])).json()
    assert.deepEqual(st2.pendingRestarts, [])
    assert.match(
      st2.statusMessage,
      /Restart the Cisco XCP Router/,
      "the page keeps asking for the XCP Router restart (the guide's quirk)",
    )
    const push = (await sb.ok(['sim', 'push', '--json'])).json()
    assert.equal(push.status, 200)
    assert.equal(push.activeNode, 'cucm-pub')
    assert.equal(
      (await sb.ok(['sim', 'push', '--platform', 'android', '--node', 'cucm-sub1', '--json'])).json().status,
      200,
    )
    // The rest of the task flow.
    await sb.ok(['param', 'messaging', 'set', 'multiple-device-messaging', 'Enabled'])
    await sb.ok(['param', 'messaging', 'set', 'Stream', 'Management', 'Enabled'])
    await sb.ok(['param', 'service', 'set', 'Cisco XCP Router', 'Push Notifications High Availability', 'Enabled'])
    const c1 = await checks()
    assert.match(
      c1.byId.get('restarts')!.detail,
      /Cisco XCP Router on imp-pub/,
      'changing HA asks for XCP Router restarts',
    )
    await sb.ok(['utils', 'service', 'restart', 'Cisco XCP Router', '--node', 'imp-pub'])
    await sb.ok(['param', 'enterprise', 'set', 'OAuth with Refresh Login Flow', 'Enabled'])
    assert.equal(
      (await checks()).byId.has('expressway-refresh'),
      false,
      'MRA off, no MRA clients: the Expressway steps are not in scope',
    )
    await sb.ok(['expressway', 'set', 'mra', 'on'])
    await sb.ok(['cert', 'upload', 'tomcat-trust', 'Root-CA.pem', '--all-nodes'])
    await sb.ok(['expressway', 'trust', 'add', '--node-certs'])
    const c2 = await checks()
    assert.equal(c2.byId.get('expressway-refresh')!.ok, false)
    await sb.ok(['expressway', 'refresh-servers'])
    await sb.ok(['expressway', 'restart', 'c'])
    await sb.ok(['expressway', 'restart', 'e'])
    const c3 = await checks()
    assert.deepEqual(
      c3.all.filter((x) => !x.ok),
      [],
    )
    assert.equal(c3.exitCode, 0)
  })

  it('a later save asks for a new CPNS restart, and the test push fails until it is done', async () => {
    await onboard(sb)
    await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service', '--all-nodes'])
    await sb.ok(['sim', 'push'])
    await sb.ok(['sim', 'clock', 'advance', '1h'])
    const saved = (await sb.ok(['onboarding', 'save', '--encrypted-pii', 'on', '--json'])).json()
    assert.ok(saved.pendingRestarts.some((p: {service: string}) => p.service === 'Cisco Push Notification Service'))
    assert.match((await sb.ok(['onboarding', 'status', '--json'])).json().supportToken, /^[0-9a-f]{48}$/)
    assert.equal((await sb.run(['sim', 'push'])).exitCode, 1)
    await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service'])
    await sb.ok(['sim', 'push'])
  })

  it('the subscription fails clearly when a cloud host is unreachable, and nothing changes', async () => {
    await sb.ok(['onboarding', 'voucher'])
    await sb.ok(['onboarding', 'save', '--push', 'on', '--manage-certs', 'on'])
    await sb.ok(['utils', 'service', 'restart', 'Cisco Tomcat', '--all-nodes'])
    await sb.ok(['sim', 'fault', 'unreachable', 'fos-a.wbx2.com'])
    const r = await sb.run(['onboarding', 'save'])
    assert.equal(r.exitCode, 1)
    assert.match(
      r.stderr,
      /subscription request from cucm-pub failed at fos \(ports\): 504 Gateway Timeout: Port 443 is blocked: cucm-pub -> fos-a\.wbx2\.com/,
    )
    assert.equal((await sb.ok(['onboarding', 'status', '--json'])).json().status, 'Cisco Cloud Onboarding Pending')
    assert.equal((await checks()).byId.get('ports')!.ok, false)
    await sb.ok(['sim', 'fault', 'reachable', 'fos-a.wbx2.com'])
    await sb.ok(['onboarding', 'save'])
  })

  it('saving again in the Pending state needs both boxes still checked', async () => {
    await sb.ok(['onboarding', 'voucher'])
    await sb.ok(['onboarding', 'save', '--push', 'on', '--manage-certs', 'on'])
    await sb.ok(['utils', 'service', 'restart', 'Cisco Tomcat', '--all-nodes'])
    const r = await sb.run(['onboarding', 'save', '--manage-certs', 'off'])
    assert.equal(r.exitCode, 1)
    assert.match(r.stderr, /Check both/)
  })

  it('disable unchecks the boxes and asks for XCP Router restarts on IM and Presence', async () => {
    await onboard(sb)
    const d = (await sb.ok(['onboarding', 'disable', '--json'])).json()
    assert.equal(d.status, 'Push Notifications Disabled')
    assert.deepEqual(
      d.pendingRestarts.map((p: {node: string; service: string}) => `${p.service}@${p.node}`),
      ['Cisco XCP Router@imp-pub'],
    )
    const s = (await sb.ok(['onboarding', 'status', '--json'])).json()
    assert.equal(s.pushEnabled, false)
    assert.equal(s.troubleshooting, false)
    assert.equal((await sb.run(['sim', 'push', '--json'])).json().status, 403)
  })

  it('the proxy: URL checked, digest recommended over basic', async () => {
    assert.equal((await sb.run(['onboarding', 'save', '--proxy', 'not a url'])).exitCode, 2)
    const r = await sb.ok(['onboarding', 'save', '--proxy', 'http://proxy.example.com:3128', '--proxy-auth', 'basic'])
    assert.match(r.stderr, /digest authentication is recommended/)
    assert.deepEqual((await sb.ok(['onboarding', 'status', '--json'])).json().proxy, {
      url: 'http://proxy.example.com:3128',
      auth: 'basic',
    })
    assert.equal((await sb.run(['onboarding', 'save', '--proxy-auth', 'md5'])).exitCode, 2)
  })

  it('each prerequisite fails and passes: DNS, ports, services, release per platform', async () => {
    await sb.ok(['sim', 'fault', 'dns-off', 'imp-pub'])
    assert.match((await checks()).byId.get('dns')!.detail, /imp-pub/)
    await sb.ok(['sim', 'fault', 'dns-on', 'imp-pub'])
    assert.equal((await checks()).byId.get('dns')!.ok, true)
    await sb.ok(['sim', 'fault', 'unreachable', 'idbroker.webex.com', '--node', 'cucm-sub1'])
    assert.match((await checks()).byId.get('ports')!.detail, /cucm-sub1 -> idbroker\.webex\.com/)
    await sb.ok(['utils', 'service', 'stop', 'Cisco Management Agent Service', '--node', 'cucm-sub1'])
    assert.match((await checks()).byId.get('service-cmas')!.detail, /not running on cucm-sub1/)
    await sb.ok(['sim', 'fault', 'node-down', 'cucm-sub1'])
    assert.match((await checks()).byId.get('service-cpns')!.detail, /cucm-sub1 \(node down\)/)
    await sb.ok(['cluster', 'create', 'old', '--version', '12.5(1)SU2', '--publisher', 'old-pub'])
    const old = await checks(['--cluster', 'old', '--platform', 'android'])
    assert.match(old.byId.get('release-android')!.detail, /needs 12\.5\(1\)SU3/)
    await sb.ok(['cluster', 'create', 'lp', '--version', '14SU2', '--publisher', 'lp-pub'])
    assert.equal((await checks(['--cluster', 'lp', '--platform', 'lpns'])).byId.get('release-lpns')!.ok, false)
    assert.equal((await sb.run(['onboarding', 'check', '--platform', 'windows'])).exitCode, 2)
  })

  it('licensing: PLM needs synchronized licenses on 11.5; SLR blocks push from 12.5', async () => {
    await sb.ok(['cluster', 'create', 'c115', '--version', '11.5(1)SU8', '--publisher', 'p115'])
    await sb.ok(['cluster', 'use', 'lab'])
    const v = await sb.run(['onboarding', 'voucher', '--cluster', 'c115'])
    assert.equal(v.exitCode, 1)
    assert.match(v.stderr, /license sync/)
    await sb.ok(['license', 'sync', '--cluster', 'c115'])
    await sb.ok(['onboarding', 'voucher', '--cluster', 'c115'])
    assert.equal((await sb.run(['license', 'sync'])).exitCode, 1, 'no PLM on 14SU3')
    await sb.ok(['license', 'mode', 'slr'])
    const slr = await checks()
    assert.match(slr.byId.get('licensing')!.detail, /Specific License Reservation/)
    assert.equal((await sb.run(['onboarding', 'voucher'])).exitCode, 1)
    await sb.ok(['license', 'mode', 'smart'])
    await sb.ok(['onboarding', 'voucher'])
    assert.equal((await sb.run(['license', 'mode', 'plm'])).exitCode, 2)
  })

  it('an upgrade from 11.5(1)SU2 with push enabled must disable and re-onboard', async () => {
    await sb.ok([
      'cluster',
      'create',
      'su2',
      '--version',
      '11.5(1)SU2',
      '--publisher',
      'su2-pub',
      '--imp-publisher',
      'su2-imp',
    ])
    await sb.ok(['cluster', 'use', 'su2'])
    await sb.ok(['license', 'sync'])
    await onboard(sb)
    const up = await sb.ok(['cluster', 'upgrade', '--version', '11.5(1)SU8'])
    assert.match(up.stdout, /disable them and onboard again/)
    assert.match(up.stdout, /Cisco Push Notification Service/)
    const c = await checks(['--platform', 'ios'])
    assert.equal(c.byId.get('upgrade-11.5(1)SU2')!.ok, false)
    // Issue 20, item 6: pushes keep working; only troubleshooting logs stop.
    await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service', '--all-nodes'])
    const pushed = await sb.ok(['sim', 'push', '--json'])
    assert.deepEqual([pushed.json().status, pushed.json().condition], [200, null])
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Critical', '--message', 'disk full'])
    const upload = await sb.run(['utils', 'managementAgent', 'alarms', 'pushnow'])
    assert.equal(upload.exitCode, 1)
    assert.match(upload.stderr, /pushes keep working, but troubleshooting logs cannot be sent/)
    assert.match(upload.stderr, /onboarding disable/)
    await sb.ok(['onboarding', 'disable'])
    assert.equal((await checks(['--platform', 'ios'])).byId.has('upgrade-11.5(1)SU2'), false)
    assert.equal((await sb.run(['cluster', 'upgrade', '--version', '11.5(1)SU3'])).exitCode, 2, 'no downgrades')
  })

  it('MRA certificates as the guide describes them: CA-signed with the chain in tomcat-trust and on Expressway-C, or the self-signed ones on Expressway-C (issue 20, item 19)', async () => {
    await sb.ok(['expressway', 'set', 'mra', 'on'])
    assert.equal((await checks()).byId.get('certificates')!.ok, false)
    await sb.ok(['cert', 'upload', 'tomcat-trust', 'Example-Root-CA.pem', '--all-nodes'])
    assert.equal((await sb.ok(['cert', 'list', '--json'])).json().certificates.length, 3)
    const only = (await checks()).byId.get('certificates')!
    assert.equal(only.ok, false, 'a file in tomcat-trust alone is not enough')
    assert.match(only.detail, /self-signed and not on Expressway-C/)
    // The CA-signed way: the CSRs (CallManager on Unified CM only), the chain on Expressway-C as well.
    await sb.ok(['cert', 'csr', 'tomcat', '--ca', 'Example-Root-CA.pem', '--all-nodes'])
    const cm = (
      await sb.ok(['cert', 'csr', 'callmanager', '--ca', 'Example-Root-CA.pem', '--all-nodes', '--json'])
    ).json()
    assert.deepEqual(
      cm.certificates.map((c: {node: string}) => c.node),
      ['cucm-pub', 'cucm-sub1'],
    )
    assert.equal(
      (await sb.run(['cert', 'csr', 'callmanager', '--ca', 'Example-Root-CA.pem', '--node', 'imp-pub'])).exitCode,
      2,
    )
    assert.match((await checks()).byId.get('certificates')!.detail, /whose chain is not on Expressway-C/)
    await sb.ok(['expressway', 'trust', 'add', 'Example-Root-CA.pem'])
    assert.equal((await checks()).byId.get('certificates')!.ok, true)
    // A chain missing from one node's tomcat-trust breaks it again.
    await sb.ok(['cert', 'delete', 'tomcat-trust', 'Example-Root-CA.pem', '--node', 'cucm-sub1'])
    assert.match((await checks()).byId.get('certificates')!.detail, /not in cucm-sub1's tomcat-trust/)
    await sb.ok(['cert', 'upload', 'tomcat-trust', 'Example-Root-CA.pem', '--node', 'cucm-sub1'])
    assert.equal((await checks()).byId.get('certificates')!.ok, true)
    assert.deepEqual((await sb.ok(['expressway', 'trust', 'list', '--json'])).json().trust, ['Example-Root-CA.pem'])
  })

  it("MRA certificates, the self-signed alternative: the nodes' own certificates uploaded onto Expressway-C", async () => {
    await sb.ok([
      'cluster',
      'create',
      'self',
      '--version',
      '14SU3',
      '--publisher',
      'self-pub',
      '--imp-publisher',
      'self-imp',
    ])
    const c = ['--cluster', 'self']
    await sb.ok(['expressway', 'set', 'mra', 'on', ...c])
    const failing = (await sb.run(['onboarding', 'check', '--condition', 'certificates', '--json', ...c])).json()
      .checks[0]
    assert.equal(failing.ok, false)
    const t = (await sb.ok(['expressway', 'trust', 'add', '--node-certs', '--json', ...c])).json().trust
    assert.deepEqual(t, ['self-pub/tomcat', 'self-pub/callmanager', 'self-imp/tomcat'])
    assert.equal(
      (await sb.run(['onboarding', 'check', '--condition', 'certificates', '--json', ...c])).json().checks[0].ok,
      true,
    )
    await sb.ok(['expressway', 'trust', 'remove', 'self-imp/tomcat', ...c])
    assert.match(
      (await sb.run(['onboarding', 'check', '--condition', 'certificates', '--json', ...c])).json().checks[0].detail,
      /self-imp's Cisco Tomcat certificate is self-signed/,
    )
  })

  it('the wizard refuses to run without a terminal and names the flags instead', async () => {
    const r = await sb.run(['onboarding', 'wizard'])
    assert.equal(r.exitCode, 2)
    assert.match(r.stderr, /needs a terminal.*onboarding save --push on/)
  })
})

describe('parameters', () => {
  let sb: Sandbox
  before(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
  })
  after(() => sb.remove())

  it("lists the guide's enterprise parameters with defaults and ranges", async () => {
    const j = (await sb.ok(['param', 'enterprise', 'list', '--json'])).json()
    const byName = new Map(j.parameters.map((p: {name: string}) => [p.name, p]))
    assert.deepEqual(byName.get('OAuth with Refresh Login Flow'), {
      id: 'oauth-refresh-login-flow',
      programmaticId: 'oAuthWithRefreshLoginFlow',
      scope: 'enterprise',
      service: null,
      name: 'OAuth with Refresh Login Flow',
      value: 'Disabled',
      default: 'Disabled',
      allowed: 'Enabled | Disabled',
      changedAt: null,
    })
    assert.equal((byName.get('OAuth Access Token Expiry Timer (minutes)') as {default: string}).default, '60')
    assert.equal(
      (byName.get('Jabber OAuth Refresh Token Expiry Timer (days)') as {allowed: string}).allowed,
      '1..365 days',
    )
  })

  it("the refresh timer carries its release's label and the real programmatic ids; the guide's name stays an alias (issue 20, item 17)", async () => {
    const label = async (cluster: string) =>
      (await sb.ok(['param', 'enterprise', 'list', '--cluster', cluster, '--json']))
        .json()
        .parameters.find((p: {id: string}) => p.id === 'oauth-refresh-token-expiry')
    assert.deepEqual(
      [(await label('lab')).name, (await label('lab')).programmaticId],
      ['Jabber OAuth Refresh Token Expiry Timer (days)', 'refreshTokenExpiryTimer'],
    )
    await sb.ok(['cluster', 'create', 'su6', '--version', '12.5(1)SU6', '--publisher', 'su6-pub'])
    await sb.ok(['cluster', 'create', 'su5', '--version', '12.5(1)SU5', '--publisher', 'su5-pub'])
    await sb.ok(['cluster', 'use', 'lab'])
    assert.equal((await label('su6')).name, 'Client OAuth Refresh Token Expiry Timer (days)')
    assert.equal((await label('su5')).name, 'OAuth Refresh Token Expiry Timer (days)')
    for (const name of [
      'OAuth Refresh Token Expiry Timer (days)',
      'Client OAuth Refresh Token Expiry Timer (days)',
      'Jabber OAuth Refresh Token Expiry Timer (days)',
      'refreshTokenExpiryTimer',
    ]) {
      const r = (await sb.ok(['param', 'enterprise', 'set', name, '61', '--json'])).json()
      assert.deepEqual([r.param.id, r.param.value], ['oauth-refresh-token-expiry', '61'], name)
    }
    // An unknown name is answered with the names the release shows, as the list shows them.
    for (const [cluster, shown] of [
      ['lab', 'Jabber OAuth Refresh Token Expiry Timer (days)'],
      ['su5', 'OAuth Refresh Token Expiry Timer (days)'],
    ]) {
      const bad = await sb.run(['param', 'enterprise', 'set', 'nope', '3', '--cluster', cluster])
      assert.equal(bad.exitCode, 2)
      assert.match(
        bad.stderr,
        new RegExp(`^Error: Unknown enterprise parameter "nope"\\. Known: .*"${shown.replace(/[()]/g, '\\$&')}"\\.\n$`),
      )
    }
    const ids = (await sb.ok(['param', 'enterprise', 'list', '--json']))
      .json()
      .parameters.map((p: {programmaticId: string}) => p.programmaticId)
    assert.deepEqual(ids, ['oAuthWithRefreshLoginFlow', 'oauthTokenExpiryTimer', 'refreshTokenExpiryTimer'])
    await sb.ok(['param', 'enterprise', 'set', 'refreshTokenExpiryTimer', '60'])
  })

  for (const [name, bad] of [
    ['OAuth Access Token Expiry Timer (minutes)', '0'],
    ['OAuth Access Token Expiry Timer (minutes)', '1441'],
    ['OAuth Refresh Token Expiry Timer (days)', '366'],
    ['OAuth Refresh Token Expiry Timer (days)', '2.5'],
    ['OAuth with Refresh Login Flow', 'Maybe'],
  ]) {
    it(`refuses ${name} = ${bad} (exit 2, unchanged)`, async () => {
      const r = await sb.run(['param', 'enterprise', 'set', name, bad])
      assert.equal(r.exitCode, 2)
      assert.equal(r.stderr.trim().split('\n').length, 1)
    })
  }

  it('sets values at the ends of their ranges, by name or id', async () => {
    await sb.ok(['param', 'enterprise', 'set', 'OAuth Access Token Expiry Timer (minutes)', '1440'])
    await sb.ok(['param', 'enterprise', 'set', 'oauth-refresh-token-expiry', '1'])
    const j = (await sb.ok(['param', 'enterprise', 'list', '--json'])).json()
    assert.deepEqual(
      j.parameters
        .filter((p: {changedAt: string | null}) => p.changedAt)
        .map((p: {id: string; value: string}) => `${p.id}=${p.value}`),
      ['oauth-access-token-expiry=1440', 'oauth-refresh-token-expiry=1'],
    )
  })

  it('LocalPushSSIDList takes up to ten alphanumeric SSIDs separated by semicolons', async () => {
    await sb.ok(['param', 'jabber', 'set', 'LocalPushSSIDList', 'HospitalWiFi;Ward2'])
    const ten = Array.from({length: 10}, (_, i) => `ssid${i}`).join(';')
    await sb.ok(['param', 'jabber', 'set', 'LocalPushSSIDList', ten])
    assert.equal((await sb.run(['param', 'jabber', 'set', 'LocalPushSSIDList', `${ten};ssid10`])).exitCode, 2)
    assert.equal((await sb.run(['param', 'jabber', 'set', 'LocalPushSSIDList', 'Guest WiFi'])).exitCode, 2)
    assert.equal((await sb.run(['param', 'jabber', 'set', 'LocalPushSSIDList', 'a-b'])).exitCode, 2)
  })

  it('names the near miss for an unknown parameter', async () => {
    const r = await sb.run(['param', 'enterprise', 'set', 'OAuth with Refresh Login Flw', 'Enabled'])
    assert.equal(r.exitCode, 2)
    assert.match(r.stderr, /Did you mean "OAuth with Refresh Login Flow"/)
  })

  it('service parameters of the Cisco XCP Router, with the restart they ask for', async () => {
    const set = (
      await sb.ok([
        'param',
        'service',
        'set',
        'Cisco XCP Router',
        'Push Notifications High Availability',
        'enabled',
        '--json',
      ])
    ).json()
    assert.equal(set.param.value, 'Enabled')
    assert.match(set.restartRequired, /Restart Cisco XCP Router on every IM and Presence node/)
    const list = (await sb.ok(['param', 'service', 'list', 'Cisco', 'XCP', 'Router', '--json'])).json()
    assert.ok(list.parameters.every((p: {service: string}) => p.service === 'Cisco XCP Router'))
  })
})
