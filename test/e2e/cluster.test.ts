import assert from 'node:assert/strict'
import {statSync, writeFileSync, readFileSync} from 'node:fs'

import {LAB, Sandbox} from '../helpers.js'

describe('ucadmin cluster', () => {
  let sb: Sandbox
  beforeEach(() => {
    sb = new Sandbox()
  })
  afterEach(() => sb.remove())

  it('creates a cluster with its nodes, and shows it as the contract says', async () => {
    const created = await sb.ok([...LAB, '--json'])
    assert.equal(created.json().name, 'lab')
    const show = (await sb.ok(['cluster', 'show', '--json'])).json()
    assert.equal(show.name, 'lab')
    assert.equal(show.version, '14SU3')
    assert.deepEqual(show.nodes, [
      {host: 'cucm-pub', role: 'publisher', state: 'up'},
      {host: 'cucm-sub1', role: 'subscriber', state: 'up'},
      {host: 'imp-pub', role: 'imp-publisher', state: 'up'},
    ])
    assert.equal(typeof show.onboarding.status, 'string')
    const human = await sb.ok(['cluster', 'show'])
    assert.match(human.stdout, /Version\s+: 14SU3/)
    assert.match(human.stdout, /cucm-sub1\s+Unified CM subscriber\s+up/)
  })

  it('creates the state file with mode 0600', async () => {
    await sb.ok(LAB)
    assert.equal(statSync(sb.db).mode & 0o777, 0o600)
  })

  it('defaults licensing by release and refuses licensing that the release does not have', async () => {
    await sb.ok(['cluster', 'create', 'old', '--version', '11.5(1)SU8', '--publisher', 'p115'])
    assert.equal((await sb.ok(['cluster', 'show', 'old', '--json'])).json().licensing, 'plm')
    const r = await sb.run([
      'cluster',
      'create',
      'new',
      '--version',
      '12.5(1)SU3',
      '--publisher',
      'p125',
      '--licensing',
      'plm',
    ])
    assert.equal(r.exitCode, 2)
    assert.match(r.stderr, /Smart Licensing/)
    assert.equal((await sb.ok(['cluster', 'list', '--json'])).json().clusters.length, 1)
  })

  for (const bad of ['13', '12.5', '14.5', 'SU3', '11.5(1)SU99', 'latest']) {
    it(`refuses the version "${bad}" with exit 2 and creates nothing`, async () => {
      const r = await sb.run(['cluster', 'create', 'x', '--version', bad, '--publisher', 'p'])
      assert.equal(r.exitCode, 2)
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr)
      assert.equal(r.stdout, '')
      assert.deepEqual((await sb.ok(['cluster', 'list', '--json'])).json().clusters, [])
    })
  }

  it('refuses bad host names, a repeated host and IM and Presence subscribers without a publisher (exit 2)', async () => {
    assert.equal((await sb.run(['cluster', 'create', 'x', '--version', '14', '--publisher', 'bad_host!'])).exitCode, 2)
    assert.equal(
      (await sb.run(['cluster', 'create', 'x', '--version', '14', '--publisher', 'a', '--subscriber', 'A'])).exitCode,
      2,
    )
    assert.equal(
      (await sb.run(['cluster', 'create', 'x', '--version', '14', '--publisher', 'a', '--imp-subscriber', 'b']))
        .exitCode,
      2,
    )
    assert.equal((await sb.run(['cluster', 'create', 'x', '--version', '14'])).exitCode, 2)
  })

  it('refuses a second cluster of the same name (exit 1)', async () => {
    await sb.ok(LAB)
    const r = await sb.run(LAB)
    assert.equal(r.exitCode, 1)
    assert.match(r.stderr, /already exists/)
  })

  it('resolves the cluster: the only one, else the current one, else --cluster or UCADMIN_CLUSTER', async () => {
    await sb.ok(LAB)
    await sb.ok(['show', 'status'])
    await sb.ok(['cluster', 'create', 'other', '--version', '12.5(1)SU3', '--publisher', 'o-pub'])
    // The first cluster stays current when a second is created (issue 24, as kubectl keeps its context).
    assert.equal((await sb.ok(['show', 'status', '--json'])).json().host, 'cucm-pub')
    assert.equal((await sb.ok(['show', 'status', '--json', '--cluster', 'other'])).json().host, 'o-pub')
    assert.equal(
      (await sb.ok(['show', 'status', '--json'], 0, {env: {UCADMIN_CLUSTER: 'lab'}})).json().host,
      'cucm-pub',
    )
    await sb.ok(['cluster', 'use', 'other'])
    assert.equal((await sb.ok(['show', 'status', '--json'])).json().host, 'o-pub')
    const list = (await sb.ok(['cluster', 'list', '--json'])).json()
    assert.deepEqual(
      list.clusters.map((c: {name: string; current: boolean}) => [c.name, c.current]),
      [
        ['lab', false],
        ['other', true],
      ],
    )
    // Deleting the current cluster among several leaves none current: commands ask which.
    await sb.ok(['cluster', 'create', 'third', '--version', '12.5(1)SU3', '--publisher', 't-pub'])
    await sb.ok(['cluster', 'delete', 'other'])
    const amb = await sb.run(['show', 'status'])
    assert.equal(amb.exitCode, 2)
    assert.match(amb.stderr, /none is current.*cluster use/)
  })

  it('names the near miss for an unknown cluster or node (exit 2)', async () => {
    await sb.ok(LAB)
    const c = await sb.run(['cluster', 'show', 'lap'])
    assert.equal(c.exitCode, 2)
    assert.match(c.stderr, /No cluster named lap\. Did you mean lab\?/)
    const n = await sb.run(['show', 'status', '--node', 'cucm-sub'])
    assert.equal(n.exitCode, 2)
    assert.match(n.stderr, /no node cucm-sub\. Did you mean .*cucm-sub1/)
    assert.equal((await sb.run(['show', 'status'], {env: {UCADMIN_NODE: 'nowhere'}})).exitCode, 2)
  })

  it('adds nodes by role and refuses impossible ones', async () => {
    await sb.ok(['cluster', 'create', 'lab', '--version', '14SU3', '--publisher', 'cucm-pub'])
    assert.equal((await sb.run(['cluster', 'add-node', 'imp-sub', '--role', 'imp-subscriber'])).exitCode, 1)
    await sb.ok(['cluster', 'add-node', 'imp-pub', '--role', 'imp-publisher'])
    await sb.ok(['cluster', 'add-node', 'imp-sub', '--role', 'imp-subscriber'])
    await sb.ok(['cluster', 'add-node', 'cucm-sub2', '--role', 'subscriber'])
    assert.equal((await sb.run(['cluster', 'add-node', 'x', '--role', 'publisher'])).exitCode, 2)
    assert.equal((await sb.run(['cluster', 'add-node', 'cucm-sub2', '--role', 'subscriber'])).exitCode, 1)
    const nodes = (await sb.ok(['cluster', 'show', '--json']))
      .json()
      .nodes.map((n: {host: string; role: string}) => `${n.host}:${n.role}`)
    assert.deepEqual(nodes, [
      'cucm-pub:publisher',
      'imp-pub:imp-publisher',
      'imp-sub:imp-subscriber',
      'cucm-sub2:subscriber',
    ])
    const services = (await sb.ok(['utils', 'service', 'list', '--node', 'imp-sub', '--json'])).json()
    assert.ok(services.services.some((s: {name: string}) => s.name === 'Cisco XCP Router'))
  })

  it('deletes a cluster (no prompt without a terminal)', async () => {
    await sb.ok(LAB)
    await sb.ok(['cluster', 'use', 'lab'])
    assert.deepEqual((await sb.ok(['cluster', 'delete', 'lab', '--json'])).json(), {deleted: 'lab'})
    assert.deepEqual((await sb.ok(['cluster', 'list', '--json'])).json().clusters, [])
    assert.equal((await sb.run(['cluster', 'delete', 'lab'])).exitCode, 2)
  })

  it("refuses a state file that is not ucadmin's, or corrupt, with one line and exit 1, leaving it untouched", async () => {
    writeFileSync(sb.db, 'hello, I am a text file\n')
    const r = await sb.run(['cluster', 'list'])
    assert.equal(r.exitCode, 1)
    assert.match(r.stderr, /not a ucadmin state file/)
    assert.equal(r.stderr.trim().split('\n').length, 1)
    assert.equal(readFileSync(sb.db, 'utf8'), 'hello, I am a text file\n')
  })

  it('reports a corrupt state file clearly', async () => {
    await sb.ok(LAB)
    const bytes = readFileSync(sb.db)
    bytes.fill(0x5a, 100, bytes.length)
    writeFileSync(sb.db, bytes)
    const r = await sb.run(['cluster', 'list', '--json'])
    assert.equal(r.exitCode, 1)
    assert.match(r.stderr, /corrupt|not a ucadmin state file/)
    assert.doesNotMatch(r.stderr, /\n\s+at /)
  })
})
