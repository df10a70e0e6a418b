import assert from 'node:assert/strict'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'

import {LAB, ROOT, Sandbox} from '../helpers.js'

describe('targets: host names across clusters, empty hosts, --if-not-exists', () => {
  let sb: Sandbox
  beforeEach(() => {
    sb = new Sandbox()
  })
  afterEach(() => sb.remove())

  it('--node HOST finds its cluster whatever the current one is; --cluster with a host of another cluster names it', async () => {
    await sb.ok(LAB)
    await sb.ok(['cluster', 'create', 'newpub', '--version', '12.5(1)SU3', '--publisher', 'new-pub'])
    await sb.ok(['cluster', 'use', 'lab'])
    const v = await sb.ok(['show', 'version', 'active', '--node', 'new-pub'])
    assert.match(v.stdout, /12\.5\.1/)
    const r = await sb.run(['show', 'version', 'active', '--node', 'new-pub', '--cluster', 'lab'])
    assert.equal(r.exitCode, 2)
    assert.match(r.stderr, /new-pub is a node of cluster newpub/)
    const down = await sb.ok(['sim', 'fault', 'node-down', 'new-pub', '--json'])
    assert.ok(down.stdout.includes('new-pub'))
    assert.equal((await sb.ok(['cluster', 'show', 'newpub', '--json'])).json().nodes[0].state, 'down')
  })

  // Issue 24 item 7: --node names the cluster of every command that acts on one; a new cluster does not take over.
  it('a second cluster leaves the first current; --node HOST names the cluster of every cluster command', async () => {
    await sb.ok(LAB)
    const created = await sb.ok(['cluster', 'create', 'new', '--version', '14SU3', '--publisher', 'new-pub'])
    assert.match(
      created.stdout,
      /\nCommands still act on cluster lab; on new with --cluster new or --node new-pub, or switch: `ucadmin cluster use new`\.\n$/,
    )
    assert.deepEqual(
      (await sb.ok(['cluster', 'list', '--json']))
        .json()
        .clusters.map((c: {name: string; current: boolean}) => [c.name, c.current]),
      [
        ['lab', true],
        ['new', false],
      ],
    )
    assert.equal((await sb.ok(['onboarding', 'status', '--json'])).json().cluster ?? 'lab', 'lab')
    const v = await sb.ok(['onboarding', 'voucher', '--node', 'new-pub'])
    assert.match(v.stdout, /^Voucher generated for cluster new: VCH-/)
    assert.ok((await sb.ok(['onboarding', 'status', '--cluster', 'new', '--json'])).json().voucher)
    assert.equal((await sb.ok(['onboarding', 'status', '--json'])).json().voucher ?? null, null)
    // Every command that takes --cluster takes --node too.
    const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')).commands as Record<
      string,
      {flags: Record<string, unknown>}
    >
    const lacking = Object.entries(manifest)
      .filter(([, c]) => c.flags.cluster && !c.flags.node)
      .map(([id]) => id)
    assert.deepEqual(lacking, [])
    // In a session the hint is the session's form.
    const sh = await sb.ok(['shell'], 0, {input: 'cluster create third --version 14SU3 --publisher third-pub\n'})
    assert.match(sh.stdout, /or switch: `cluster use third`\.\n$/)
    // A third cluster: still lab; deleting lab leaves none current among two, as before.
    assert.equal((await sb.ok(['cluster', 'show', '--json'])).json().name, 'lab')
  })

  it('a host name used in another cluster is refused at creation (any letter case), changing nothing', async () => {
    await sb.ok(LAB)
    for (const args of [
      ['cluster', 'create', 'b', '--version', '14', '--publisher', 'CUCM-PUB'],
      ['cluster', 'create', 'b', '--version', '14', '--publisher', 'b-pub', '--subscriber', 'imp-pub'],
    ]) {
      const r = await sb.run(args)
      assert.equal(r.exitCode, 2)
      assert.match(r.stderr, /already a node of cluster lab/)
    }
    await sb.ok(['cluster', 'create', 'b', '--version', '14', '--publisher', 'b-pub'])
    const add = await sb.run(['cluster', 'add-node', 'cucm-sub1', '--role', 'subscriber', '--cluster', 'b'])
    assert.equal(add.exitCode, 2)
    assert.equal((await sb.ok(['cluster', 'list', '--json'])).json().clusters.length, 2)
    assert.equal((await sb.ok(['cluster', 'show', 'b', '--json'])).json().nodes.length, 1)
  })

  it('cluster create --if-not-exists: exit 0 and no change when it exists as described, exit 1 when it differs', async () => {
    const first = await sb.ok([...LAB, '--if-not-exists', '--json'])
    assert.equal(first.json().created, true)
    const again = await sb.ok([...LAB, '--if-not-exists'])
    assert.match(again.stdout, /already exists .*nothing changed/)
    assert.equal((await sb.run(LAB)).exitCode, 1)
    const differs = await sb.run([
      'cluster',
      'create',
      'lab',
      '--version',
      '15SU1',
      '--publisher',
      'cucm-pub',
      '--if-not-exists',
    ])
    assert.equal(differs.exitCode, 1)
    assert.match(differs.stderr, /exists but differs/)
  })

  it('an empty host is bad input (exit 2), never the publisher, and changes nothing', async () => {
    await sb.ok(LAB)
    for (const args of [
      ['sim', 'fault', 'node-down', ''],
      ['utils', 'service', 'stop', 'Cisco', 'Tomcat', '--node='],
      ['utils', 'service', 'list', '--node', ''],
      ['sim', 'push', '--user', ''],
      ['sim', 'fault', 'unreachable', 'fos-a.wbx2.com', '--node='],
      ['cert', 'list', '--node='],
    ]) {
      for (const fast of ['1', '0']) {
        const r = await sb.run(args, {env: {UCADMIN_FAST: fast}})
        assert.equal(r.exitCode, 2, `${args.join(' ')} (fast ${fast}): ${r.stderr}`)
        assert.match(r.stderr, /is empty/)
      }
    }
    const show = (await sb.ok(['cluster', 'show', '--json'])).json()
    assert.ok(show.nodes.every((n: {state: string}) => n.state === 'up'))
    const graph = (await sb.ok(['cluster', 'graph', '--json'])).json()
    assert.ok(graph.nodes.every((n: {unreachable: string[]}) => n.unreachable.length === 0))
    const list = (await sb.ok(['utils', 'service', 'list', '--json'])).json()
    assert.equal(list.services.find((s: {name: string}) => s.name === 'Cisco Tomcat').state, 'STARTED')
  })
})

describe('cluster graph', () => {
  let sb: Sandbox
  beforeEach(() => {
    sb = new Sandbox()
  })
  afterEach(() => sb.remove())

  it('draws nodes by role, services not started, replication, HA pairs, groups, cloud reachability and onboarding', async () => {
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
      '--imp-subscriber',
      'imp-sub',
    ])
    await sb.ok(['utils', 'service', 'stop', 'Cisco', 'Tomcat', '--node', 'cucm-sub1'])
    await sb.ok(['sim', 'fault', 'replication-break', 'cucm-sub1'])
    await sb.ok(['sim', 'fault', 'unreachable', 'fos-a.wbx2.com', '--node', 'cucm-pub'])
    await sb.ok(['sim', 'fault', 'node-down', 'imp-sub'])
    await sb.ok(['cluster', 'group', 'set', 'G1', '--nodes', 'cucm-sub1,cucm-pub'])
    const m = (await sb.ok(['cluster', 'graph', 'lab'])).stdout
    assert.match(m, /^---\ntitle: lab \(14SU3\) - Push Notifications Not Enabled\n---\nflowchart LR/)
    assert.match(m, /subgraph cucm\["Unified CM"\]/)
    assert.match(m, /subgraph imp\["IM and Presence"\]/)
    assert.match(m, /cucm-sub1<br\/>CUCM subscriber<br\/>up<br\/>not started: Cisco Tomcat \(STOPPED\)/)
    assert.match(m, /-\.->\|"replication: Replication broken"\| n1/)
    assert.match(m, /imp-sub<br\/>IM&P subscriber<br\/>DOWN/)
    assert.match(m, /n2 <-->\|"HA pair \(HA off\)"\| n3/)
    assert.match(m, /Unified CM group G1/)
    assert.match(m, /g0 -\.->\|primary\| n1/)
    assert.match(m, /n0 -\.-x\|"unreachable: fos-a\.wbx2\.com"\| cloud/)
    const dot = (await sb.ok(['cluster', 'graph', '--format', 'dot'])).stdout
    assert.match(dot, /^digraph "lab" \{/)
    assert.match(
      dot,
      /"node:cucm-pub" -> "node:cucm-sub1" \[label="replication: Replication broken", color="#cc0000", style=dashed\]/,
    )
    const j = (await sb.ok(['cluster', 'graph', '--json'])).json()
    assert.equal(j.onboarding, 'Push Notifications Not Enabled')
    assert.deepEqual(j.haPairs, [{primary: 'imp-pub', backup: 'imp-sub', ha: false}])
  })

  it('draws a node without DNS as cut off from the cloud, not "443 reachable"', async () => {
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
    await sb.ok(['sim', 'fault', 'dns-off', 'cucm-sub1'])
    const m = (await sb.ok(['cluster', 'graph', 'lab'])).stdout
    assert.match(m, /n1 -\.-x\|"no DNS \(the cloud names do not resolve\)"\| cloud/)
    assert.match(m, /n0 ---\|"443 reachable"\| cloud/)
    assert.match(m, /class n1 warn/)
    const dot = (await sb.ok(['cluster', 'graph', '--format', 'dot'])).stdout
    assert.match(
      dot,
      /"node:cucm-sub1" -> "cloud" \[label="no DNS \(the cloud names do not resolve\)", color="#cc0000", style=dashed\]/,
    )
  })

  it('renders SVG with Graphviz (WebAssembly), to stdout or a file', async () => {
    await sb.ok(LAB)
    const svg = (await sb.ok(['cluster', 'graph', '--format', 'svg'])).stdout
    assert.match(svg, /<svg[\s\S]*cucm(&#45;|-)pub[\s\S]*<\/svg>/)
    const file = join(sb.dir, 'lab.svg')
    const r = await sb.ok(['cluster', 'graph', '--output', file])
    assert.equal(r.stdout, '')
    assert.match(readFileSync(file, 'utf8'), /<svg/)
  })

  // Issue 24 item 9: the extension chooses the format; a PNG is a real PNG; other extensions are refused.
  it('writes a real PNG for -o g.png, and refuses extensions it cannot write, changing nothing', async () => {
    await sb.ok(LAB)
    const png = join(sb.dir, 'g.png')
    const r = await sb.ok(['cluster', 'graph', '-o', png])
    assert.equal(r.stderr, `Wrote the png graph of cluster lab to ${png}.\n`)
    const bytes = readFileSync(png)
    assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR')
    assert.ok(bytes.readUInt32BE(16) > 200 && bytes.readUInt32BE(20) > 100, 'a picture of some size')
    assert.ok(bytes.length > 5000)
    const jpg = await sb.run(['cluster', 'graph', '-o', join(sb.dir, 'g.jpg')])
    assert.equal(jpg.exitCode, 2)
    assert.match(
      jpg.stderr,
      /^Error: cluster graph cannot write \.jpg files .*Name the file \.mmd or \.mermaid \(Mermaid\), \.dot or \.gv \(Graphviz\), \.svg, \.png/,
    )
    assert.ok(!existsSync(join(sb.dir, 'g.jpg')))
    assert.equal((await sb.run(['cluster', 'graph', '--format', 'mermaid', '-o', join(sb.dir, 'x.png')])).exitCode, 2)
    assert.ok(!existsSync(join(sb.dir, 'x.png')))
    // --json carries the PNG as base64; a session refuses to print bytes.
    const j = (await sb.ok(['cluster', 'graph', '--format', 'png', '--json'])).json()
    assert.equal(Buffer.from(j.base64, 'base64').subarray(1, 4).toString('latin1'), 'PNG')
    const sh = await sb.run(['shell'], {input: 'cluster graph --format png\n'})
    assert.equal(sh.exitCode, 2)
    assert.match(sh.stderr, /A PNG is binary/)
  })
})
