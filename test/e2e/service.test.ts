import assert from 'node:assert/strict'

import {LAB, Sandbox} from '../helpers.js'

describe('ucadmin utils service', () => {
  let sb: Sandbox
  before(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
  })
  after(() => sb.remove())

  it('lists services as CUCM does', async () => {
    const r = await sb.ok(['utils', 'service', 'list'])
    const lines = r.stdout.split('\n')
    assert.deepEqual(lines.slice(0, 4), [
      'Requesting service status, please wait...',
      'Service Manager is running',
      'Getting list of all services',
      '>> Return code = 0',
    ])
    assert.ok(lines.includes('Cisco Tomcat[STARTED]'))
    assert.ok(lines.includes('Cisco Push Notification Service[STARTED]'))
    assert.ok(lines.includes('Cisco HCS UC Monitor Service[STOPPED]  Service Not Activated'))
    assert.equal(lines.at(-2), 'Primary Node =true')
    const sub = await sb.ok(['utils', 'service', 'list', '--node', 'cucm-sub1'])
    assert.match(sub.stdout, /Primary Node =false\n$/)
  })

  it("lists services as JSON with the contract's keys", async () => {
    const j = (await sb.ok(['utils', 'service', 'list', '--json', '--node', 'imp-pub'])).json()
    assert.equal(j.node, 'imp-pub')
    const router = j.services.find((s: {name: string}) => s.name === 'Cisco XCP Router')
    assert.equal(router.state, 'STARTED')
    assert.equal(router.kind, 'network')
  })

  it("restarts a service with CUCM's output, any letter case", async () => {
    const r = await sb.ok(['utils', 'service', 'restart', 'cisco', 'push', 'notification', 'service'])
    assert.deepEqual(r.stdout.split('\n'), [
      " Don't press Ctrl-c while the service is getting RESTARTED.If Service has not Restarted Properly, execute the same Command Again",
      'Service Manager is running',
      'Cisco Push Notification Service[STOPPING]  ',
      'Cisco Push Notification Service[STARTING]  ',
      'Cisco Push Notification Service[STARTING]  ',
      'Cisco Push Notification Service[STARTED]  ',
      '',
    ])
  })

  it('takes the name as one quoted argument too', async () => {
    const j = (await sb.ok(['utils', 'service', 'restart', 'Cisco Tomcat', '--json'])).json()
    assert.deepEqual(
      j.results.map((x: {node: string; service: string; state: string}) => [x.node, x.service, x.state]),
      [['cucm-pub', 'Cisco Tomcat', 'STARTED']],
    )
  })

  it('stops and starts, showing Commanded Out of Service in between', async () => {
    const stop = (await sb.ok(['utils', 'service', 'stop', 'Cisco Tomcat', '--node', 'cucm-sub1', '--json'])).json()
    assert.deepEqual(stop.results[0], {
      node: 'cucm-sub1',
      service: 'Cisco Tomcat',
      state: 'STOPPED',
      changed: true,
      states: ['STOPPING', 'STOPPED'],
    })
    const list = await sb.ok(['utils', 'service', 'list', '--node', 'cucm-sub1'])
    assert.match(list.stdout, /^Cisco Tomcat\[STOPPED\]  Commanded Out of Service$/m)
    const start = await sb.ok(['utils', 'service', 'start', 'Cisco Tomcat', '--node', 'cucm-sub1'])
    assert.match(start.stdout, /^Cisco Tomcat\[STARTED\]  $/m)
  })

  it('--all-nodes applies to every node that has the service', async () => {
    const j = (await sb.ok(['utils', 'service', 'restart', 'Cisco', 'Tomcat', '--all-nodes', '--json'])).json()
    assert.deepEqual(
      j.results.map((x: {node: string}) => x.node),
      ['cucm-pub', 'cucm-sub1', 'imp-pub'],
    )
    const cpns = (
      await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service', '--all-nodes', '--json'])
    ).json()
    assert.deepEqual(
      cpns.results.map((x: {node: string}) => x.node),
      ['cucm-pub', 'cucm-sub1'],
    )
  })

  it('an unknown service exits 2 with a did-you-mean', async () => {
    const r = await sb.run(['utils', 'service', 'restart', 'Cisco', 'Push', 'Notifcation', 'Service'])
    assert.equal(r.exitCode, 2)
    assert.match(
      r.stderr,
      /Unknown service "Cisco Push Notifcation Service"\. Did you mean "Cisco Push Notification Service"/,
    )
    assert.equal(r.stdout, '')
  })

  it('a service the node does not run is refused with exit 1', async () => {
    const r = await sb.run(['utils', 'service', 'restart', 'Cisco XCP Router'])
    assert.equal(r.exitCode, 1)
    assert.match(r.stderr, /does not run on cucm-pub; it runs on IM and Presence nodes/)
  })

  it('--json errors print one JSON document with the exit code', async () => {
    const r = await sb.run(['utils', 'service', 'restart', 'Nope', '--json'])
    assert.equal(r.exitCode, 2)
    assert.equal(r.json().error.code, 'UNKNOWN_SERVICE')
    assert.equal(r.json().error.exitCode, 2)
  })

  it('a feature service must be activated before it starts', async () => {
    const r = await sb.run(['utils', 'service', 'start', 'Cisco Extension Mobility'])
    assert.equal(r.exitCode, 1)
    assert.match(r.stderr, /not activated.*utils service activate/)
    await sb.ok(['utils', 'service', 'activate', 'Cisco Extension Mobility'])
    assert.match((await sb.ok(['utils', 'service', 'list'])).stdout, /^Cisco Extension Mobility\[STARTED\]$/m)
  })

  it('a node that is down cannot be reached; with --all-nodes nothing changes anywhere', async () => {
    await sb.ok(['sim', 'fault', 'node-down', 'cucm-sub1'])
    const before = (await sb.ok(['utils', 'service', 'list', '--json'])).json()
    const r = await sb.run(['utils', 'service', 'stop', 'Cisco Tomcat', '--all-nodes'])
    assert.equal(r.exitCode, 1)
    assert.match(r.stderr, /cucm-sub1 is down/)
    assert.deepEqual((await sb.ok(['utils', 'service', 'list', '--json'])).json(), before)
    assert.equal((await sb.run(['utils', 'service', 'list', '--node', 'cucm-sub1'])).exitCode, 1)
    await sb.ok(['sim', 'fault', 'node-up', 'cucm-sub1'])
    await sb.ok(['utils', 'service', 'list', '--node', 'cucm-sub1'])
  })

  it('stopping the Cisco XCP Router stops the XCP services under it; starting it leaves them stopped; a restart restarts them', async () => {
    const xcp = async () =>
      (await sb.ok(['utils', 'service', 'list', '--node', 'imp-pub'])).stdout
        .split('\n')
        .filter((l) => /^Cisco XCP (Router|Config Manager|Connection Manager|Message Archiver)\[/.test(l))
    await sb.ok(['utils', 'service', 'stop', 'Cisco XCP Router', '--node', 'imp-pub'])
    await sb.ok(['utils', 'service', 'start', 'Cisco XCP Router', '--node', 'imp-pub'])
    assert.deepEqual(await xcp(), [
      'Cisco XCP Router[STARTED]',
      'Cisco XCP Config Manager[STARTED]',
      'Cisco XCP Connection Manager[STOPPED]  Commanded Out of Service',
      'Cisco XCP Message Archiver[STOPPED]  Service Not Activated',
    ])
    await sb.ok(['utils', 'service', 'restart', 'Cisco XCP Router', '--node', 'imp-pub'])
    assert.deepEqual(await xcp(), [
      'Cisco XCP Router[STARTED]',
      'Cisco XCP Config Manager[STARTED]',
      'Cisco XCP Connection Manager[STARTED]',
      'Cisco XCP Message Archiver[STOPPED]  Service Not Activated',
    ])
  })

  it('a crashed service shows NOTRUNNING until restarted', async () => {
    await sb.ok(['sim', 'fault', 'service-crash', 'imp-pub', 'Cisco', 'XCP', 'Router'])
    assert.match(
      (await sb.ok(['utils', 'service', 'list', '--node', 'imp-pub'])).stdout,
      /^Cisco XCP Router\[NOTRUNNING\]  Component is not running$/m,
    )
    await sb.ok(['utils', 'service', 'restart', 'Cisco XCP Router', '--node', 'imp-pub'])
    assert.match(
      (await sb.ok(['utils', 'service', 'list', '--node', 'imp-pub'])).stdout,
      /^Cisco XCP Router\[STARTED\]$/m,
    )
  })
})
