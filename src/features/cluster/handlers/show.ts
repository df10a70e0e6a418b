import {readFileSync} from 'node:fs'

import {handler} from '../../../cli/handler.js'
import {buildNumber, parseRelease} from '../releases.js'
import {cucmDate} from '../../../core/time.js'
import {ROLE_TEXT, isImp} from '../topology.js'
import {listNodes, type NodeRow} from '../store.js'
import {listServices} from '../../services/store.js'
import {type ImNodeStatus, imNodeStatus} from '../../failover/imha.js'

export interface StatusResult {
  host: string
  cluster: string
  role: string
  state: string
  date: string
  productVersion: string
  uptimeSeconds: number
  services: {started: number; stopped: number; notRunning: number; notActivated: number}
  dnsConfigured: boolean
  /** IM and Presence nodes: Push Notifications HA, the backup, the IM sessions held here (see docs/failover.md). */
  imSessions?: ImNodeStatus
}

const fmtUptime = (s: number) => {
  const days = Math.floor(s / 86_400)
  const h = Math.floor((s % 86_400) / 3600)
  const m = Math.floor((s % 3600) / 60)
  return `${days} day${days === 1 ? '' : 's'}, ${String(h).padStart(2, ' ')}:${String(m).padStart(2, '0')}`
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
      productVersion: buildNumber(parseRelease(c.version)),
      uptimeSeconds: n.state === 'up' ? Math.floor((ctx.clock.now() - n.bootedAt) / 1000) : 0,
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
    const o = ctx.out
    const now = Date.parse(r.date)
    o.line(` Host Name        : ${r.host}`)
    o.line(` Date             : ${cucmDate(now)}`)
    o.line(' Time Zone        : Coordinated Universal Time (Etc/UTC)')
    o.line(' Locale           : en_US.UTF-8')
    o.line(` Product Ver      : ${r.productVersion}`)
    o.line(` Unified OS Ver   : ${r.productVersion.split('.').slice(0, 2).join('.')}.0.0-1`)
    o.line('')
    o.line(' Uptime:')
    o.line(r.state === 'up' ? ` ${cucmDate(now).slice(-8)} up ${fmtUptime(r.uptimeSeconds)},  1 user,  load average: 0.10, 0.12, 0.09` : ` Node is ${r.state}`)
    o.line('')
    o.line(` Cluster          : ${r.cluster}`)
    o.line(` Role             : ${ROLE_TEXT[r.role as keyof typeof ROLE_TEXT]}`)
    o.line(` Node State       : ${r.state}`)
    o.line(` DNS              : ${r.dnsConfigured ? 'configured' : 'not configured'}`)
    o.line(` Services         : ${r.services.started} started, ${r.services.stopped} stopped, ${r.services.notRunning} not running, ${r.services.notActivated} not activated`)
    const im = r.imSessions
    if (im) {
      o.line(` Push HA          : ${im.ha ? 'in effect' : 'not in effect'}, backup ${im.backup ?? 'none'}`)
      o.line(` IM sessions      : ${im.sessions} here (${im.recreating} being recreated), ${im.failedOver} failed over to the backup, ${im.offline} offline; unread queued ${im.queued}, held ${im.held}`)
    }
  },
})

export const versionActive = handler<{host: string; version: string; activeMasterVersion: string}>({
  write: false,
  run(ctx) {
    const c = ctx.cluster()
    return {host: ctx.node().host, version: c.version, activeMasterVersion: buildNumber(parseRelease(c.version))}
  },
  human(ctx, r) {
    ctx.out.line(`Active Master Version: ${r.activeMasterVersion}`)
    ctx.out.line('Active Version Installed Software Options:')
    ctx.out.line('No Installed Software Options Found.')
  },
})

export interface NetworkClusterResult {
  nodes: Array<{ip: string; fqdn: string; host: string; role: string; type: string; db: string; state: string; authenticated: boolean}>
}

/** A stable private address for a simulated node. */
export function nodeIp(n: NodeRow): string {
  return `10.${10 + (n.clusterId % 200)}.0.${11 + n.position}`
}

export const networkCluster = handler<NetworkClusterResult & {since: string}>({
  write: false,
  run(ctx) {
    const c = ctx.cluster()
    const nodes = listNodes(ctx.store, c.id)
    return {
      since: cucmDate(Math.max(...nodes.map((n) => n.bootedAt))),
      nodes: nodes.map((n) => ({
        ip: nodeIp(n),
        fqdn: `${n.host}.${c.name.toLowerCase()}.example.com`,
        host: n.host,
        role: n.role === 'publisher' ? 'Publisher' : 'Subscriber',
        type: isImp(n) ? 'cups' : 'callmanager',
        db: n.role === 'publisher' ? 'DBPub' : 'DBSub',
        state: n.state,
        authenticated: n.state === 'up',
      })),
    }
  },
  human(ctx, r) {
    for (const n of r.nodes) {
      const auth = !n.authenticated ? `not authenticated (node ${n.state})` : n.db === 'DBPub' ? 'authenticated' : `authenticated using TCP since ${r.since}`
      ctx.out.line(`${n.ip} ${n.fqdn} ${n.host} ${n.role} ${n.type} ${n.db} ${auth}`)
    }
    ctx.out.line('')
    ctx.out.line('Server Table (processnode) Entries')
    ctx.out.line('----------------------------------')
    for (const n of r.nodes) ctx.out.line(n.fqdn)
    ctx.out.line('')
    ctx.out.line('Successful')
  },
})

/** `ucadmin version`: what `ucadmin --version` prints (oclif's user agent), or its parts with --json. */
export const ucadminVersion = handler<{name: string; version: string; node: string; platform: string}>({
  stateless: true,
  run() {
    const pkg = JSON.parse(readFileSync(new URL('../../../../package.json', import.meta.url), 'utf8')) as {name: string; version: string}
    return {name: pkg.name, version: pkg.version, node: process.version, platform: `${process.platform}-${process.arch}`}
  },
  human(ctx, r) {
    ctx.out.line(`${r.name}/${r.version} ${r.platform} node-${r.node}`)
  },
})
