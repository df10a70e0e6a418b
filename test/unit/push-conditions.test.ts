import assert from 'node:assert/strict'

import type {ClusterRow, NodeRow} from '../../src/features/world/cluster/store.js'
import {clusterById, findNode, listNodes} from '../../src/features/world/cluster/store.js'
import {createCluster} from '../../src/features/guide/install/install.js'
import {upgradeCluster} from '../../src/features/scenario/upgrade/upgrade.js'
import {CONDITIONS, checkConditionIds, setInternalPortBlocked} from '../../src/features/guide/conditions/conditions.js'
import {type DeliveryOutcome, type DeliveryRequest, deliver} from '../../src/features/paths/push/delivery.js'
import {onboardingChecks} from '../../src/features/guide/conditions/checks.js'
import {
  CPNS,
  XCP_CONFIG,
  XCP_ROUTER,
  TOMCAT,
  generateVoucher,
  onboardingAfterUpgrade,
  saveOnboardingPage,
} from '../../src/features/guide/onboarding/onboarding.js'
import {getOnboarding, saveOnboarding} from '../../src/features/guide/onboarding/store.js'
import {findParam, setParam} from '../../src/features/guide/onboarding/parameters.js'
import {
  refreshServers,
  restartExpressway,
  setExpressway,
  setExpresswayVersion,
} from '../../src/features/guide/onboarding/expressway.js'
import {getExpressway, saveExpressway} from '../../src/features/guide/onboarding/config-store.js'
import {
  addExpresswayTrust,
  removeCertificate,
  signCertificate,
  uploadCertificate,
} from '../../src/features/guide/onboarding/certificates.js'
import {setLicensingMode, syncLicenses} from '../../src/features/guide/onboarding/licensing.js'
import {controlService} from '../../src/features/platform/services/control.js'
import {getService} from '../../src/features/platform/services/store.js'
import {setCloudReachable, setDns, setNodeFault} from '../../src/features/scenario/faults/faults.js'
import {addClient} from '../../src/features/paths/calls/clients.js'
import {expireToken, provisionMachineAccount} from '../../src/features/guide/tokens/tokens.js'
import {uploadBlocker} from '../../src/features/guide/alarm-upload/upload.js'
import {UsageError} from '../../src/core/errors.js'
import {isCucm, isImp} from '../../src/features/world/cluster/topology.js'
import {LPNS} from '../../src/features/guide/conditions/conditions.js'
import {tempStore, REACTIONS} from './fixture.js'

type T = ReturnType<typeof tempStore>

const PROXY = 'http://proxy.lab.example:8080'

/** The whole task flow on a 14SU3 cluster, with a proxy, an MRA client, Local Push provisioned: every check passes. */
function lab(t: T): ClusterRow {
  const c = createCluster(t.store, t.clock, {
    name: 'lab',
    version: '14SU3',
    publisher: 'cucm-pub',
    subscribers: ['cucm-sub1'],
    impPublisher: 'imp-pub',
    impSubscribers: [],
  })
  generateVoucher(t.store, t.clock, c)
  const set = (
    scope: 'enterprise' | 'messaging' | 'jabber' | 'service',
    name: string,
    value: string,
    service?: string,
  ) => setParam(t.store, t.clock, cl(t), findParam(scope, name, service), value)
  set('messaging', 'multiple-device-messaging', 'Enabled')
  set('messaging', 'stream-management', 'Enabled')
  set('service', 'Push Notifications High Availability', 'Enabled', XCP_ROUTER)
  set('enterprise', 'OAuth with Refresh Login Flow', 'Enabled')
  set('jabber', 'LocalPushSSIDList', 'LabWiFi')
  onboard(t, PROXY)
  setExpressway(t.store, t.clock, cl(t), 'mra', true)
  uploadCertificate(t.store, t.clock, listNodes(t.store, c.id), 'tomcat-trust', 'Lab-Root-CA.pem')
  // CA-signed MRA certificates: the CSRs, and the CA chain on Expressway-C too (Certificate Prerequisites).
  signCertificate(t.store, listNodes(t.store, c.id), 'tomcat', 'Lab-Root-CA.pem')
  signCertificate(t.store, listNodes(t.store, c.id), 'callmanager', 'Lab-Root-CA.pem')
  addExpresswayTrust(t.store, cl(t), ['Lab-Root-CA.pem'], false)
  expresswaySteps(t)
  addClient(t.store, t.clock, cl(t), {user: 'mo', platform: 'ios', app: 'jabber', node: 'imp-pub', mra: true})
  return cl(t)
}

const cl = (t: T) => clusterById(t.store, 1)!
const node = (t: T, host: string): NodeRow => findNode(t.store, 1, host)!

function restart(t: T, service: string, pred: (n: NodeRow) => boolean): void {
  for (const n of listNodes(t.store, 1).filter((x) => pred(x) && getService(t.store, x.id, service)))
    controlService(t.store, t.clock, n, service, 'restart', REACTIONS)
}

/** Enable Push Notifications (steps 3-12): save, Tomcat everywhere, save again, CPNS and the XCP services. */
function onboard(t: T, proxy?: string): void {
  const provision = (row: Parameters<typeof provisionMachineAccount>[3]) =>
    provisionMachineAccount(t.store, t.clock, cl(t), row)
  saveOnboardingPage(
    t.store,
    t.clock,
    cl(t),
    {push: 'on', manageCerts: 'on', ...(proxy ? {proxy, proxyAuth: 'digest' as const} : {})},
    provision,
  )
  restart(t, TOMCAT, () => true)
  saveOnboardingPage(t.store, t.clock, cl(t), {}, provision)
  restart(t, CPNS, isCucm)
  restart(t, XCP_CONFIG, isImp)
  restart(t, XCP_ROUTER, isImp)
}

function expresswaySteps(t: T): void {
  refreshServers(t.store, t.clock, cl(t))
  restartExpressway(t.store, t.clock, cl(t), 'c')
  restartExpressway(t.store, t.clock, cl(t), 'e')
}

/** One push on every path: calls (iOS Jabber, Android, MRA), IM (direct, MRA), Local Push, all via cucm-sub1 / imp-pub. */
function pushes(t: T): Array<{name: string; r: DeliveryOutcome}> {
  const c = cl(t)
  const sub = node(t, 'cucm-sub1')
  const imp = node(t, 'imp-pub')
  const reqs: Array<[string, DeliveryRequest]> = [
    ['call ios', {cluster: c, node: sub, kind: 'call', platform: 'ios', app: 'jabber'}],
    ['call android', {cluster: c, node: sub, kind: 'call', platform: 'android'}],
    ['call mra', {cluster: c, node: sub, kind: 'call', platform: 'ios', app: 'jabber', mra: true}],
    ['im', {cluster: c, node: imp, kind: 'im', platform: 'ios'}],
    ['im mra', {cluster: c, node: imp, kind: 'im', platform: 'android', mra: true}],
    ['local', {cluster: c, node: sub, kind: 'call', platform: 'ios', app: 'webex', local: 'only', ssid: 'LabWiFi'}],
  ]
  return reqs.map(([name, req]) => ({name, r: deliver(t.store, t.clock, req)}))
}

const checks = (t: T) => onboardingChecks(t.store, t.clock, cl(t), ['ios', 'android', 'lpns'])

function assertAllPass(t: T, why: string): void {
  const failing = checks(t).filter((c) => !c.ok)
  assert.deepEqual(
    failing.map((c) => `${c.id}: ${c.detail}`),
    [],
    `${why}: every check passes`,
  )
  for (const p of pushes(t)) assert.equal(p.r.status, 200, `${why}: ${p.name} push: ${p.r.condition} ${p.r.detail}`)
}

interface Case {
  id: string
  brk(t: T): void
  fix(t: T): void
}

const param = (
  t: T,
  scope: 'enterprise' | 'messaging' | 'jabber' | 'service',
  name: string,
  value: string,
  service?: string,
) => setParam(t.store, t.clock, cl(t), findParam(scope, name, service), value)

/** How to break each condition in the state, and how the guide fixes it. */
const CASES: Case[] = [
  {
    id: 'node',
    brk: (t) => setNodeFault(t.store, t.clock, node(t, 'cucm-sub1'), 'node-down', REACTIONS),
    fix: (t) => setNodeFault(t.store, t.clock, node(t, 'cucm-sub1'), 'node-up', REACTIONS),
  },
  {
    id: 'licensing',
    brk: (t) => setLicensingMode(t.store, cl(t), 'slr'),
    fix: (t) => setLicensingMode(t.store, cl(t), 'smart'),
  },
  {
    id: 'dns',
    brk: (t) => setDns(t.store, node(t, 'cucm-sub1'), false),
    fix: (t) => setDns(t.store, node(t, 'cucm-sub1'), true),
  },
  {
    id: 'proxy',
    brk: (t) => setCloudReachable(t.store, 1, 'proxy.lab.example', false),
    fix: (t) => setCloudReachable(t.store, 1, 'proxy.lab.example', true),
  },
  {
    id: 'ports',
    brk: (t) => setCloudReachable(t.store, 1, 'push.webexconnect.com', false),
    fix: (t) => setCloudReachable(t.store, 1, 'push.webexconnect.com', true),
  },
  {
    id: 'port-9966',
    brk: (t) => setInternalPortBlocked(t.store, node(t, 'cucm-sub1'), true),
    fix: (t) => setInternalPortBlocked(t.store, node(t, 'cucm-sub1'), false),
  },
  {
    id: 'service-cpns',
    brk: (t) => controlService(t.store, t.clock, node(t, 'cucm-sub1'), CPNS, 'stop', REACTIONS),
    fix: (t) => controlService(t.store, t.clock, node(t, 'cucm-sub1'), CPNS, 'start', REACTIONS),
  },
  {
    id: 'service-cmas',
    brk: (t) =>
      controlService(t.store, t.clock, node(t, 'cucm-pub'), 'Cisco Management Agent Service', 'stop', REACTIONS),
    fix: (t) =>
      controlService(t.store, t.clock, node(t, 'cucm-pub'), 'Cisco Management Agent Service', 'start', REACTIONS),
  },
  {
    id: 'service-xcp-router',
    brk: (t) => controlService(t.store, t.clock, node(t, 'imp-pub'), XCP_ROUTER, 'stop', REACTIONS),
    fix: (t) => controlService(t.store, t.clock, node(t, 'imp-pub'), XCP_ROUTER, 'start', REACTIONS),
  },
  {
    id: 'service-xcp-config',
    brk: (t) => controlService(t.store, t.clock, node(t, 'imp-pub'), XCP_CONFIG, 'stop', REACTIONS),
    fix: (t) => controlService(t.store, t.clock, node(t, 'imp-pub'), XCP_CONFIG, 'start', REACTIONS),
  },
  {
    id: 'service-lpns',
    brk: (t) => controlService(t.store, t.clock, node(t, 'cucm-sub1'), LPNS, 'stop', REACTIONS),
    fix: (t) => controlService(t.store, t.clock, node(t, 'cucm-sub1'), LPNS, 'start', REACTIONS),
  },
  {
    id: 'imp-messaging',
    brk: (t) => param(t, 'messaging', 'stream-management', 'Disabled'),
    fix: (t) => param(t, 'messaging', 'stream-management', 'Enabled'),
  },
  {
    id: 'push-ha',
    brk: (t) => (
      param(t, 'service', 'Push Notifications High Availability', 'Disabled', XCP_ROUTER),
      restart(t, XCP_ROUTER, isImp)
    ),
    fix: (t) => (
      param(t, 'service', 'Push Notifications High Availability', 'Enabled', XCP_ROUTER),
      restart(t, XCP_ROUTER, isImp)
    ),
  },
  {
    id: 'voip-socket',
    brk: (t) => param(t, 'jabber', 'EnableVoipSocket', 'true'),
    fix: (t) => param(t, 'jabber', 'EnableVoipSocket', 'false'),
  },
  {
    id: 'lpns-oauth',
    brk: (t) => param(t, 'enterprise', 'OAuth with Refresh Login Flow', 'Disabled'),
    fix: (t) => param(t, 'enterprise', 'OAuth with Refresh Login Flow', 'Enabled'),
  },
  {
    id: 'lpns-ssid',
    brk: (t) => param(t, 'jabber', 'LocalPushSSIDList', ''),
    fix: (t) => param(t, 'jabber', 'LocalPushSSIDList', 'LabWiFi'),
  },
  {
    id: 'expressway-mra',
    brk: (t) => setExpressway(t.store, t.clock, cl(t), 'mra', false),
    fix: (t) => setExpressway(t.store, t.clock, cl(t), 'mra', true),
  },
  {
    id: 'expressway-release',
    // Android over MRA needs X12.6.2 (Minimum Releases); X12.6 serves iOS 13 and above only.
    brk: (t) => setExpresswayVersion(t.store, cl(t), 'X12.6', true),
    fix: (t) => setExpresswayVersion(t.store, cl(t), 'X12.6.2', true),
  },
  {
    id: 'certificates',
    brk: (t) => removeCertificate(t.store, [node(t, 'cucm-sub1')], 'tomcat-trust', 'Lab-Root-CA.pem'),
    fix: (t) => uploadCertificate(t.store, t.clock, [node(t, 'cucm-sub1')], 'tomcat-trust', 'Lab-Root-CA.pem'),
  },
  {
    id: 'voucher',
    brk: (t) => saveOnboarding(t.store, {...getOnboarding(t.store, 1), voucher: null}),
    fix: (t) => generateVoucher(t.store, t.clock, cl(t)),
  },
  {
    id: 'onboarding',
    brk: (t) => (saveOnboardingPage(t.store, t.clock, cl(t), {push: 'off'}, () => {}), restart(t, XCP_ROUTER, isImp)),
    // Onboarding again completes at a new time: Expressway must refresh and restart again after it.
    fix: (t) => (onboard(t), expresswaySteps(t)),
  },
  {
    id: 'restarts',
    brk: (t) => saveOnboardingPage(t.store, t.clock, cl(t), {}, () => {}),
    fix: (t) => restart(t, CPNS, isCucm),
  },
  {
    id: 'token',
    brk: (t) => expireToken(t.store, t.clock, cl(t)),
    fix: (t) => (
      provisionMachineAccount(t.store, t.clock, cl(t), getOnboarding(t.store, 1)),
      restart(t, CPNS, isCucm),
      restart(t, XCP_CONFIG, isImp)
    ),
  },
  {
    id: 'oauth-refresh',
    brk: (t) => setExpressway(t.store, t.clock, cl(t), 'oauth-refresh', false),
    fix: (t) => setExpressway(t.store, t.clock, cl(t), 'oauth-refresh', true),
  },
  {
    id: 'expressway-refresh',
    brk: (t) => saveExpressway(t.store, {...getExpressway(t.store, 1), refreshedAt: null, refreshedSeq: null}),
    fix: expresswaySteps,
  },
  {
    id: 'expressway-restart-c',
    // A refresh after the restarts: the restarts done before it do not count.
    brk: (t) => refreshServers(t.store, t.clock, cl(t)),
    fix: (t) => (restartExpressway(t.store, t.clock, cl(t), 'c'), restartExpressway(t.store, t.clock, cl(t), 'e')),
  },
  {
    id: 'expressway-restart-e',
    brk: (t) => (refreshServers(t.store, t.clock, cl(t)), restartExpressway(t.store, t.clock, cl(t), 'c')),
    fix: (t) => restartExpressway(t.store, t.clock, cl(t), 'e'),
  },
]

describe('push conditions: one list, read by onboarding check and by every delivery', () => {
  let t: T
  before(() => {
    t = tempStore()
    lab(t)
  })
  after(() => t.close())

  it('the configured lab passes every check, and a push on every path is delivered', () => {
    assertAllPass(t, 'lab')
    const local = pushes(t).find((p) => p.name === 'local')!.r
    assert.deepEqual([local.path, local.hops], ['local', ['callmanager', 'lpns', 'device']])
    const imMra = pushes(t).find((p) => p.name === 'im mra')!.r
    assert.deepEqual(imMra.hops, [
      'xcp-router',
      'expressway-c',
      'expressway-e',
      'xcp-config-manager',
      'proxy',
      'common-identity',
      'push-rest',
      'fcm',
      'device',
    ])
  })

  for (const c of CASES) {
    it(`${c.id}: broken, the check and the pushes on its path fail with ${c.id}; fixed, both pass`, () => {
      const cond = CONDITIONS.find((x) => x.id === c.id)!
      c.brk(t)
      const failing = new Set(
        checks(t)
          .filter((x) => !x.ok)
          .map((x) => x.id),
      )
      assert.ok(failing.has(c.id), `the check reports ${c.id} (failing: ${[...failing].join(', ')})`)
      const results = pushes(t)
      for (const p of results) {
        // By construction: a push fails only for a condition the check reports.
        if (p.r.status !== 200)
          assert.ok(failing.has(p.r.condition!), `${p.name} failed for ${p.r.condition}, which the check passes`)
      }
      const onPath = results.filter((p) => p.r.condition === c.id)
      if (Object.keys(cond.hops).length === 0) {
        assert.deepEqual(onPath, [], `${c.id} is not on any delivery path`)
      } else {
        assert.ok(
          onPath.length > 0,
          `a push on the path of ${c.id} fails with it: ${results.map((p) => `${p.name}=${p.r.status}/${p.r.condition}`).join(' ')}`,
        )
        for (const p of onPath) {
          assert.equal(p.r.status, cond.status)
          assert.equal(p.r.reason, cond.reason)
          assert.ok(Object.values(cond.hops).flat().includes(p.r.hop!), `${p.name}: hop ${p.r.hop} is one of ${c.id}'s`)
        }
      }
      c.fix(t)
      assertAllPass(t, `${c.id} fixed`)
    })
  }

  it('every condition with a delivery path is walked above (im-session and the release rules have their own tests)', () => {
    const walked = new Set([
      ...CASES.map((c) => c.id),
      'im-session',
      'release',
      'release-ios',
      'release-ios12',
      'release-android',
      'release-lpns',
      'upgrade-11.5(1)SU2',
      'push-connection',
    ])
    assert.deepEqual(
      CONDITIONS.map((c) => c.id).filter((id) => !walked.has(id)),
      [],
    )
  })

  it('Local Push falls back to the cloud when a Local Push condition fails, and names it', () => {
    param(t, 'jabber', 'LocalPushSSIDList', '')
    const r = deliver(t.store, t.clock, {
      cluster: cl(t),
      node: node(t, 'cucm-sub1'),
      kind: 'call',
      platform: 'ios',
      app: 'webex',
      local: 'auto',
    })
    assert.deepEqual([r.status, r.path, r.localPush?.condition], [200, 'cloud', 'lpns-ssid'])
    param(t, 'jabber', 'LocalPushSSIDList', 'LabWiFi')
    const off = deliver(t.store, t.clock, {
      cluster: cl(t),
      node: node(t, 'cucm-sub1'),
      kind: 'call',
      platform: 'ios',
      app: 'webex',
      local: 'auto',
      ssid: 'Guest',
    })
    assert.deepEqual(
      [off.path, off.localPush?.condition],
      ['cloud', 'lpns-ssid'],
      'a client on a Wi-Fi that is not provisioned',
    )
    const mra = deliver(t.store, t.clock, {
      cluster: cl(t),
      node: node(t, 'cucm-sub1'),
      kind: 'call',
      platform: 'ios',
      local: 'auto',
      mra: true,
    })
    assert.deepEqual([mra.path, mra.localPush], ['cloud', undefined], 'MRA users keep the cloud path')
    const on = deliver(t.store, t.clock, {
      cluster: cl(t),
      node: node(t, 'cucm-sub1'),
      kind: 'call',
      platform: 'ios',
      local: 'auto',
      ssid: 'LabWiFi',
    })
    assert.equal(on.path, 'local')
  })

  it('im-session: an offline user or a session being recreated stops the IM push at the XCP Router', () => {
    const r = deliver(t.store, t.clock, {
      cluster: cl(t),
      node: node(t, 'imp-pub'),
      kind: 'im',
      platform: 'ios',
      session: {ok: false, detail: 'bob has no IM session (offline).', fix: null},
    })
    assert.deepEqual([r.status, r.condition, r.hop], [503, 'im-session', 'xcp-router'])
  })

  it('unknown condition ids are bad input', () => {
    assert.deepEqual(checkConditionIds(['dns,ports', 'dns']), ['dns', 'ports'])
    assert.throws(
      () => checkConditionIds(['dnss']),
      (e: unknown) => e instanceof UsageError && /Unknown condition "dnss"/.test(e.message) && /dns/.test(e.fix ?? ''),
    )
  })
})

describe('push conditions: releases and the 11.5(1)SU2 upgrade rule', () => {
  it('a release without the platform fails release-<platform> in the check and in the push', () => {
    const t = tempStore()
    try {
      const c = createCluster(t.store, t.clock, {
        name: 'lab',
        version: '12.5(1)SU2',
        publisher: 'p',
        subscribers: [],
        impSubscribers: [],
      })
      const failing = new Set(
        onboardingChecks(t.store, t.clock, c, ['ios', 'android', 'lpns'])
          .filter((x) => !x.ok)
          .map((x) => x.id),
      )
      for (const id of ['release-ios', 'release-android', 'release-lpns']) assert.ok(failing.has(id), id)
      const p = node(t, 'p')
      assert.equal(
        deliver(t.store, t.clock, {cluster: c, node: p, kind: 'call', platform: 'android'}).condition,
        'release-android',
      )
      assert.equal(
        deliver(t.store, t.clock, {cluster: c, node: p, kind: 'call', platform: 'ios', local: 'only'}).condition,
        'release-lpns',
      )
      const old = createCluster(t.store, t.clock, {
        name: 'old',
        version: '11.5(1)SU2',
        publisher: 'o',
        subscribers: [],
        impSubscribers: [],
        licensing: 'plm',
      })
      assert.ok(onboardingChecks(t.store, t.clock, old, ['ios']).some((x) => x.id === 'release' && !x.ok))
      assert.equal(
        deliver(t.store, t.clock, {cluster: old, node: findNode(t.store, old.id, 'o')!, kind: 'call', platform: 'ios'})
          .condition,
        'release',
      )
    } finally {
      t.close()
    }
  })

  it('onboarded on 11.5(1)SU2 then upgraded: pushes keep working, troubleshooting uploads stop until disabled and onboarded again', () => {
    const t = tempStore()
    try {
      createCluster(t.store, t.clock, {
        name: 'lab',
        version: '11.5(1)SU2',
        publisher: 'cucm-pub',
        subscribers: [],
        impPublisher: 'imp-pub',
        impSubscribers: [],
        licensing: 'plm',
      })
      syncLicenses(t.store, t.clock, cl(t))
      generateVoucher(t.store, t.clock, cl(t))
      param(t, 'messaging', 'multiple-device-messaging', 'Enabled')
      param(t, 'messaging', 'stream-management', 'Enabled')
      onboard(t)
      const im = () =>
        deliver(t.store, t.clock, {cluster: cl(t), node: node(t, 'imp-pub'), kind: 'im', platform: 'ios'})
      assert.equal(im().condition, 'release-ios', 'iOS 13 and above need 11.5(1)SU8 (iOS 12 push is gone)')
      upgradeCluster(
        t.store,
        t.clock,
        cl(t),
        '11.5(1)SU8',
        (from, to) => onboardingAfterUpgrade(t.store, cl(t), from.name, to.name),
        REACTIONS,
      )
      restart(t, CPNS, isCucm)
      assert.ok(onboardingChecks(t.store, t.clock, cl(t), ['ios']).some((x) => x.id === 'upgrade-11.5(1)SU2' && !x.ok))
      // The guide: "push notifications continue to work until the provisioning is allowed".
      assert.equal(im().status, 200, `IM push after the upgrade: ${im().condition}`)
      assert.equal(
        deliver(t.store, t.clock, {cluster: cl(t), node: node(t, 'cucm-pub'), kind: 'call', platform: 'ios'}).status,
        200,
      )
      saveOnboarding(t.store, {...getOnboarding(t.store, 1), troubleshooting: true})
      assert.equal(uploadBlocker(t.store, cl(t))?.code, 'UPGRADE_11_5_SU2')
      saveOnboardingPage(t.store, t.clock, cl(t), {push: 'off', troubleshooting: 'off', encryptedPii: 'off'}, () => {})
      restart(t, XCP_ROUTER, isImp)
      onboard(t)
      assert.equal(
        onboardingChecks(t.store, t.clock, cl(t), ['ios']).some((x) => x.id === 'upgrade-11.5(1)SU2'),
        false,
      )
      assert.equal(im().status, 200, `after re-onboarding: ${im().condition}`)
    } finally {
      t.close()
    }
  })
})
