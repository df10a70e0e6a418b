import assert from 'node:assert/strict'

import {Sandbox} from '../helpers.js'

type NodeStatus = {
  node: string
  refreshTokenFingerprint: string | null
  accessTokenExpiresAt: string | null
  valid: boolean
}

/** Two clusters of one release: the affected one ("lab") and the new server ("newpub"). */
async function twoClusters(sb: Sandbox): Promise<void> {
  await sb.ok([
    'cluster',
    'create',
    'lab',
    '--version',
    '14SU3',
    '--publisher',
    'cucm-pub',
    '--subscriber',
    'cucm-sub1',
    '--imp-publisher',
    'imp-pub',
  ])
  await sb.ok(['cluster', 'create', 'newpub', '--version', '14SU3', '--publisher', 'new-pub'])
  await sb.ok(['cluster', 'use', 'lab'])
  for (const c of ['lab', 'newpub']) await onboardAndRestart(sb, c)
}

async function onboardAndRestart(sb: Sandbox, cluster: string): Promise<void> {
  const c = ['--cluster', cluster]
  // IM pushes need the IM and Presence messaging prerequisites (off on a new cluster).
  for (const p of ['multiple-device-messaging', 'stream-management'])
    await sb.ok(['param', 'messaging', 'set', p, 'Enabled', ...c])
  await sb.ok(['onboarding', 'voucher', ...c])
  await sb.ok(['onboarding', 'save', '--push', 'on', '--manage-certs', 'on', ...c])
  await sb.ok(['utils', 'service', 'restart', 'Cisco Tomcat', '--all-nodes', ...c])
  await sb.ok(['onboarding', 'save', ...c])
  await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service', '--all-nodes', ...c])
  const imp = (await sb.ok(['cluster', 'show', cluster, '--json']))
    .json()
    .nodes.filter((n: {role: string}) => n.role.startsWith('imp'))
  for (const n of imp) {
    await sb.ok(['utils', 'service', 'restart', 'Cisco XCP Config Manager', '--node', n.host, ...c])
    await sb.ok(['utils', 'service', 'restart', 'Cisco XCP Router', '--node', n.host, ...c])
  }
}

describe('machine account tokens and the 400 Bad Request', () => {
  let sb: Sandbox
  beforeEach(async () => {
    sb = new Sandbox()
    await twoClusters(sb)
  })
  afterEach(() => sb.remove())

  const tokens = async (cluster = 'lab') =>
    (await sb.ok(['token', 'status', '--cluster', cluster, '--json'])).json().nodes as NodeStatus[]
  const sql = async (args: string[]) => (await sb.ok(['run', 'sql', ...args, '--json'])).json()

  it('onboarding provisions one machine account, replicated to every node; token status shows fingerprints only', async () => {
    const pub = await sql(['select pkid, refreshtoken from machineaccountdetails'])
    assert.equal(pub.rowCount, 1)
    const token = pub.rows[0].refreshtoken as string
    assert.match(token, /[-=_]/, 'real tokens have characters that need quoting in SQL')
    for (const node of ['cucm-sub1', 'imp-pub']) {
      assert.equal(
        (await sql(['select refreshtoken from machineaccountdetails', '--node', node])).rows[0].refreshtoken,
        token,
      )
    }
    const st = await tokens()
    assert.equal(st.length, 3)
    for (const n of st) {
      assert.equal(n.valid, true, n.node)
      assert.match(n.refreshTokenFingerprint!, /^sha256:[0-9a-f]{16}$/)
      assert.ok(n.accessTokenExpiresAt)
    }
    const human = await sb.ok(['token', 'status'])
    assert.doesNotMatch(human.stdout, new RegExp(token.slice(0, 20).replace(/[-+]/g, '\\$&')))
  })

  it('an expired token: 400 on push, a trace line per attempt, an alarm; then the procedure repairs it', async () => {
    // The fetch detail is a DEBUG line: written once the trace level is raised (the default is Info).
    await sb.ok(['set', 'trace', 'enable', 'Detailed', 'ccmpns'])
    assert.equal((await sb.ok(['sim', 'push', '--json'])).json().status, 200)
    await sb.ok(['sim', 'fault', 'token-expire'])
    const bad = await sb.run(['sim', 'push', '--json'])
    assert.equal(bad.exitCode, 1)
    assert.deepEqual([bad.json().status, bad.json().reason], [400, 'Bad Request'])
    await sb.ok(['sim', 'clock', 'advance', '30m'])
    const trace = await sb.ok(['file', 'tail', 'activelog', 'cm/trace/ccmpns/log4j/', '--lines', '50'])
    const fails = trace.stdout
      .split('\n')
      .filter((l) =>
        /DEBUG \[Timer-\d+\] ccmpns\.CCMPNServer \(CCMPNServer\.java:306\) - fetchAndStoreAccessToken\(\) Response received : 400/.test(
          l,
        ),
      )
    assert.ok(fails.length >= 4, `one line per attempt (push + 3 timer runs): ${fails.length}\n${trace.stdout}`)
    const imp = await sb.ok([
      'file',
      'tail',
      'activelog',
      'epas/trace/xcpconfigmgr/log/',
      '--node',
      'imp-pub',
      '--lines',
      '5',
    ])
    assert.match(
      imp.stdout,
      /400 Bad Request: invalid_request, unsupported_grant_type, invalid_client, invalid_refresh_token, tokenlimit_reached/,
    )
    assert.ok((await tokens()).every((n) => !n.valid))
    const alarms = (await sb.ok(['alarms', 'list', '--json'])).json().alarms as Array<{
      name: string
      node: string
      message: string
    }>
    const fetchFailed = alarms.filter((a) => a.name === 'PushNotificationTokenFetchFailed')
    assert.ok(
      fetchFailed.some((a) => a.node === 'cucm-pub'),
      'a failed token fetch raises an alarm',
    )
    assert.ok(
      alarms.some((a) => a.name === 'PushNotificationSendFailed'),
      'a failed push raises an alarm',
    )
    for (const a of alarms) assert.doesNotMatch(a.message, /[A-Za-z0-9_-]{40,}/, 'no token in alarm text')

    const proc = await sb.run(['token', 'procedure', '--source-cluster', 'newpub', '--yes'])
    assert.equal(proc.exitCode, 1, 'step 3 needs the tomcat-trust chain on the new server')
    assert.match(proc.stdout, /FAIL  Step 3\./)
    await sb.ok(['cert', 'upload', 'tomcat-trust', 'Root-CA.pem', '--cluster', 'newpub'])
    const ok = await sb.ok(['token', 'procedure', '--source-cluster', 'newpub', '--yes', '--json'])
    const r = ok.json()
    assert.equal(r.ok, true)
    assert.deepEqual(
      r.steps.map((s: {step: number; ok: boolean}) => [s.step, s.ok]),
      [1, 2, 3, 4, 5, 6, 7, 8].map((n) => [n, true]),
    )
    assert.doesNotMatch(
      ok.stdout,
      new RegExp(
        (await sql(['select refreshtoken from machineaccountdetails'])).rows[0].refreshtoken
          .slice(0, 24)
          .replace(/[-+]/g, '\\$&'),
      ),
    )
    const src = (await sql(['select refreshtoken from machineaccountdetails', '--cluster', 'newpub'])).rows[0]
      .refreshtoken
    for (const node of ['cucm-pub', 'cucm-sub1', 'imp-pub'])
      assert.equal(
        (await sql(['select refreshtoken from machineaccountdetails', '--node', node])).rows[0].refreshtoken,
        src,
      )
    assert.equal((await sb.ok(['sim', 'push', '--json'])).json().status, 200)
    assert.ok((await tokens()).every((n) => n.valid))
  })

  it("the machine token is not the clients' token: the OAuth Refresh Token Expiry Timer never stops pushes (issue 20, item 1)", async () => {
    await sb.ok(['param', 'enterprise', 'set', 'OAuth Refresh Token Expiry Timer (days)', '1'])
    await sb.ok(['sim', 'clock', 'advance', '2d'])
    assert.equal(
      (await sb.ok(['sim', 'push', '--json'])).json().status,
      200,
      "the clients' timer does not expire the machine account",
    )
    await sb.ok(['sim', 'clock', 'advance', '400d'])
    assert.equal((await sb.ok(['sim', 'push', '--json'])).json().status, 200, 'a year later pushes still work')
    assert.ok((await tokens()).every((n) => n.valid))
    const trace = await sb.ok(['file', 'tail', 'activelog', 'cm/trace/ccmpns/log4j/', '--lines', '5'])
    assert.doesNotMatch(trace.stdout, /Response received : 400/)
    // Only something that expires it does.
    await sb.ok(['sim', 'fault', 'token-expire'])
    assert.equal((await sb.run(['sim', 'push', '--json'])).json().status, 400)
  })

  it("the manual path: run sql update with the quoted token, then the restarts, in the guide's order", async () => {
    await sb.ok(['sim', 'fault', 'token-expire'])
    const src = (await sql(['select refreshtoken from machineaccountdetails', '--cluster', 'newpub'])).rows[0]
      .refreshtoken
    const pkid = (await sql(['select pkid from machineaccountdetails'])).rows[0].pkid
    await sb.ok(['run', 'sql', `update machineaccountdetails set refreshtoken='${src}' where pkid='${pkid}'`])
    assert.equal((await sb.run(['sim', 'push', '--json'])).json().status, 400, 'CPNS still uses the token it loaded')
    for (const s of ['Cisco Management Agent Service', 'Cisco Push Notification Service', 'Cisco Tomcat'])
      await sb.ok(['utils', 'service', 'restart', s, '--all-nodes'])
    for (const s of ['Cisco XCP Config Manager', 'Cisco XCP Router'])
      await sb.ok(['utils', 'service', 'restart', s, '--node', 'imp-pub'])
    assert.equal((await sb.ok(['sim', 'push', '--json'])).json().status, 200)
    assert.equal((await sb.ok(['sim', 'push', '--node', 'imp-pub', '--json'])).json().status, 200)
    for (const node of ['cucm-pub', 'cucm-sub1', 'imp-pub'])
      assert.equal(
        (await sql(['select refreshtoken from machineaccountdetails', '--node', node])).rows[0].refreshtoken,
        src,
      )
  })

  it('the procedure refuses a new server of another release, and names nodes whose replica keeps the old token', async () => {
    await sb.ok(['cluster', 'create', 'older', '--version', '14SU2', '--publisher', 'older-pub'])
    const r = await sb.run(['token', 'procedure', '--source-cluster', 'older', '--yes'])
    assert.equal(r.exitCode, 1)
    assert.match(r.stdout, /FAIL  Step 1\./)
    await sb.ok(['cert', 'upload', 'tomcat-trust', 'Root-CA.pem', '--cluster', 'newpub'])
    await sb.ok(['sim', 'fault', 'replication-break', 'cucm-sub1'])
    const broken = await sb.run(['token', 'procedure', '--source-cluster', 'newpub', '--yes'])
    assert.equal(broken.exitCode, 1)
    assert.match(broken.stdout, /FAIL  Step 8\.[\s\S]*cucm-sub1/)
    await sb.ok(['sim', 'fault', 'replication-fix', 'cucm-sub1'])
    const resumed = await sb.ok(['token', 'procedure', '--source-cluster', 'newpub', '--yes'])
    assert.match(resumed.stdout, /PASS  Step 8\./)
  })
})

describe("the token check's fix", () => {
  // Issue 24 item 4: the token check's fix names what `token procedure` needs, in the form of where it is read.
  it("the token check's fix names the second onboarded cluster the procedure needs, and how to make one", async () => {
    const one = new Sandbox()
    try {
      await one.ok(['cluster', 'create', 'lab', '--version', '14SU3', '--publisher', 'cucm-pub'])
      await onboardAndRestart(one, 'lab')
      await one.ok(['sim', 'fault', 'token-expire'])
      const check = await one.run(['onboarding', 'check', '--condition', 'token'])
      assert.equal(check.exitCode, 1)
      assert.match(
        check.stdout,
        /fix: Update it with `ucadmin token procedure`, which copies the refresh token of a second onboarded cluster of the same release \(14SU3\): create one \(`ucadmin cluster create new-server --version '14SU3' --publisher new-server-pub`\), onboard it \(`ucadmin onboarding wizard --cluster new-server --yes`\), then `ucadmin token procedure --cluster lab --source-cluster new-server`\./,
      )
      // At the admin: prompt the same fix is written as typed there.
      const sh = await one.run(['shell'], {input: 'onboarding check --condition token\n'})
      assert.match(
        sh.stdout,
        /fix: Update it with `token procedure`, which .* create one \(`cluster create new-server --version '14SU3' --publisher new-server-pub`\)/,
      )
      assert.doesNotMatch(sh.stdout, /ucadmin/)
      // Made as the fix says, the second cluster is named, and the command it gives runs (no missing flag).
      await one.ok(['cluster', 'create', 'new-server', '--version', '14SU3', '--publisher', 'new-server-pub'])
      await onboardAndRestart(one, 'new-server')
      const again = await one.run(['onboarding', 'check', '--condition', 'token', '--cluster', 'lab'])
      const m = /fix: Update it: `ucadmin (token procedure --cluster lab --source-cluster new-server)`/.exec(
        again.stdout,
      )
      assert.ok(m, again.stdout)
      await one.ok(['cert', 'upload', 'tomcat-trust', 'Root-CA.pem', '--cluster', 'new-server'])
      await one.ok([...m[1].split(' '), '--yes'])
      assert.equal((await one.ok(['sim', 'push', '--json', '--cluster', 'lab'])).json().status, 200)
    } finally {
      one.remove()
    }
  })
})
