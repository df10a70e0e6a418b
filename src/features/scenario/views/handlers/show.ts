import {readFileSync} from 'node:fs'

import {handler} from '../../../../command/handler.js'
import {parseRelease} from '../../../world/cluster/releases.js'
import {sinceDate, statusDate, uptimeText} from '../../../../core/time.js'
import {isImp} from '../../../world/cluster/topology.js'
import {listNodes} from '../../../world/cluster/store.js'
import {listServices} from '../../../platform/services/store.js'
import {type ImNodeStatus, imNodeStatus} from '../../../paths/failover/imha.js'
import {ENTERPRISE_WIDE_DATA_PKID, readReplica} from '../../../guide/cucmdb/cucmdb.js'
import {
  type CpuProfile,
  type Disk,
  type Memory,
  cpu,
  disks,
  inactiveVersion,
  memory,
  nodeFqdn,
  nodeIp,
  productVersion,
  shortName,
  unifiedOsVersion,
} from '../../../world/cluster/platform.js'

export {nodeIp} from '../../../world/cluster/platform.js'

export interface StatusResult {
  host: string
  cluster: string
  role: string
  state: string
  date: string
  productVersion: string
  unifiedOsVersion: string
  uptimeSeconds: number
  cpu: CpuProfile
  memory: Memory
  disks: Disk[]
  services: {started: number; stopped: number; notRunning: number; notActivated: number}
  dnsConfigured: boolean
  /** IM and Presence nodes: Push Notifications HA, the backup, the IM sessions held here (see docs/failover.md). */
  imSessions?: ImNodeStatus
}

/** The real layout's keys: padded to the width of the longest ("Unified OS Version"). */
const key = (k: string, v: string) => `${k.padEnd(18)} : ${v}`
const pct = (v: number) => `${v.toFixed(2).padStart(5, '0')}%`
const cpuCell = (label: string, v: number) => `${label.padStart(9)}${pct(v).padStart(9)}`
const kb = (v: number, width = 16) => `${v}K`.padStart(width)

/** `show status`, in the layout of the real capture (docs: test/fixtures/cucm/show-status.txt). */
export function statusLines(r: StatusResult): string[] {
  const now = Date.parse(r.date)
  const m = r.memory
  const c = r.cpu
  const lines = [
    '',
    key('Host Name', r.host.split('.')[0]),
    key('Date', statusDate(now)),
    key('Time Zone', 'Coordinated Universal Time (Etc/UTC)'),
    key('Locale', 'en_US.UTF-8'),
    key('Product Ver', r.productVersion),
    key('Unified OS Version', r.unifiedOsVersion),
    '',
    'Uptime:',
    ` ${statusDate(now).slice(-8)} up ${uptimeText(r.uptimeSeconds)},  1 user,  load average: ${c.load.map((l) => l.toFixed(2)).join(', ')}`,
    '',
    cpuCell('CPU Idle:', c.idle) + cpuCell('System:', c.system) + cpuCell('User:', c.user),
    cpuCell('IOWAIT:', c.iowait) + cpuCell('IRQ:', c.irq) + cpuCell('Soft:', c.soft),
    '',
    `${'Memory Total:'.padStart(13)}${kb(m.totalK)}`,
    `${'Free:'.padStart(13)}${kb(m.freeK)}`,
    `${'Used:'.padStart(13)}${kb(m.usedK)}`,
    `${'Cached:'.padStart(13)}${kb(m.cachedK)}`,
    `${'Shared:'.padStart(13)}${kb(m.sharedK)}`,
    `${'Buffers:'.padStart(13)}${kb(m.buffersK)}`,
    '',
    `${'Total'.padStart(29)}${'Free'.padStart(16)}${'Used'.padStart(16)}`,
  ]
  for (const d of r.disks)
    lines.push(`${`Disk/${d.name}`.padEnd(13)}${kb(d.totalK)}${kb(d.freeK)}${kb(d.usedK)} (${d.usedPercent}%)`)
  return lines
}

export const status = handler<StatusResult>({
  write: false,
  run(ctx) {
    const c = ctx.cluster()
    const n = ctx.node()
    const services = listServices(ctx.store, n.id)
    const count = (f: (s: (typeof services)[number]) => boolean) => services.filter(f).length
    return {
      host: n.host,
      cluster: c.name,
      role: n.role,
      state: n.state,
      date: new Date(ctx.clock.now()).toISOString(),
      productVersion: productVersion(c),
      unifiedOsVersion: unifiedOsVersion(c.version),
      uptimeSeconds: n.state === 'up' ? Math.floor((ctx.clock.now() - n.bootedAt) / 1000) : 0,
      cpu: cpu(n),
      memory: memory(n),
      disks: disks(n, inactiveVersion(ctx.store, c) !== undefined),
      services: {
        started: count((s) => s.state === 'STARTED'),
        stopped: count((s) => s.state === 'STOPPED' && s.activated),
        notRunning: count((s) => s.state === 'NOTRUNNING'),
        notActivated: count((s) => !s.activated),
      },
      dnsConfigured: n.dnsConfigured,
      ...(isImp(n) ? {imSessions: imNodeStatus(ctx.store, ctx.clock, c, n)} : {}),
    }
  },
  human(ctx, r) {
    ctx.out.lines(statusLines(r))
  },
})

interface VersionResult {
  host: string
  version: string | null
  activeMasterVersion?: string
  inactiveMasterVersion?: string | null
}

const options = ['No Installed Software Options Found.']

export const versionActive = handler<VersionResult>({
  write: false,
  run(ctx) {
    const c = ctx.cluster()
    return {host: ctx.node().host, version: c.version, activeMasterVersion: productVersion(c)}
  },
  human(ctx, r) {
    ctx.out.line(`Active Master Version: ${r.activeMasterVersion}`)
    ctx.out.line('Active Version Installed Software Options:')
    ctx.out.lines(options)
  },
})

/** `show version inactive`: the release before the last upgrade (an upgrade keeps it on the inactive partition). */
export const versionInactive = handler<VersionResult>({
  write: false,
  run(ctx) {
    const c = ctx.cluster()
    const v = inactiveVersion(ctx.store, c)
    return {
      host: ctx.node().host,
      version: v ?? null,
      inactiveMasterVersion: v ? productVersion({...c, version: parseRelease(v).name}) : null,
    }
  },
  human(ctx, r) {
    ctx.out.line(`Inactive Master Version: ${r.inactiveMasterVersion ?? ''}`.trimEnd())
    ctx.out.line('Inactive Version Installed Software Options:')
    ctx.out.lines(options)
  },
})

export interface NetworkClusterNode {
  ip: string
  fqdn: string
  host: string
  role: string
  type: string
  db: string
  state: string
  authenticated: boolean
  /** The node this session runs on (no "using TCP since"). */
  self: boolean
  /** When the connection to this node was made (the later boot of the two nodes); null for the node itself. */
  since: string | null
}

export interface NetworkClusterResult {
  node: string
  nodes: NetworkClusterNode[]
  /** The Server Table (processnode) block: only on the Unified CM publisher; null elsewhere. */
  processnode: string[] | null
}

export const networkCluster = handler<NetworkClusterResult>({
  write: false,
  run(ctx) {
    const c = ctx.cluster()
    const self = ctx.node()
    const nodes = listNodes(ctx.store, c.id)
    let processnode: string[] | null = null
    if (self.role === 'publisher' && self.state === 'up') {
      // The nodes of processnode on this node, in `run sql select name from processnode` order; every real capture
      // lists servers only, never the EnterpriseWideData row (issue 20, item 16).
      processnode = readReplica(ctx.store, self, 'processnode')
        .filter((row) => row.pkid !== ENTERPRISE_WIDE_DATA_PKID)
        .map((row) => String(row.name))
    }
    return {
      node: self.host,
      nodes: nodes.map((n) => ({
        ip: nodeIp(n),
        fqdn: nodeFqdn(c, n),
        host: shortName(n),
        role: n.role === 'publisher' ? 'Publisher' : 'Subscriber',
        type: isImp(n) ? 'cups' : 'callmanager',
        db: n.role === 'publisher' || n.role === 'imp-publisher' ? 'DBPub' : 'DBSub',
        state: n.state,
        authenticated: n.state === 'up',
        self: n.id === self.id,
        since:
          n.id === self.id || n.state !== 'up' ? null : new Date(Math.max(n.bootedAt, self.bootedAt)).toISOString(),
      })),
      processnode,
    }
  },
  human(ctx, r) {
    for (const n of r.nodes) {
      const auth = !n.authenticated
        ? 'not authenticated'
        : n.since
          ? `authenticated using TCP since ${sinceDate(Date.parse(n.since))}`
          : 'authenticated'
      ctx.out.line(`${n.ip} ${n.fqdn} ${n.host} ${n.role} ${n.type} ${n.db} ${auth}`)
    }
    if (r.processnode) {
      ctx.out.line('')
      ctx.out.line('Server Table (processnode) Entries')
      ctx.out.line('----------------------------------')
      for (const name of r.processnode) ctx.out.line(name)
    }
  },
})

/** `ucadmin version`: what `ucadmin --version` prints (oclif's user agent), or its parts with --json. */
export const ucadminVersion = handler<{name: string; version: string; node: string; platform: string}>({
  stateless: true,
  run() {
    const pkg = JSON.parse(readFileSync(new URL('../../../../../package.json', import.meta.url), 'utf8')) as {
      name: string
      version: string
    }
    return {
      name: pkg.name,
      version: pkg.version,
      node: process.version,
      platform: `${process.platform}-${process.arch}`,
    }
  },
  human(ctx, r) {
    ctx.out.line(`${r.name}/${r.version} ${r.platform} node-${r.node}`)
  },
})
