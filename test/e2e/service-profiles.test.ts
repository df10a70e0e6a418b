import assert from 'node:assert/strict'

import {Sandbox, callsLab, simClient} from '../helpers.js'

/**
 * Issue 20, item 24: the per-user service profile that carries LocalPushSSIDList (the guide's "Configure Wi-Fi SSID"
 * and "Associate Jabber Service Profile to the End User"). A UC service of type Jabber Client Configuration
 * (jabber-config.xml) carries the SSIDs; a service profile names it in its Mobile slot; an end user has a UC Service
 * Profile. Users without one have the system default profile, whose UC service is what `param jabber set` edits.
 */

async function lab(sb: Sandbox): Promise<void> {
  await callsLab(sb)
  await sb.ok(['sim', 'client', 'add', 'bob', '--node', 'imp-pub', '--device-pool', 'DP', '--number', '1001'])
  // The guide's steps: a UC service with the ward's SSID, a service profile whose Mobile slot selects it.
  await sb.ok(['uc-service', 'add', 'WardConfig', '--param', 'LocalPushSSIDList=Ward1', '--description', 'Ward Wi-Fi'])
  await sb.ok(['service-profile', 'set', 'WardProfile', '--mobile', 'WardConfig'])
}

const client = simClient
const userPush = async (sb: Sandbox, user: string) => (await sb.ok(['sim', 'push', '--user', user, '--json'])).json()
const lpnsTrace = async (sb: Sandbox) =>
  (await sb.ok(['file', 'tail', 'activelog', 'cm/trace/lpns/log4j/', '--lines', '40'])).stdout

describe('per-user service profiles carry LocalPushSSIDList (issue 20, item 24)', function () {
  this.timeout(120_000)
  let sb: Sandbox
  before(async () => {
    sb = new Sandbox()
    await lab(sb)
  })
  after(() => sb.remove())

  it('lists the system default and the new UC service and profile; the default UC service is param jabber', async () => {
    const svcs = (await sb.ok(['uc-service', 'list', '--json'])).json()
    assert.equal(svcs.type, 'Jabber Client Configuration (jabber-config.xml)')
    const ssids = (v: {parameters: Array<{id: string; value: string}>}) =>
      v.parameters.find((p) => p.id === 'local-push-ssid-list')!.value
    assert.deepEqual(
      svcs.ucServices.map((v: {name: string; default: boolean; serviceProfiles: string[]}) => [
        v.name,
        v.default,
        ssids(v as never),
        v.serviceProfiles,
      ]),
      [
        ['Default', true, 'LabWiFi;Ward2', ['Default']],
        ['WardConfig', false, 'Ward1', ['WardProfile']],
      ],
    )
    // uc-service set Default is param jabber set (one value).
    await sb.ok(['uc-service', 'set', 'Default', 'LocalPushSSIDList', 'LabWiFi;Ward2;Ward3'])
    const jabber = (await sb.ok(['param', 'jabber', 'list', '--json'])).json()
    assert.equal(
      jabber.parameters.find((p: {id: string}) => p.id === 'local-push-ssid-list').value,
      'LabWiFi;Ward2;Ward3',
    )
    await sb.ok(['param', 'jabber', 'set', 'LocalPushSSIDList', 'LabWiFi;Ward2'])
    const profiles = (await sb.ok(['service-profile', 'list', '--json'])).json().serviceProfiles
    assert.deepEqual(
      profiles.map((p: {name: string; default: boolean; mobile: string; localPushSsids: string[]}) => [
        p.name,
        p.default,
        p.mobile,
        p.localPushSsids,
      ]),
      [
        ['Default', true, 'Default', ['LabWiFi', 'Ward2']],
        ['WardProfile', false, 'WardConfig', ['Ward1']],
      ],
    )
    const human = (await sb.ok(['service-profile', 'list'])).stdout
    assert.match(human, /WardProfile +WardConfig +Ward1 +0/)
    // A UC service's parameters complete as param jabber's do.
    assert.deepEqual(
      (await sb.ok(['completion', 'complete', '--', 'uc-service', 'set', 'WardConfig', ''])).stdout.trim().split('\n'),
      ['enable-voip-socket', 'local-push-ssid-list'],
    )
  })

  it('completes UC service names, service profile names and end users (bash, zsh and the admin: shell)', async () => {
    const complete = async (...words: string[]) =>
      (await sb.ok(['completion', 'complete', '--', ...words])).stdout.trim().split('\n')
    assert.deepEqual(await complete('uc-service', 'set', ''), ['Default', 'WardConfig'])
    assert.deepEqual(await complete('uc-service', 'show', 'W'), ['WardConfig'])
    assert.deepEqual(await complete('service-profile', 'set', 'P', '--mobile', ''), ['Default', 'WardConfig', 'none'])
    assert.deepEqual(await complete('service-profile', 'assign', 'bob', ''), ['Default', 'WardProfile'])
    assert.deepEqual(await complete('sim', 'client', 'add', 'x', '--service-profile', 'W'), ['WardProfile'])
    assert.ok((await complete('service-profile', 'assign', '')).includes('bob'))
    assert.ok((await complete('sim', 'push', '--user', 'b')).includes('bob'))
    // A new user is not completed from the existing ones.
    assert.deepEqual(await complete('sim', 'client', 'add', 'b'), [''])
  })

  it('a user whose profile lacks the SSID falls back to APNS: sim push --user names the profile, its UC service and the fix; fixing the UC service brings Local Push', async () => {
    const added = (
      await sb.ok([
        'sim',
        'client',
        'add',
        'dana',
        '--app',
        'webex',
        '--device-pool',
        'DP',
        '--suspended',
        '--ssid',
        'LabWiFi',
        '--service-profile',
        'WardProfile',
        '--json',
      ])
    ).json()
    assert.deepEqual([added.serviceProfile, added.localPush], ['WardProfile', []])
    // carol, on the system default profile and the same Wi-Fi, has Local Push.
    await sb.ok(['sim', 'client', 'add', 'carol', '--app', 'webex', '--device-pool', 'DP', '--suspended'])
    await sb.ok(['sim', 'client', 'wifi', 'carol', 'LabWiFi'])
    assert.equal((await client(sb, 'carol')).localPush.state, 'open')
    assert.equal((await client(sb, 'carol')).serviceProfile, 'Default')

    const d = await client(sb, 'dana')
    assert.equal(d.serviceProfile, 'WardProfile')
    assert.equal(d.localPush.state, 'none')
    assert.equal(
      d.localPush.problem,
      'SSID LabWiFi is not in LocalPushSSIDList (Ward1) of the UC service "WardConfig" of service profile "WardProfile"',
    )

    const p = await userPush(sb, 'dana')
    assert.deepEqual([p.status, p.path, p.hops.at(-2)], [200, 'cloud', 'apns'])
    assert.deepEqual([p.localPush.used, p.localPush.condition, p.localPush.hop], [false, 'lpns-ssid', 'device'])
    assert.match(p.localPush.detail, /UC service "WardConfig" of service profile "WardProfile"/)
    assert.match(p.localPush.fix, /`ucadmin uc-service set WardConfig LocalPushSSIDList "Ward1;LabWiFi"`/)
    assert.match(p.localPush.fix, /`ucadmin service-profile assign dana PROFILE`/)
    const explained = await sb.ok(['sim', 'push', '--user', 'dana', '--explain'])
    assert.match(
      explained.stdout,
      /^Local Push not used: lpns-ssid at device: SSID LabWiFi is not in LocalPushSSIDList/m,
    )
    assert.equal((await userPush(sb, 'carol')).path, 'local')

    // The call rings over APNS for dana.
    const call = (await sb.ok(['sim', 'call', 'bob', 'dana', '--json'])).json()
    assert.deepEqual([call.push.path, call.push.status], ['cloud', 200])
    const why = call.events.find((e: {event: string}) => e.event === 'local-push-unavailable')
    assert.match(
      why?.detail ?? '',
      /^Local Push not used \(lpns-ssid\): SSID LabWiFi is not in LocalPushSSIDList \(Ward1\) of the UC service "WardConfig" of service profile "WardProfile"$/,
    )
    assert.match(
      (await sb.ok(['file', 'tail', 'activelog', 'cm/trace/ccmpns/log4j/', '--lines', '40'])).stdout,
      /call bob -> dana \+0s local-push-unavailable: Local Push not used \(lpns-ssid\)/,
    )

    // Fix the UC service: the next push opens the session and goes over Local Push.
    const set = (
      await sb.ok(['uc-service', 'set', 'WardConfig', 'LocalPushSSIDList', 'Ward1;LabWiFi', '--json'])
    ).json()
    assert.deepEqual(
      [set.previous, set.param.value, set.changed, set.serviceProfiles],
      ['Ward1', 'Ward1;LabWiFi', true, ['WardProfile']],
    )
    const after = await userPush(sb, 'dana')
    assert.deepEqual([after.status, after.path, after.localPush], [200, 'local', undefined])
    assert.match(await lpnsTrace(sb), /WebSocket session opened by dana \(webex, SSID LabWiFi\)/)
    await sb.ok(['uc-service', 'set', 'WardConfig', 'LocalPushSSIDList', 'Ward1'])
  })

  it('assigning a UC Service Profile reconfigures the devices: a session the new list does not allow closes, Default reopens it', async () => {
    assert.equal((await client(sb, 'carol')).localPush.state, 'open')
    const r = (await sb.ok(['service-profile', 'assign', 'carol', 'WardProfile', '--json'])).json()
    assert.deepEqual(
      [r.user, r.previous, r.serviceProfile, r.changed, r.localPushSsids],
      ['carol', 'Default', 'WardProfile', true, ['Ward1']],
    )
    assert.match(r.notes[0], /^Local Push session closed: the new jabber-config.xml does not allow it/)
    assert.equal((await client(sb, 'carol')).localPush.state, 'closed')
    assert.match(await lpnsTrace(sb), /WebSocket session of carol closed: the new jabber-config.xml does not allow it/)
    assert.equal((await userPush(sb, 'carol')).path, 'cloud')

    const back = await sb.ok(['service-profile', 'assign', 'carol', 'Default'])
    assert.match(back.stdout, /carol: UC Service Profile WardProfile -> Default \(LocalPushSSIDList LabWiFi;Ward2\)/)
    assert.match(back.stdout, /Local Push session opened on cucm-pub:9560/)
    assert.equal((await userPush(sb, 'carol')).path, 'local')
  })

  it('a session closed by a profile stays closed after its UC service is fixed; the fix reconnects it when pasted', async () => {
    await sb.ok(['service-profile', 'assign', 'carol', 'WardProfile'])
    assert.equal((await client(sb, 'carol')).localPush.state, 'closed')
    const set = await sb.ok(['uc-service', 'set', 'WardConfig', 'LocalPushSSIDList', 'Ward1;LabWiFi'])
    assert.match(set.stdout, /opens again when the device rejoins its Wi-Fi \(ucadmin sim client wifi USER SSID\)/)
    const push = await userPush(sb, 'carol')
    assert.equal(push.path, 'cloud')
    assert.match(
      push.localPush.detail,
      /^Its Local Push session is closed \(the new jabber-config.xml does not allow it/,
    )
    const fix = /\(ucadmin (sim client wifi carol LabWiFi)\)/.exec(push.localPush.fix)
    assert.ok(fix, push.localPush.fix)
    await sb.ok(fix[1].split(' '))
    assert.equal((await userPush(sb, 'carol')).path, 'local')
    await sb.ok(['uc-service', 'set', 'WardConfig', 'LocalPushSSIDList', 'Ward1'])
    await sb.ok(['service-profile', 'assign', 'carol', 'Default'])
    assert.equal((await client(sb, 'carol')).localPush.state, 'open')
  })

  it('bad input exits 2 with one line and a fix, and changes nothing', async () => {
    const before = (await sb.ok(['service-profile', 'list', '--json'])).stdout
    const cases: Array<[string[], RegExp]> = [
      [
        ['service-profile', 'assign', 'carol', 'WardProfil'],
        /No service profile "WardProfil".*Did you mean "WardProfile"/,
      ],
      [['service-profile', 'assign', 'nobody', 'WardProfile'], /No end user nobody in lab.*sim client add nobody/],
      [['service-profile', 'set', 'NewProfile'], /Give the new service profile "NewProfile" its Mobile UC service/],
      [['service-profile', 'set', 'NewProfile', '--mobile', 'WardConfg'], /No UC service "WardConfg".*"WardConfig"/],
      [['service-profile', 'set', 'Default', '--mobile', 'WardConfig'], /system default service profile/],
      [['uc-service', 'add', 'WardConfig'], /exists already/],
      // Both the user and the profile missing: the profile is named first (a fix naming it would fail when pasted).
      [['service-profile', 'assign', 'nobody', 'Nope'], /No service profile "Nope"/],
      // The fix sets what the command asked for, not an example.
      [
        ['uc-service', 'add', 'WardConfig', '--param', 'LocalPushSSIDList=Ward1;Ward7'],
        /exists already\. Change its parameters: ucadmin uc-service set "WardConfig" LocalPushSSIDList "Ward1;Ward7"\n$/,
      ],
      [['uc-service', 'add', 'X', '--param', 'LocalPushSSIDList=Guest WiFi'], /not a valid SSID/],
      [['uc-service', 'add', 'X', '--param', 'LocalPushSSIDList'], /is not NAME=VALUE/],
      [['uc-service', 'set', 'WardConfig', 'LocalPushSSIDList', 'a;b;c;d;e;f;g;h;i;j;k'], /at most 10 SSIDs/],
      [['sim', 'client', 'add', 'erin', '--ssid', 'Ward1', '--service-profile', 'Nope'], /No service profile "Nope"/],
    ]
    for (const [args, re] of cases) {
      const r = await sb.run(args)
      assert.equal(r.exitCode, 2, args.join(' '))
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
      assert.match(r.stderr, re)
    }
    assert.equal((await sb.ok(['service-profile', 'list', '--json'])).stdout, before)
    assert.equal((await sb.ok(['uc-service', 'list', '--json'])).json().ucServices.length, 2)
    assert.equal(await client(sb, 'erin'), undefined)
  })

  it('a Webex App client without a device pool: sim push --user gives a fix that works when pasted', async () => {
    await sb.ok([
      'sim',
      'client',
      'add',
      'pia',
      '--app',
      'webex',
      '--ssid',
      'Ward1',
      '--service-profile',
      'WardProfile',
    ])
    const r = await sb.run(['sim', 'push', '--user', 'pia'])
    assert.equal(r.exitCode, 2, r.stderr)
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
    // The client exists, so the fix deletes it before adding it again with a device pool.
    const m = /ucadmin (sim client delete pia), then ucadmin (sim client add pia --app webex --device-pool POOL)/.exec(
      r.stderr,
    )
    assert.ok(m, r.stderr)
    await sb.ok(m[1].split(' '))
    await sb.ok([...m[2].replace('POOL', 'DP').split(' '), '--ssid', 'Ward1', '--service-profile', 'WardProfile'])
    assert.match((await sb.ok(['sim', 'push', '--user', 'pia'])).stdout, /^200 OK/m)
    await sb.ok(['sim', 'client', 'delete', 'pia'])
  })

  it('in the admin: shell, the next-step hints of uc-service add and service-profile set are in the session form', async () => {
    const r = await sb.ok(['shell'], 0, {
      input:
        'uc-service add ShellConfig --param LocalPushSSIDList=Ward5\nservice-profile set ShellProfile --mobile ShellConfig\n',
    })
    assert.match(
      r.stdout,
      /^Select it in a service profile's Mobile slot: service-profile set PROFILE --mobile "ShellConfig"$/m,
    )
    assert.match(r.stdout, /^Give it to an end user: service-profile assign USER "ShellProfile"$/m)
    // From bash they stay bash commands.
    const bash = await sb.ok(['uc-service', 'add', 'BashConfig'])
    assert.match(bash.stdout, /ucadmin service-profile set PROFILE --mobile "BashConfig"/)
  })

  it('sim client add --count N --service-profile gives every one of the N users the profile (past 20: bulk)', async () => {
    const r = (
      await sb.ok([
        'sim',
        'client',
        'add',
        'ward',
        '--app',
        'webex',
        '--device-pool',
        'DP',
        '--count',
        '25',
        '--service-profile',
        'WardProfile',
        '--json',
      ])
    ).json()
    assert.deepEqual([r.count, r.serviceProfile], [25, 'WardProfile'])
    const wp = (await sb.ok(['service-profile', 'list', '--json']))
      .json()
      .serviceProfiles.find((p: {name: string}) => p.name === 'WardProfile')
    assert.equal(wp.userCount, 26, 'dana and ward1..ward25')
    assert.equal((await client(sb, 'ward25')).serviceProfile, 'WardProfile')
    // Deleting a user forgets their profile.
    await sb.ok(['sim', 'client', 'delete', 'ward25'])
    await sb.ok(['sim', 'client', 'add', 'ward25', '--app', 'webex', '--device-pool', 'DP'])
    assert.equal((await client(sb, 'ward25')).serviceProfile, 'Default')
  })

  it('onboarding check --platform lpns evaluates every profile in use; it fails when none provisions an SSID, naming the UC service to fix', async () => {
    const check = async (code: number) =>
      (await sb.ok(['onboarding', 'check', '--platform', 'lpns', '--json'], code))
        .json()
        .checks.find((c: {id: string}) => c.id === 'lpns-ssid')
    let c = await check(0)
    assert.equal(
      c.detail,
      'Local Push SSIDs: LabWiFi, Ward2 (service profile "Default", the system default); Ward1 (UC service "WardConfig" of service profile "WardProfile").',
    )
    await sb.ok(['param', 'jabber', 'set', 'LocalPushSSIDList', ''])
    c = await check(0)
    assert.match(c.detail, /none \(service profile "Default", the system default\); Ward1/)
    await sb.ok(['uc-service', 'set', 'WardConfig', 'LocalPushSSIDList', ''])
    c = await check(1)
    assert.equal(c.ok, false)
    assert.match(c.detail, /^No Wi-Fi SSID is provisioned for Local Push in any service profile in use/)
    assert.match(c.fix, /`ucadmin uc-service set WardConfig LocalPushSSIDList HospitalWiFi`/)
    // dana (WardProfile): the Local Push test path names the user's profile.
    const p = await userPush(sb, 'dana')
    assert.equal(p.localPush.condition, 'lpns-ssid')
    assert.match(p.localPush.detail, /LocalPushSSIDList \(empty\) of the UC service "WardConfig"/)
    await sb.ok(['uc-service', 'set', 'WardConfig', 'LocalPushSSIDList', 'Ward1'])
    await sb.ok(['param', 'jabber', 'set', 'LocalPushSSIDList', 'LabWiFi;Ward2'])
  })

  it('a profile with no Mobile UC service gives its users no SSIDs; EnableVoipSocket comes from the user\u2019s UC service too', async () => {
    await sb.ok(['service-profile', 'set', 'Bare', '--mobile', 'none'])
    await sb.ok(['service-profile', 'assign', 'dana', 'Bare'])
    const p = await userPush(sb, 'dana')
    assert.match(p.localPush.detail, /service profile "Bare" has no Jabber Client Configuration \(Mobile\) UC service/)
    assert.match(p.localPush.fix, /`ucadmin service-profile set Bare --mobile UCSERVICE`/)

    // Jabber on iOS: EnableVoipSocket true in the user's UC service breaks Voice Push for that user only.
    await sb.ok(['uc-service', 'add', 'VoipOn', '--param', 'EnableVoipSocket=true'])
    await sb.ok(['service-profile', 'set', 'VoipProfile', '--mobile', 'VoipOn'])
    await sb.ok([
      'sim',
      'client',
      'add',
      'frank',
      '--platform',
      'ios',
      '--app',
      'jabber',
      '--node',
      'imp-pub',
      '--device-pool',
      'DP',
      '--suspended',
      '--service-profile',
      'VoipProfile',
    ])
    const f = (await sb.ok(['sim', 'push', '--user', 'frank', '--json'], 1)).json()
    assert.deepEqual([f.condition, f.hop], ['voip-socket', 'device'])
    assert.match(f.detail, /EnableVoipSocket is true in the UC service "VoipOn" of service profile "VoipProfile"/)
    const check = (await sb.ok(['onboarding', 'check', '--platform', 'ios', '--json'], 1)).json()
    const voip = check.checks.find((c: {id: string}) => c.id === 'voip-socket')
    assert.match(voip.fix, /`ucadmin uc-service set VoipOn EnableVoipSocket false`/)
    await sb.ok(['uc-service', 'set', 'VoipOn', 'EnableVoipSocket', 'false'])
    assert.equal((await userPush(sb, 'frank')).status, 200)
  })
})

describe('lab files: ucServices, serviceProfiles and a client\u2019s serviceProfile (issue 20, item 24)', function () {
  this.timeout(120_000)
  let sb: Sandbox
  beforeEach(() => {
    sb = new Sandbox()
  })
  afterEach(() => sb.remove())
  const LAB_FILE = `clusters:
  ward:
    version: 14SU3
    nodes:
      - {host: w-pub, role: publisher}
      - {host: w-imp, role: imp-publisher}
    parameters: {local-push-ssid-list: LabWiFi}
    groups: [{name: G1, nodes: [w-pub]}]
    devicePools: [{name: DP, group: G1}]
    ucServices:
      - {name: WardConfig, description: Ward Wi-Fi, parameters: {local-push-ssid-list: 'Ward1;Ward2'}}
    serviceProfiles:
      - {name: WardProfile, mobile: WardConfig}
      - {name: Bare, mobile: null}
    clients:
      - {user: dana, platform: ios, app: webex, devicePool: DP, serviceProfile: WardProfile}
      - {user: carol, platform: ios, app: webex, devicePool: DP}
`

  it('apply makes them as the commands do, applying again changes nothing, and export gives the same file back', async () => {
    const file = sb.write('ward.yaml', LAB_FILE)
    const out = (await sb.ok(['apply', '-f', file])).stdout
    assert.match(
      out,
      /\$ ucadmin uc-service add WardConfig --description 'Ward Wi-Fi' --param 'LocalPushSSIDList=Ward1;Ward2' --cluster ward/,
    )
    assert.match(out, /\$ ucadmin service-profile set WardProfile --mobile WardConfig --cluster ward/)
    assert.match(out, /\$ ucadmin service-profile set Bare --mobile none --cluster ward/)
    assert.match(out, /\$ ucadmin sim client add dana .*--service-profile WardProfile --cluster ward/)
    const profiles = (await sb.ok(['service-profile', 'list', '--json'])).json().serviceProfiles
    assert.deepEqual(
      profiles.map((p: {name: string; mobile: string | null; users: string[]}) => [p.name, p.mobile, p.users]),
      [
        ['Default', 'Default', []],
        ['WardProfile', 'WardConfig', ['dana']],
        ['Bare', null, []],
      ],
    )
    assert.match((await sb.ok(['apply', '-f', file])).stdout, / 0 changed/)
    const exported = (await sb.ok(['cluster', 'export', 'ward'])).stdout
    assert.match(
      exported,
      /ucServices:\n {6}- name: WardConfig\n {8}description: Ward Wi-Fi\n {8}parameters:\n {10}local-push-ssid-list: Ward1;Ward2\n/,
    )
    assert.match(exported, /serviceProfile: WardProfile/)
    const other = new Sandbox()
    try {
      await other.ok(['apply', '-f', sb.write('exported.yaml', exported)])
      assert.equal((await other.ok(['cluster', 'export', 'ward'])).stdout, exported)
    } finally {
      other.remove()
    }
  })

  it('a changed file changes only what differs (uc-service set, service-profile assign); diff exits 1 with the plan', async () => {
    await sb.ok(['apply', '-f', sb.write('ward.yaml', LAB_FILE)])
    const changed = sb.write(
      'ward2.yaml',
      LAB_FILE.replace("'Ward1;Ward2'", "'Ward1;Ward3'").replace('serviceProfile: WardProfile', 'serviceProfile: Bare'),
    )
    const plan = await sb.ok(['diff', '-f', changed], 1)
    assert.match(plan.stdout, /\$ ucadmin uc-service set WardConfig LocalPushSSIDList 'Ward1;Ward3' --cluster ward/)
    assert.match(plan.stdout, /\$ ucadmin service-profile assign dana Bare --cluster ward/)
    assert.match(plan.stdout, /: 2 to change, 7 unchanged/)
    await sb.ok(['apply', '-f', changed])
    assert.equal((await sb.ok(['sim', 'client', 'list', '--json'])).json().clients[0].serviceProfile, 'Bare')
    assert.match((await sb.ok(['apply', '-f', changed])).stdout, / 0 changed/)
  })

  it('a profile naming an unknown UC service, a client naming an unknown profile, or Default listed: exit 2, nothing changed', async () => {
    const bad = sb.write(
      'bad.yaml',
      LAB_FILE.replace('mobile: WardConfig', 'mobile: WardConfg')
        .replace('serviceProfile: WardProfile', 'serviceProfile: WardProfle')
        .replace('{name: Bare, mobile: null}', '{name: Default, mobile: null}'),
    )
    const r = await sb.run(['apply', '-f', bad])
    assert.equal(r.exitCode, 2)
    // A mistyped name gets the nearest name the file (or the state) has.
    assert.match(r.stderr, /no UC service WardConfg in cluster ward \(ucServices\)\. Did you mean "WardConfig"\?/)
    assert.match(
      r.stderr,
      /no service profile WardProfle in cluster ward \(serviceProfiles\)\. Did you mean "WardProfile"\?/,
    )
    assert.match(r.stderr, /Default is the system default service profile/)
    assert.equal((await sb.run(['cluster', 'list', '--json'])).json().clusters?.length ?? 0, 0)
  })
})
