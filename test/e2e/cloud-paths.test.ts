import assert from 'node:assert/strict'

import {Sandbox} from '../helpers.js'

/**
 * Issue 20, items 2-5: every path to the Cisco cloud (a push, the access-token fetch, the subscription request, the
 * troubleshooting upload) is walked by the one condition table. One test breaks every network condition in turn and
 * reads, through the CLI, whether each path fails or passes as the guide says.
 */

const PROXY = 'http://proxy.lab.example:8080'

async function onboard(sb: Sandbox, cluster: string, complete: boolean): Promise<void> {
  const c = ['--cluster', cluster]
  await sb.ok(['onboarding', 'voucher', ...c])
  await sb.ok(['onboarding', 'save', '--push', 'on', '--manage-certs', 'on', '--proxy', PROXY, ...c])
  await sb.ok(['utils', 'service', 'restart', 'Cisco Tomcat', '--all-nodes', ...c])
  if (!complete) return
  await sb.ok(['onboarding', 'save', ...c])
  await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service', '--all-nodes', ...c])
}

interface Row {
  name: string
  brk: string[][]
  fix: string[][]
  /** Expected: the failed condition per path, or null when the path passes. */
  push: string | null
  token: string | null
  subscription: string | null
  upload: string | null
}

/** Each break applied to both clusters (lab: onboarded; fresh: waiting for the Save that subscribes). */
const both = (args: string[]) => [
  [...args, '--cluster', 'lab'],
  [...args, '--cluster', 'fresh'],
]

const ROWS: Row[] = [
  {
    name: 'DNS off on the publishers',
    brk: [
      ['sim', 'fault', 'dns-off', 'cucm-pub', '--cluster', 'lab'],
      ['sim', 'fault', 'dns-off', 'fresh-pub', '--cluster', 'fresh'],
    ],
    fix: [
      ['sim', 'fault', 'dns-on', 'cucm-pub', '--cluster', 'lab'],
      ['sim', 'fault', 'dns-on', 'fresh-pub', '--cluster', 'fresh'],
    ],
    push: 'dns',
    token: 'dns',
    subscription: 'dns',
    upload: 'dns',
  },
  {
    name: 'the proxy down',
    brk: both(['sim', 'fault', 'unreachable', 'proxy.lab.example']),
    fix: both(['sim', 'fault', 'reachable', 'proxy.lab.example']),
    push: 'proxy',
    token: 'proxy',
    subscription: 'proxy',
    upload: 'proxy',
  },
  {
    name: 'fos-a.wbx2.com blocked',
    brk: both(['sim', 'fault', 'unreachable', 'fos-a.wbx2.com']),
    fix: both(['sim', 'fault', 'reachable', 'fos-a.wbx2.com']),
    push: null,
    token: null,
    subscription: 'ports',
    upload: 'ports',
  },
  {
    name: 'idbroker.webex.com blocked',
    brk: both(['sim', 'fault', 'unreachable', 'idbroker.webex.com']),
    fix: both(['sim', 'fault', 'reachable', 'idbroker.webex.com']),
    push: 'ports',
    token: 'ports',
    subscription: null,
    upload: null,
  },
  {
    name: 'push.webexconnect.com blocked',
    brk: both(['sim', 'fault', 'unreachable', 'push.webexconnect.com']),
    fix: both(['sim', 'fault', 'reachable', 'push.webexconnect.com']),
    push: 'ports',
    token: null,
    subscription: null,
    upload: null,
  },
]

describe('every path to the Cisco cloud reads the one condition list (issue 20, items 2-5)', () => {
  let sb: Sandbox
  before(async () => {
    sb = new Sandbox()
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
    ])
    await sb.ok(['cluster', 'create', 'fresh', '--version', '14SU3', '--publisher', 'fresh-pub'])
    await sb.ok(['cluster', 'use', 'lab'])
    await onboard(sb, 'lab', true)
    await onboard(sb, 'fresh', false)
    // The fetch's response line is a DEBUG line (issue 20, item 12): raise CPNS's trace level on the publisher.
    await sb.ok(['set', 'trace', 'enable', 'Detailed', 'ccmpns'])
  })
  after(() => sb.remove())

  /** The push path: a call push from the publisher. */
  async function push(): Promise<string | null> {
    const r = await sb.run(['sim', 'push', '--node', 'cucm-pub', '--json'])
    return r.exitCode === 0 ? null : r.json().condition
  }

  /** The token path: the next 10-minute fetch on the publisher, as token status and the CPNS trace show it. */
  async function token(): Promise<string | null> {
    await sb.ok(['sim', 'clock', 'advance', '10m'])
    const st = (await sb.ok(['token', 'status', '--json']))
      .json()
      .nodes.find((n: {node: string}) => n.node === 'cucm-pub')
    const line = (await sb.ok(['file', 'tail', 'activelog', 'cm/trace/ccmpns/log4j/', '--lines', '1'])).stdout
    if (st.valid) {
      assert.equal(st.lastFetch.status, 200)
      assert.match(line, /fetchAndStoreAccessToken\(\) Response received : 200/)
      return null
    }
    assert.notEqual(st.lastFetch.status, 200, st.detail)
    assert.match(
      line,
      /ERROR .*fetchAndStoreAccessToken\(\) failed : java\.net\.\w+Exception/,
      'the fetch never got a response',
    )
    const m = /\((dns|proxy|ports)\)/.exec(st.detail)
    return m ? m[1] : st.detail
  }

  /** The subscription path: the Save that completes onboarding on the fresh cluster (only asserted when it must fail). */
  async function subscription(): Promise<string | null> {
    const r = await sb.run(['onboarding', 'save', '--cluster', 'fresh', '--json'])
    if (r.exitCode === 0) return null
    assert.equal(r.exitCode, 1)
    const e = r.json().error
    assert.equal(e.code, 'SUBSCRIPTION_FAILED')
    assert.equal(
      (await sb.ok(['onboarding', 'status', '--cluster', 'fresh', '--json'])).json().status,
      'Cisco Cloud Onboarding Pending',
      'a failed Save changes nothing',
    )
    return e.details.condition
  }

  /** The upload path: pushnow of one queued alarm. */
  async function upload(): Promise<string | null> {
    await sb.ok(['sim', 'alarm', 'raise', '--severity', 'Critical', '--message', 'disk full'])
    const r = await sb.run(['utils', 'managementAgent', 'alarms', 'pushnow', '--json'])
    if (r.exitCode === 0) return null
    assert.equal(r.exitCode, 1)
    const e = r.json().error
    assert.equal(e.code, 'CLOUD_UNREACHABLE')
    return e.details.condition
  }

  it('with nothing broken every path passes (the subscription is left for last)', async () => {
    assert.deepEqual([await push(), await token(), await upload()], [null, null, null])
  })

  for (const row of ROWS) {
    it(`${row.name}: push ${row.push ?? 'passes'}, token ${row.token ?? 'passes'}, subscription ${row.subscription ?? 'passes'}, upload ${row.upload ?? 'passes'}`, async () => {
      for (const a of row.brk) await sb.ok(a)
      const seen = {
        push: await push(),
        token: await token(),
        upload: await upload(),
        subscription: row.subscription ? await subscription() : null,
      }
      assert.deepEqual(seen, {push: row.push, token: row.token, upload: row.upload, subscription: row.subscription})
      for (const a of row.fix) await sb.ok(a)
      assert.deepEqual(
        [await push(), await token(), await upload()],
        [null, null, null],
        'fixed: every path passes again',
      )
    })
  }

  it('the subscription needs only fos-a.wbx2.com: with idbroker and the push service blocked the Save completes onboarding', async () => {
    for (const h of ['idbroker.webex.com', 'push.webexconnect.com'])
      await sb.ok(['sim', 'fault', 'unreachable', h, '--cluster', 'fresh'])
    assert.equal(await subscription(), null)
    assert.equal(
      (await sb.ok(['onboarding', 'status', '--cluster', 'fresh', '--json'])).json().status,
      'Cloud Onboarding Completed',
    )
  })

  it('the access-token fetch at CPNS start reads the same conditions: an alarm, no 200, token status names the cause', async () => {
    await sb.ok(['sim', 'fault', 'unreachable', 'idbroker.webex.com'])
    await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service', '--node', 'cucm-sub1'])
    const st = (await sb.ok(['token', 'status', '--json']))
      .json()
      .nodes.find((n: {node: string}) => n.node === 'cucm-sub1')
    assert.equal(st.valid, false)
    assert.equal(st.lastFetch.status, 504)
    assert.match(st.detail, /idbroker\.webex\.com.*504 Gateway Timeout \(ports\)/)
    const trace = (
      await sb.ok(['file', 'tail', 'activelog', 'cm/trace/ccmpns/log4j/', '--node', 'cucm-sub1', '--lines', '1'])
    ).stdout
    assert.match(trace, /java\.net\.SocketTimeoutException: connect timed out \(idbroker\.webex\.com:443\)/)
    const alarms = (await sb.ok(['alarms', 'list', '--json'])).json().alarms as Array<{
      name: string
      node: string
      message: string
    }>
    assert.ok(
      alarms.some(
        (a) =>
          a.name === 'PushNotificationTokenFetchFailed' &&
          a.node === 'cucm-sub1' &&
          /could not reach the Common Identity service/.test(a.message),
      ),
    )
    await sb.ok(['sim', 'fault', 'reachable', 'idbroker.webex.com'])
  })
})
