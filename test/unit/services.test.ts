import assert from 'node:assert/strict'

import {FailedError, UsageError} from '../../src/core/errors.js'
import {controlService} from '../../src/features/platform/services/control.js'
import {resolveServiceName, servicesFor} from '../../src/features/platform/services/services.js'
import {resolveNode} from '../../src/features/world/cluster/topology.js'
import {createCluster} from '../../src/features/guide/install/install.js'
import {setNodeFault} from '../../src/features/scenario/faults/faults.js'
import {parseRelease} from '../../src/features/world/cluster/releases.js'
import {getService, lastStartedAt} from '../../src/features/platform/services/store.js'
import {tempStore, REACTIONS} from './fixture.js'

describe('services and their state machine', () => {
  let t: ReturnType<typeof tempStore>
  beforeEach(() => {
    t = tempStore()
    createCluster(t.store, t.clock, {
      name: 'lab',
      version: '14SU3',
      publisher: 'pub',
      subscribers: ['sub1'],
      impPublisher: 'imp',
      impSubscribers: [],
    })
  })
  afterEach(() => t.close())

  const node = (h: string) =>
    resolveNode(t.store, {id: 1, name: 'lab', version: '14SU3', licensing: 'smart', createdAt: 0}, h)

  it('gives each node the services of its role and release', () => {
    const names = (h: string, v: string) => servicesFor(node(h), parseRelease(v)).map((s) => s.name)
    assert.ok(names('pub', '14SU3').includes('Cisco Push Notification Service'))
    assert.ok(names('pub', '14SU3').includes('Cisco Local Push Notification Service'))
    assert.ok(!names('pub', '14SU2').includes('Cisco Local Push Notification Service'))
    assert.ok(!names('pub', '11.5(1)SU2').includes('Cisco Push Notification Service'))
    assert.ok(names('imp', '14SU3').includes('Cisco XCP Router'))
    assert.ok(!names('imp', '14SU3').includes('Cisco Push Notification Service'))
    assert.ok(names('pub', '14SU3').includes('Cisco DRF Master'))
    assert.ok(!names('sub1', '14SU3').includes('Cisco DRF Master'))
  })

  it('matches service names in any case and spacing, with a did-you-mean', () => {
    assert.equal(resolveServiceName(['cisco', 'push', 'notification', 'SERVICE']), 'Cisco Push Notification Service')
    assert.equal(resolveServiceName('  Cisco   Tomcat '), 'Cisco Tomcat')
    assert.throws(
      () => resolveServiceName('Cisco Tomcatt'),
      (e: unknown) => e instanceof UsageError && /Did you mean "Cisco Tomcat"/.test(e.fix ?? ''),
    )
    assert.throws(() => resolveServiceName('Nothing Like It At All'), UsageError)
  })

  it('stops, starts and restarts through the CUCM states, recording each with its time', () => {
    const pub = node('pub')
    const stop = controlService(t.store, t.clock, pub, 'Cisco Tomcat', 'stop', REACTIONS)
    assert.deepEqual(stop.states, ['STOPPING', 'STOPPED'])
    assert.equal(getService(t.store, pub.id, 'Cisco Tomcat')!.reason, 'Commanded Out of Service')
    t.clock.runUntil(t.clock.now() + 60_000)
    const start = controlService(t.store, t.clock, pub, 'Cisco Tomcat', 'start', REACTIONS)
    assert.deepEqual(start.states, ['STARTING', 'STARTED'])
    assert.equal(lastStartedAt(t.store, pub.id, 'Cisco Tomcat'), t.clock.now())
    t.clock.runUntil(t.clock.now() + 60_000)
    const restart = controlService(t.store, t.clock, pub, 'Cisco Tomcat', 'restart', REACTIONS)
    assert.equal(restart.states[0], 'STOPPING')
    assert.equal(restart.states.at(-1), 'STARTED')
    assert.equal(lastStartedAt(t.store, pub.id, 'Cisco Tomcat'), t.clock.now())
  })

  it('starting a running service and stopping a stopped one change nothing', () => {
    const pub = node('pub')
    assert.equal(controlService(t.store, t.clock, pub, 'Cisco Tomcat', 'start', REACTIONS).changed, false)
    controlService(t.store, t.clock, pub, 'Cisco Tomcat', 'stop', REACTIONS)
    assert.equal(controlService(t.store, t.clock, pub, 'Cisco Tomcat', 'stop', REACTIONS).changed, false)
  })

  it('refuses to start a feature service that is not activated, until it is', () => {
    const pub = node('pub')
    assert.throws(
      () => controlService(t.store, t.clock, pub, 'Cisco Extension Mobility', 'start', REACTIONS),
      (e: unknown) => e instanceof FailedError && /not activated/.test(e.message),
    )
    controlService(t.store, t.clock, pub, 'Cisco Extension Mobility', 'activate', REACTIONS)
    assert.equal(getService(t.store, pub.id, 'Cisco Extension Mobility')!.state, 'STARTED')
  })

  it('a crash leaves the service NOTRUNNING until restarted', () => {
    const imp = node('imp')
    controlService(t.store, t.clock, imp, 'Cisco XCP Router', 'crash', REACTIONS)
    const row = getService(t.store, imp.id, 'Cisco XCP Router')!
    assert.equal(row.state, 'NOTRUNNING')
    assert.equal(row.reason, 'Component is not running')
    controlService(t.store, t.clock, imp, 'Cisco XCP Router', 'restart', REACTIONS)
    assert.equal(getService(t.store, imp.id, 'Cisco XCP Router')!.state, 'STARTED')
  })

  it('refuses services a node does not run, and nodes that are down', () => {
    assert.throws(
      () => controlService(t.store, t.clock, node('pub'), 'Cisco XCP Router', 'restart', REACTIONS),
      (e: unknown) => e instanceof FailedError && /IM and Presence/.test(e.message),
    )
    setNodeFault(t.store, t.clock, node('sub1'), 'node-down', REACTIONS)
    assert.throws(
      () => controlService(t.store, t.clock, node('sub1'), 'Cisco Tomcat', 'restart', REACTIONS),
      (e: unknown) => e instanceof FailedError && /down/.test(e.message),
    )
  })

  it('a node coming back up starts its activated services', () => {
    setNodeFault(t.store, t.clock, node('sub1'), 'node-shutdown', REACTIONS)
    t.clock.runUntil(t.clock.now() + 3_600_000)
    const r = setNodeFault(t.store, t.clock, node('sub1'), 'node-up', REACTIONS)
    assert.ok(r.restartedServices > 10)
    assert.equal(lastStartedAt(t.store, node('sub1').id, 'Cisco Push Notification Service'), t.clock.now())
  })
})
