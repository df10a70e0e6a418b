import {REACTIONS} from './fixture.js'
import assert from 'node:assert/strict'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {Clock} from '../../src/features/world/clock/clock.js'
import {
  ENTERPRISE_WIDE_DATA_PKID,
  clusterReplication,
  readMachineAccount,
  readReplica,
  replicatedDelete,
  replicatedUpsert,
  setReplicationFault,
  writeMachineAccount,
} from '../../src/features/guide/cucmdb/cucmdb.js'
import {UcError} from '../../src/core/errors.js'
import {runSql} from '../../src/features/guide/cucmdb/runsql.js'
import {EVENT_HANDLERS} from '../../src/compose/clock-events.js'
import {setNodeFault} from '../../src/features/scenario/faults/faults.js'
import {controlService} from '../../src/features/platform/services/control.js'
import {addNode, createCluster} from '../../src/features/guide/install/install.js'
import {type ClusterRow, type NodeRow, findNode} from '../../src/features/world/cluster/store.js'
import {Store} from '../../src/store/store.js'

describe('cucmdb: replicas and replication (domain API)', () => {
  let dir: string
  let store: Store
  let clock: Clock
  let cluster: ClusterRow
  const node = (host: string): NodeRow => findNode(store, cluster.id, host)!
  const token = (host: string) => readMachineAccount(store, node(host))?.refreshtoken
  const tokens = () => ['cucm-pub', 'cucm-sub1', 'imp-pub'].map(token)

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ucadmin-unit-'))
    store = Store.open(join(dir, 'state.db'))
    clock = new Clock(store, () => EVENT_HANDLERS)
    cluster = createCluster(store, clock, {
      name: 'lab',
      version: '14SU3',
      publisher: 'cucm-pub',
      subscribers: ['cucm-sub1'],
      impPublisher: 'imp-pub',
      impSubscribers: [],
    })
  })
  afterEach(() => {
    store.close()
    rmSync(dir, {recursive: true, force: true})
  })

  it('writes processnode for every node, with the EnterpriseWideData row, on every replica', () => {
    for (const host of ['cucm-pub', 'cucm-sub1', 'imp-pub']) {
      const rows = readReplica(store, node(host), 'processnode')
      assert.deepEqual(
        rows.map((r) => [r.name, r.systemnode, r.nodeid, r.tknodeusage, r.tkprocessnoderole]),
        [
          ['EnterpriseWideData', 't', 1, 1, 1],
          ['cucm-pub', 'f', 2, 0, 1],
          ['cucm-sub1', 'f', 3, 1, 1],
          ['imp-pub', 'f', 4, 0, 2],
        ],
      )
      assert.equal(rows[0].pkid, ENTERPRISE_WIDE_DATA_PKID)
      assert.equal(rows[1].pkid, node('cucm-pub').pkid)
    }
  })

  it('a node added later appears everywhere and starts with a full copy', () => {
    writeMachineAccount(store, clock, cluster, {refreshtoken: 'r1'})
    addNode(store, clock, cluster, 'cucm-sub2', 'subscriber')
    assert.equal(token('cucm-sub2'), 'r1')
    for (const host of ['cucm-pub', 'imp-pub', 'cucm-sub2'])
      assert.equal(readReplica(store, node(host), 'processnode').at(-1)!.name, 'cucm-sub2')
  })

  it('writeMachineAccount creates one row, then updates it, on every node', () => {
    assert.equal(readMachineAccount(store, node('imp-pub')), undefined)
    const a = writeMachineAccount(store, clock, cluster, {
      machineaccountname: 'm',
      orgid: 'o',
      refreshtoken: 'r1',
      accesstokenexpiry: Date.parse('2026-01-05T10:00:00Z'),
    })
    assert.equal(a.accesstokenexpiry, '2026-01-05 10:00:00')
    const b = writeMachineAccount(store, clock, cluster, {refreshtoken: 'r2'})
    assert.equal(b.pkid, a.pkid)
    assert.equal(b.orgid, 'o')
    assert.deepEqual(tokens(), ['r2', 'r2', 'r2'])
    assert.equal(readReplica(store, node('cucm-sub1'), 'machineaccountdetails').length, 1)
  })

  it('a broken node keeps its old rows and catches up when fixed', () => {
    writeMachineAccount(store, clock, cluster, {refreshtoken: 'old'})
    setReplicationFault(store, clock, node('cucm-sub1'), 'replication-break')
    writeMachineAccount(store, clock, cluster, {refreshtoken: 'new'})
    assert.deepEqual(tokens(), ['new', 'old', 'new'])
    const st = clusterReplication(store, cluster).find((n) => n.host === 'cucm-sub1')!
    assert.deepEqual([st.rtmtState, st.status, st.queue], [3, 'Replication broken', 1])
    const r = setReplicationFault(store, clock, node('cucm-sub1'), 'replication-fix')
    assert.deepEqual(r, {node: 'cucm-sub1', replication: 'ok', caughtUp: 1, queue: 0})
    assert.deepEqual(tokens(), ['new', 'new', 'new'])
  })

  it('a node that was down catches up when it comes back up, unless replication is broken', () => {
    writeMachineAccount(store, clock, cluster, {refreshtoken: 'old'})
    setNodeFault(store, clock, node('imp-pub'), 'node-down', REACTIONS)
    setNodeFault(store, clock, node('cucm-sub1'), 'node-down', REACTIONS)
    setReplicationFault(store, clock, node('cucm-sub1'), 'replication-break')
    writeMachineAccount(store, clock, cluster, {refreshtoken: 'new'})
    assert.equal(token('imp-pub'), 'old')
    setNodeFault(store, clock, node('imp-pub'), 'node-up', REACTIONS)
    setNodeFault(store, clock, node('cucm-sub1'), 'node-up', REACTIONS)
    assert.deepEqual(tokens(), ['new', 'old', 'new'])
    // Fixed while down: it catches up when it comes up.
    setNodeFault(store, clock, node('cucm-sub1'), 'node-down', REACTIONS)
    assert.equal(setReplicationFault(store, clock, node('cucm-sub1'), 'replication-fix').caughtUp, 0)
    setNodeFault(store, clock, node('cucm-sub1'), 'node-up', REACTIONS)
    assert.equal(token('cucm-sub1'), 'new')
  })

  it('A Cisco DB Replicator stopped on a node holds its changes until it starts', () => {
    writeMachineAccount(store, clock, cluster, {refreshtoken: 'old'})
    controlService(store, clock, node('cucm-sub1'), 'A Cisco DB Replicator', 'stop', REACTIONS)
    writeMachineAccount(store, clock, cluster, {refreshtoken: 'new'})
    assert.equal(token('cucm-sub1'), 'old')
    controlService(store, clock, node('cucm-sub1'), 'A Cisco DB Replicator', 'start', REACTIONS)
    assert.equal(token('cucm-sub1'), 'new')
  })

  it('writes need the publisher', () => {
    setNodeFault(store, clock, node('cucm-pub'), 'node-down', REACTIONS)
    assert.throws(
      () => writeMachineAccount(store, clock, cluster, {refreshtoken: 'x'}),
      (e: UcError) => e.exitCode === 1 && /cucm-pub is down/.test(e.message),
    )
    assert.throws(
      () => runSql(store, clock, cluster, node('cucm-sub1'), "update machineaccountdetails set refreshtoken='x'"),
      (e: UcError) => e.exitCode === 1,
    )
  })

  it('generic upsert and delete by pkid, with typed columns', () => {
    const row = replicatedUpsert(store, clock, cluster, 'machineaccountdetails', {refreshtoken: 'a'})
    assert.match(String(row.pkid), /^[0-9a-f-]{36}$/)
    assert.equal(row.accesstoken, null)
    replicatedUpsert(store, clock, cluster, 'machineaccountdetails', {pkid: row.pkid, accesstoken: 'at'})
    assert.equal(readReplica(store, node('imp-pub'), 'machineaccountdetails')[0].accesstoken, 'at')
    assert.throws(() => replicatedUpsert(store, clock, cluster, 'nosuchtable', {}))
    assert.throws(() => replicatedUpsert(store, clock, cluster, 'machineaccountdetails', {nosuchcolumn: 1}))
    assert.throws(() => replicatedUpsert(store, clock, cluster, 'processnode', {nodeid: 'x'}))
    assert.equal(replicatedDelete(store, clock, cluster, 'machineaccountdetails', String(row.pkid)), true)
    assert.equal(replicatedDelete(store, clock, cluster, 'machineaccountdetails', String(row.pkid)), false)
    assert.deepEqual(readReplica(store, node('cucm-sub1'), 'machineaccountdetails'), [])
  })

  it('run sql reads the node replica and writes through the publisher', () => {
    writeMachineAccount(store, clock, cluster, {refreshtoken: 'old'})
    setReplicationFault(store, clock, node('imp-pub'), 'replication-break')
    const w = runSql(store, clock, cluster, node('cucm-sub1'), "update machineaccountdetails set refreshtoken='new'")
    assert.deepEqual(w, {kind: 'write', rowCount: 1, replicatedTo: ['cucm-pub', 'cucm-sub1'], pending: ['imp-pub']})
    const read = (host: string) => {
      const r = runSql(store, clock, cluster, node(host), 'select refreshtoken from machineaccountdetails')
      assert.equal(r.kind, 'select')
      return r.kind === 'select' ? [...r.cursor.rows()] : []
    }
    assert.deepEqual(read('cucm-pub'), [['new']])
    assert.deepEqual(read('imp-pub'), [['old']])
    assert.throws(
      () => runSql(store, clock, cluster, node('imp-pub'), "update machineaccountdetails set refreshtoken='x'"),
      (e: UcError) => e.exitCode === 1 && e.code === 'READ_ONLY_REPLICA',
    )
  })

  it('INSERT without pkid generates one; rows keep their order', () => {
    runSql(
      store,
      clock,
      cluster,
      node('cucm-pub'),
      "insert into machineaccountdetails(refreshtoken) values ('a'), ('b')",
    )
    runSql(
      store,
      clock,
      cluster,
      node('cucm-pub'),
      "update machineaccountdetails set refreshtoken = refreshtoken || '2' where refreshtoken = 'a'",
    )
    const rows = readReplica(store, node('cucm-sub1'), 'machineaccountdetails')
    assert.deepEqual(
      rows.map((r) => r.refreshtoken),
      ['a2', 'b'],
    )
    assert.notEqual(rows[0].pkid, rows[1].pkid)
  })
})
