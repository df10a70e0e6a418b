import type {ClusterRow, NodeRow} from './store.js'
import {isImp} from './topology.js'
import {buildNumber, parseRelease} from './releases.js'
import type {Store} from '../../../store/store.js'
import {getSetting, setSetting} from '../../../store/settings.js'

/**
 * The simulated platform of a node: its address, FQDN, MAC, serial number, CPU, memory and disks. One place, derived
 * only from the node (cluster id, position, host), so the values are the same on every run and every command that
 * prints them (show status, show network eth0, show hardware, show network cluster, dbreplication, the banner) agrees.
 * Load and CPU figures are a node's constant profile, not a measurement; used + free = total for memory and disks.
 */

/** FNV-1a, 32 bits: a cheap stable number from a string (no node:crypto at start-up). */
function hash(text: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return h >>> 0
}

/** A stable number in [0, n) for a node and a purpose. */
function pick(n: NodeRow, purpose: string, size: number): number {
  return hash(`${n.clusterId}\u0000${n.host.toLowerCase()}\u0000${purpose}`) % size
}

/** The node's IPv4 address: 10.<cluster>.0.<11 + position>. */
export function nodeIp(n: NodeRow): string {
  return `10.${10 + (n.clusterId % 200)}.0.${11 + n.position}`
}

export const NETMASK = '255.255.255.0'

/** The default gateway (and NTP and DNS server) of a node's subnet. */
export function gatewayIp(n: NodeRow): string {
  return `10.${10 + (n.clusterId % 200)}.0.1`
}

export function dnsServerIp(n: NodeRow): string {
  return `10.${10 + (n.clusterId % 200)}.0.2`
}

/** The DNS domain of a cluster's nodes: `<cluster>.example.com`. */
export function clusterDomain(c: ClusterRow): string {
  return `${c.name.toLowerCase()}.example.com`
}

/** A node named by an FQDN keeps it; a short name gets the cluster's domain. */
export function nodeFqdn(c: ClusterRow, n: NodeRow): string {
  return n.host.includes('.') ? n.host : `${n.host}.${clusterDomain(c)}`
}

/** The host name without its domain. */
export function shortName(n: NodeRow): string {
  return n.host.split('.')[0]
}

/** The node's domain (of its FQDN). */
export function nodeDomain(c: ClusterRow, n: NodeRow): string {
  return nodeFqdn(c, n).split('.').slice(1).join('.')
}

const hex2 = (v: number) => v.toString(16).padStart(2, '0')

/** A VMware MAC address (OUI 00:50:56). */
export function macAddress(n: NodeRow): string {
  const h = hash(`mac\u0000${n.clusterId}\u0000${n.host.toLowerCase()}`)
  return ['00', '50', '56', hex2((h >>> 16) & 0x3f), hex2((h >>> 8) & 0xff), hex2(h & 0xff)].join(':')
}

/** VMware's serial number form: `VMware-42 16 a1 ... - ...`. */
export function serialNumber(n: NodeRow): string {
  const bytes: string[] = []
  for (let i = 0; i < 16; i++)
    bytes.push(hex2(hash(`serial\u0000${n.clusterId}\u0000${n.host.toLowerCase()}\u0000${i}`) & 0xff))
  return `VMware-42 ${bytes.slice(1, 8).join(' ')}-${bytes.slice(8).join(' ')}`
}

/** The Unified OS version of a release (CUCM 12.5 runs UCOS 7.0). */
export function unifiedOsVersion(version: string): string {
  const r = parseRelease(version)
  const os = r.major >= 14 ? r.major - 6 : r.major - 5
  return `${os}.0.0.0-4`
}

export interface Hardware {
  platform: string
  vcpus: number
  cpuType: string
  cpuMhz: number
  ramMb: number
  diskGb: number
  serial: string
  bios: string
}

const CPUS = [
  {type: 'Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz', mhz: 2500},
  {type: 'Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz', mhz: 2400},
  {type: 'Intel(R) Xeon(R) Silver 4214 CPU @ 2.20GHz', mhz: 2200},
]

/** The VM's virtual hardware: an OVA size by node type (IM and Presence nodes are smaller). */
export function hardware(n: NodeRow): Hardware {
  const cpu = CPUS[pick(n, 'cpu', CPUS.length)]
  const imp = isImp(n)
  return {
    platform: 'VMware Virtual Machine',
    vcpus: imp ? 2 : 4,
    cpuType: cpu.type,
    cpuMhz: cpu.mhz,
    ramMb: imp ? 6144 : 8192,
    diskGb: imp ? 80 : 110,
    serial: serialNumber(n),
    bios: 'Phoenix Technologies LTD 6.00 12/12/2018',
  }
}

export interface Memory {
  totalK: number
  freeK: number
  usedK: number
  cachedK: number
  sharedK: number
  buffersK: number
}

/** Memory as `show status` reports it, in KiB; used + free = total. */
export function memory(n: NodeRow): Memory {
  const totalK = hardware(n).ramMb * 1024 - 262_144 + pick(n, 'memtotal', 4096)
  const freeK = Math.round(totalK * (0.08 + pick(n, 'memfree', 120) / 1000))
  const usedK = totalK - freeK
  const cachedK = Math.round(usedK * (0.2 + pick(n, 'cached', 100) / 1000))
  const sharedK = Math.round(usedK * (0.08 + pick(n, 'shared', 40) / 1000))
  const buffersK = Math.round(usedK * (0.25 + pick(n, 'buffers', 100) / 1000))
  return {totalK, freeK, usedK, cachedK, sharedK, buffersK}
}

export interface Disk {
  name: 'active' | 'inactive' | 'logging'
  totalK: number
  freeK: number
  usedK: number
  /** As df rounds it: used / total, rounded up. */
  usedPercent: number
}

/** The three partitions `show status` lists; used + free = total. */
export function disks(n: NodeRow, hasInactive: boolean): Disk[] {
  const gb = hardware(n).diskGb
  const side = Math.round(gb * 0.163 * 1024 * 1024)
  const logging = Math.round(gb * 0.57 * 1024 * 1024)
  const make = (name: Disk['name'], totalK: number, usedShare: number): Disk => {
    const usedK = Math.round(totalK * usedShare)
    return {name, totalK, usedK, freeK: totalK - usedK, usedPercent: Math.ceil((usedK * 100) / totalK)}
  }
  return [
    make('active', side, 0.62 + pick(n, 'active', 150) / 1000),
    make('inactive', side, hasInactive ? 0.55 + pick(n, 'inactive', 100) / 1000 : 0.0025),
    make('logging', logging, 0.3 + pick(n, 'logging', 250) / 1000),
  ]
}

export interface CpuProfile {
  idle: number
  system: number
  user: number
  iowait: number
  irq: number
  soft: number
  load: [number, number, number]
}

/** The node's CPU figures (percentages that add up to 100) and load averages. */
export function cpu(n: NodeRow): CpuProfile {
  const iowait = (20 + pick(n, 'iowait', 150)) / 100
  const soft = (10 + pick(n, 'soft', 60)) / 100
  const irq = 0
  const system = (400 + pick(n, 'system', 800)) / 100
  const user = (900 + pick(n, 'user', 1500)) / 100
  const idle = Math.round((100 - iowait - soft - irq - system - user) * 100) / 100
  const l1 = (20 + pick(n, 'load1', 120)) / 100
  return {idle, system, user, iowait, irq, soft, load: [l1, Math.round(l1 * 85) / 100, Math.round(l1 * 70) / 100]}
}

/** The product version string of a cluster's release (`show status` Product Ver, `show version active`). */
export function productVersion(c: ClusterRow): string {
  return buildNumber(parseRelease(c.version))
}

const inactiveKey = (c: ClusterRow) => `cluster.${c.id}.${c.createdAt}.inactiveVersion`

/** The release on the inactive partition: the one the cluster ran before its last upgrade, if it was upgraded. */
export function inactiveVersion(store: Store, c: ClusterRow): string | undefined {
  return getSetting(store, inactiveKey(c))
}

/** An upgrade installs to the inactive side and switches: the old release stays on the inactive partition. */
export function recordInactiveVersion(store: Store, c: ClusterRow, version: string): void {
  setSetting(store, inactiveKey(c), version)
}
