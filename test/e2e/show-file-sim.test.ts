import assert from 'node:assert/strict'

import {LAB, Sandbox} from '../helpers.js'

describe('ucadmin show, file and sim', () => {
  let sb: Sandbox
  beforeEach(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
  })
  afterEach(() => sb.remove())

  it('show status prints CUCM\'s header lines for the node', async () => {
    const r = await sb.ok(['show', 'status', '--node', 'cucm-sub1'])
    assert.match(r.stdout, /^Host Name          : cucm-sub1$/m)
    assert.match(r.stdout, /^Date               : Mon Jan 5, 2026 09:00:00$/m)
    assert.match(r.stdout, /^Product Ver        : 14\.0\.1\.13900-1$/m)
    const j = (await sb.ok(['show', 'status', '--json'])).json()
    assert.equal(j.host, 'cucm-pub')
    assert.equal(j.state, 'up')
  })

  it('show version active and show network cluster', async () => {
    assert.match((await sb.ok(['show', 'version', 'active'])).stdout, /^Active Master Version: 14\.0\.1\.13900-1$/m)
    const net = await sb.ok(['show', 'network', 'cluster'])
    assert.match(net.stdout, /^10\.\d+\.0\.11 cucm-pub\.lab\.example\.com cucm-pub Publisher callmanager DBPub authenticated$/m)
    assert.match(net.stdout, /imp-pub Subscriber cups DBPub authenticated using TCP since/)
  })

  it('the simulated clock starts at a fixed time and only moves forward', async () => {
    assert.deepEqual((await sb.ok(['sim', 'clock', '--json'])).json(), {now: '2026-01-05T09:00:00.000Z'})
    const adv = (await sb.ok(['sim', 'clock', 'advance', '1h30m', '--json'])).json()
    assert.equal(adv.now, '2026-01-05T10:30:00.000Z')
    assert.equal(adv.advancedBy, '1h30m')
    await sb.ok(['sim', 'clock', 'set', '2026-02-01T00:00:00Z'])
    assert.equal((await sb.ok(['sim', 'clock', '--json'])).json().now, '2026-02-01T00:00:00.000Z')
    const back = await sb.run(['sim', 'clock', 'set', '2026-01-01T00:00:00Z'])
    assert.equal(back.exitCode, 2)
    assert.match(back.stderr, /cannot go back/)
    for (const bad of ['-5m', 'soon', '0s', '']) assert.equal((await sb.run(['sim', 'clock', 'advance', bad])).exitCode, 2, bad)
    assert.equal((await sb.ok(['sim', 'clock', '--json'])).json().now, '2026-02-01T00:00:00.000Z')
  })

  it('service activity goes to the service\'s trace, readable with file list and file tail', async () => {
    await sb.ok(['sim', 'clock', 'advance', '5m'])
    await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service'])
    const dirs = await sb.ok(['file', 'list', 'activelog', 'cm/trace/'])
    assert.match(dirs.stdout, /<dir>\s+ccmpns/)
    const files = await sb.ok(['file', 'list', 'activelog', 'cm/trace/ccmpns/log4j/', '--json'])
    assert.deepEqual(files.json().files.map((f: {file: string}) => f.file), ['ccmpns00001.log'])
    const tail = await sb.ok(['file', 'tail', 'activelog', 'cm/trace/ccmpns/log4j/*.log', '--lines', '1'])
    assert.match(tail.stdout, /^2026-01-05 09:05:00,000 INFO  \[main\] ccmpns\.CCMPNServer - Cisco Push Notification Service restarted on cucm-pub\n$/)
    await sb.ok(['utils', 'service', 'restart', 'Cisco Push Notification Service'])
    const viaNumber = await sb.ok(['file', 'tail', 'activelog', 'cm/trace/ccmpns/log4j/ccmpns00001.log', '2'])
    assert.equal(viaNumber.stdout.trim().split('\n').length, 2)
    assert.equal((await sb.run(['file', 'tail', 'activelog', 'cm/trace/nothing/here.log'])).exitCode, 2)
    assert.equal((await sb.run(['file', 'tail', 'activelog', 'cm/trace/ccmpns/log4j/', '--lines', 'x'])).exitCode, 2)
  })

  it('node faults show in cluster show and show status, and have inverses', async () => {
    await sb.ok(['sim', 'fault', 'node-shutdown', 'imp-pub'])
    const nodes = (await sb.ok(['cluster', 'show', '--json'])).json().nodes
    assert.equal(nodes.find((n: {host: string}) => n.host === 'imp-pub').state, 'shutdown')
    assert.equal((await sb.ok(['show', 'status', '--node', 'imp-pub', '--json'])).json().state, 'shutdown')
    assert.equal((await sb.run(['sim', 'fault', 'node-shutdown', 'imp-pub'])).exitCode, 1)
    await sb.ok(['sim', 'fault', 'node-up', 'imp-pub'])
    assert.equal((await sb.run(['sim', 'fault', 'node-down', 'nohost'])).exitCode, 2)
  })

  it('cloud reachability and DNS faults', async () => {
    const r = (await sb.ok(['sim', 'fault', 'unreachable', 'push.webexconnect.com', '--json'])).json()
    assert.deepEqual(r, {cloudHost: 'push.webexconnect.com', port: 443, reachable: false, nodes: ['cucm-pub', 'cucm-sub1', 'imp-pub']})
    const one = (await sb.ok(['sim', 'fault', 'reachable', 'push.webexconnect.com', '--node', 'imp-pub', '--json'])).json()
    assert.deepEqual(one.nodes, ['imp-pub'])
    assert.equal((await sb.run(['sim', 'fault', 'unreachable', 'example.com'])).exitCode, 2)
    await sb.ok(['sim', 'fault', 'dns-off', 'cucm-sub1'])
    assert.equal((await sb.ok(['show', 'status', '--node', 'cucm-sub1', '--json'])).json().dnsConfigured, false)
  })
})
