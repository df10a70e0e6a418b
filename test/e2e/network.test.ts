import assert from 'node:assert/strict'

import {Sandbox} from '../helpers.js'

/** Issue 20, item 23: Cloud Services Reachability with the commands an operator runs on a real node. */
describe('utils network ping|host|traceroute answer from the conditions the cloud paths read', () => {
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
  })
  after(() => sb.remove())

  it("reachable: ping answers in Linux ping's layout, host resolves by DNS, traceroute reaches it", async () => {
    const p = await sb.ok(['utils', 'network', 'ping', 'push.webexconnect.com'])
    const lines = p.stdout.split('\n')
    assert.match(lines[0], /^PING push\.webexconnect\.com \(\d+\.\d+\.\d+\.\d+\) 56\(84\) bytes of data\.$/)
    assert.equal(
      lines.filter((l) => /^64 bytes from push\.webexconnect\.com \(.*\): icmp_seq=\d ttl=\d+ time=[\d.]+ ms$/.test(l))
        .length,
      4,
    )
    assert.match(
      p.stdout,
      /^--- push\.webexconnect\.com ping statistics ---\n4 packets transmitted, 4 received, 0% packet loss, time \d+ms\nrtt min\/avg\/max\/mdev = [\d.]+\/[\d.]+\/[\d.]+\/[\d.]+ ms$/m,
    )
    const h = await sb.ok(['utils', 'network', 'host', 'idbroker.webex.com'])
    assert.match(
      h.stdout,
      /^Local Resolution:\nNothing found\n\nExternal Resolution:\nidbroker\.webex\.com has address \d+\.\d+\.\d+\.\d+\n$/,
    )
    const node = await sb.ok(['utils', 'network', 'host', 'cucm-sub1'])
    assert.match(node.stdout, /^Local Resolution:\ncucm-sub1\.lab\.example\.com resolves locally to 10\.\d+\.0\.\d+\n/)
    const t = await sb.ok(['utils', 'network', 'traceroute', 'push.webexconnect.com'])
    assert.match(t.stdout, /^traceroute to push\.webexconnect\.com \([\d.]+\), 30 hops max, 60 byte packets\n 1  /)
    assert.match(t.stdout.trim().split('\n').at(-1)!, /^ ?\d+  push\.webexconnect\.com \(/)
  })

  it('DNS off on the node: the names do not resolve (exit 1); other nodes still resolve', async () => {
    await sb.ok(['sim', 'fault', 'dns-off', 'cucm-pub'])
    const p = await sb.run(['utils', 'network', 'ping', 'push.webexconnect.com'])
    assert.deepEqual([p.exitCode, p.stdout], [1, 'ping: unknown host push.webexconnect.com\n'])
    const h = await sb.run(['utils', 'network', 'host', 'idbroker.webex.com'])
    assert.equal(h.exitCode, 1)
    assert.match(h.stdout, /External Resolution:\nNo external servers found\n$/)
    assert.equal((await sb.run(['utils', 'network', 'traceroute', 'idbroker.webex.com'])).exitCode, 1)
    await sb.ok(['utils', 'network', 'ping', 'push.webexconnect.com', '--node', 'cucm-sub1'])
    await sb.ok(['sim', 'fault', 'dns-on', 'cucm-pub'])
  })

  it('a host blocked from one node: 100% packet loss and no route from it, as the push paths see it', async () => {
    await sb.ok(['sim', 'fault', 'unreachable', 'idbroker.webex.com', '--node', 'cucm-pub'])
    const p = await sb.run(['utils', 'network', 'ping', 'idbroker.webex.com', '--json'])
    assert.equal(p.exitCode, 1)
    assert.deepEqual([p.json().transmitted, p.json().received, p.json().target.reachable], [4, 0, false])
    const human = await sb.run(['utils', 'network', 'ping', 'idbroker.webex.com', '--count', '2'])
    assert.match(human.stdout, /2 packets transmitted, 0 received, 100% packet loss/)
    const t = await sb.run(['utils', 'network', 'traceroute', 'idbroker.webex.com'])
    assert.equal(t.exitCode, 1)
    assert.equal(
      t.stdout
        .trim()
        .split('\n')
        .filter((l) => /^ ?\d+  \* \* \*$/.test(l)).length,
      29,
    )
    assert.equal((await sb.run(['utils', 'network', 'ping', 'idbroker.webex.com', '--node', 'cucm-sub1'])).exitCode, 0)
    await sb.ok(['sim', 'fault', 'reachable', 'idbroker.webex.com'])
  })

  it('bad input exits 2 with one line; an unknown name is not found (exit 1)', async () => {
    for (const args of [
      ['utils', 'network', 'ping', 'bad host!'],
      ['utils', 'network', 'ping', 'x.com', '--count', '0'],
      ['utils', 'network', 'host', ''],
    ]) {
      const r = await sb.run(args)
      assert.equal(r.exitCode, 2, args.join(' '))
      assert.equal(r.stderr.trim().split('\n').length, 1)
    }
    const r = await sb.run(['utils', 'network', 'host', 'nosuch.example.org'])
    assert.equal(r.exitCode, 1)
    assert.match(r.stdout, /Host nosuch\.example\.org not found: 3\(NXDOMAIN\)/)
  })
})
