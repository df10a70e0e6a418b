import {handler} from '../../../../command/handler.js'
import {unixDate} from '../../../../core/time.js'
import {UsageError} from '../../../../core/errors.js'
import {ROLE_TEXT, isImp} from '../../../world/cluster/topology.js'
import {listNodes, type NodeRow} from '../../../world/cluster/store.js'
import {publisherOf} from '../../../world/cluster/target.js'
import {getService} from '../../../platform/services/store.js'
import {certificates} from '../../../guide/onboarding/config-store.js'
import {
  type Hardware,
  NETMASK,
  disks,
  dnsServerIp,
  gatewayIp,
  hardware,
  inactiveVersion,
  macAddress,
  nodeDomain,
  nodeIp,
  productVersion,
  unifiedOsVersion,
} from '../../../world/cluster/platform.js'

/**
 * The platform commands health checks and scanners call on connect: show myself, show network eth0, show hardware,
 * show cert list own|trust, utils ntp status, utils diagnose test, utils disaster_recovery status backup and show
 * tech ccm_service. Every figure comes from the node's platform facts (../platform.ts) or its state.
 */

const half = (k: string, v: string, width: number) => `${k.padEnd(width)}: ${v}`
const pair = (a: string, b: string) => `${a.padEnd(35)}${b}`

export interface MyselfResult {
  machineName: string
  account: string
  privilegeLevel: number
  commandCountDisabled: boolean
  accountStatus: string
  node: string
  role: string
  cluster: string
  version: string
  simulatedBy: string
}

export const myself = handler<MyselfResult>({
  write: false,
  run(ctx) {
    const c = ctx.cluster()
    const n = ctx.node()
    return {
      machineName: n.host.split('.')[0],
      account: ctx.env.UCADMIN_ACCOUNT || 'admin',
      privilegeLevel: 4,
      commandCountDisabled: false,
      accountStatus: 'enabled',
      node: n.host,
      role: n.role,
      cluster: c.name,
      version: c.version,
      simulatedBy: 'ucadmin',
    }
  },
  human(ctx, r) {
    const o = ctx.out
    o.line(`Machine Name    : ${r.machineName}`)
    o.line(`account name    : ${r.account}`)
    o.line(`privilege level : ${r.privilegeLevel}`)
    o.line(`command count disabled : ${r.commandCountDisabled}`)
    o.line(`account status  : ${r.accountStatus}`)
    o.line('')
    o.line(
      `Node ${r.node} (${ROLE_TEXT[r.role as keyof typeof ROLE_TEXT]}), cluster ${r.cluster}, release ${r.version}; simulated by ucadmin.`,
    )
  },
})

export interface Eth0Result {
  node: string
  dhcp: boolean
  status: string
  ip: string
  mask: string
  mac: string
  mtu: number
  speedMbps: number
  gateway: string
  dns: {primary: string | null; secondary: string | null; domain: string}
  detail: boolean
}

export const networkEth0 = handler<Eth0Result>({
  write: false,
  run(ctx, {argv}) {
    const extra = argv.filter((w) => w.toLowerCase() !== 'detail')
    if (extra.length)
      throw new UsageError(`\`show network eth0\` takes only \`detail\`, not "${extra.join(' ')}".`, {
        code: 'BAD_INPUT',
        fix: 'Run `show network eth0` or `show network eth0 detail`.',
      })
    const c = ctx.cluster()
    const n = ctx.node()
    return {
      node: n.host,
      dhcp: false,
      status: n.state === 'up' ? 'up' : 'down',
      ip: nodeIp(n),
      mask: NETMASK,
      mac: macAddress(n),
      mtu: 1500,
      speedMbps: 10000,
      gateway: gatewayIp(n),
      dns: {primary: n.dnsConfigured ? dnsServerIp(n) : null, secondary: null, domain: nodeDomain(c, n)},
      detail: argv.some((w) => w.toLowerCase() === 'detail'),
    }
  },
  human(ctx, r) {
    const o = ctx.out
    const mask = r.mask
      .split('.')
      .map((p) => p.padStart(3, '0'))
      .join('.')
    o.line('Ethernet 0')
    o.line(pair(half('DHCP', r.dhcp ? 'enabled' : 'disabled', 11), half('Status', r.status, 11)))
    o.line(pair(half('IP Address', r.ip, 11), half('IP Mask', mask, 11)))
    o.line(pair(half('Link Detected', 'yes', 13), half('Mode', `Auto disabled, Full, ${r.speedMbps} Mbits/s`, 11)))
    o.line(half('Duplicate IP', 'no', 13))
    if (r.detail) {
      o.line(pair(half('Queue Length', '1000', 13), half('MTU', String(r.mtu), 11)))
      o.line(half('MAC Address', r.mac, 13))
      o.line(pair(half('RX packets', '0', 13), half('TX packets', '0', 11)))
      o.line(pair(half('RX errors', '0', 13), half('TX errors', '0', 11)))
      o.line(pair(half('RX dropped', '0', 13), half('TX dropped', '0', 11)))
    }
    o.line('')
    o.line('DNS')
    if (r.dns.primary) {
      o.line(pair(half('Primary', r.dns.primary, 11), half('Secondary', r.dns.secondary ?? 'Not Configured', 11)))
      o.line(half('Options', 'timeout:5 attempts:2', 11))
    } else o.line('Not configured.')
    o.line(half('Domain', r.dns.domain, 11))
    o.line(half('Gateway', `${r.gateway} on Ethernet 0`, 11))
  },
})

export const showHardware = handler<Hardware & {node: string; osVersion: string}>({
  write: false,
  run(ctx) {
    const n = ctx.node()
    return {node: n.host, osVersion: `UCOS ${unifiedOsVersion(ctx.cluster().version)}.x86_64`, ...hardware(n)}
  },
  human(ctx, r) {
    const o = ctx.out
    const k = (key: string, v: string) => o.line(`${key.padEnd(18)}: ${v}`)
    k('HW Platform', r.platform)
    k('Processors', String(r.vcpus))
    k('Type', r.cpuType)
    k('CPU Speed', String(r.cpuMhz))
    k('Memory', `${r.ramMb} MBytes`)
    k('Object ID', '1.3.6.1.4.1.9.1.1348')
    k('OS Version', r.osVersion)
    k('Serial Number', r.serial)
    o.line('')
    o.line('RAID Version      :')
    o.line('No RAID controller information is available')
    o.line('')
    o.line('BIOS Information  :')
    o.line(r.bios)
    o.line('')
    o.line('RAID Details      :')
    o.line('No RAID information is available')
    o.line('')
    o.line('-'.repeat(69))
    o.line('Physical device information')
    o.line('-'.repeat(69))
    o.line('Number of Disks   : 1')
    o.line('Hard Disk #1')
    o.line(`Size (in GB)      : ${r.diskGb}`)
  },
})

export interface CertEntry {
  store: string
  name: string
  description: string
}

/** The node's own certificates: the platform's self-signed ones by node type. */
function ownCerts(n: NodeRow): CertEntry[] {
  const units = isImp(n)
    ? ['tomcat', 'ipsec', 'cup', 'cup-xmpp', 'cup-xmpp-s2s']
    : ['tomcat', 'ipsec', 'CallManager', 'CAPF', 'TVS']
  return units.map((u) => ({store: u, name: `${u}.pem`, description: 'Self-signed certificate generated by system'}))
}

const certLine = (c: CertEntry) => `${c.store}/${c.name}: ${c.description}`

export const certListOwn = handler<{node: string; certificates: CertEntry[]}>({
  write: false,
  run(ctx) {
    const n = ctx.node()
    return {node: n.host, certificates: ownCerts(n)}
  },
  human(ctx, r) {
    ctx.out.lines(r.certificates.map(certLine))
  },
})

/** The node's trust stores: each own certificate's trust copy, then the CA certificates uploaded (cert upload). */
export const certListTrust = handler<{node: string; certificates: CertEntry[]}>({
  write: false,
  run(ctx) {
    const n = ctx.node()
    const short = n.host.split('.')[0]
    const own: CertEntry[] = [
      {store: 'tomcat-trust', name: `${short}.pem`, description: 'Trust Certificate'},
      ...(isImp(n) ? [] : [{store: 'callmanager-trust', name: `${short}.pem`, description: 'Trust Certificate'}]),
    ]
    const uploaded = certificates(ctx.store, n.id).map((c) => ({
      store: c.store,
      name: /\.(pem|der|crt|cer)$/i.test(c.name) ? c.name : `${c.name}.pem`,
      description: 'Trust Certificate',
    }))
    return {node: n.host, certificates: [...own, ...uploaded].sort((a, b) => a.store.localeCompare(b.store))}
  },
  human(ctx, r) {
    ctx.out.lines(r.certificates.map(certLine))
  },
})

export interface NtpResult {
  node: string
  running: boolean
  server: string
  stratum: number
  synchronised: boolean
  time: string
}

/** NTP: the CUCM publisher syncs to the subnet's gateway (stratum 1); every other node to the publisher. */
export const ntpStatus = handler<NtpResult>({
  write: false,
  run(ctx) {
    const n = ctx.node()
    const pub = publisherOf(ctx.store, n.clusterId)
    const fromPub = n.id !== pub.id
    return {
      node: n.host,
      running: n.state === 'up',
      server: fromPub ? nodeIp(pub) : gatewayIp(n),
      stratum: fromPub ? 3 : 2,
      synchronised: !fromPub || pub.state === 'up',
      time: new Date(ctx.clock.now()).toISOString(),
    }
  },
  human(ctx, r) {
    const o = ctx.out
    o.line(`ntpd (pid ${2000 + ((r.server.length * 97) % 900)}) is running...`)
    o.line('')
    o.line('     remote           refid      st t when poll reach   delay   offset  jitter')
    o.line('='.repeat(78))
    const refid = r.stratum === 2 ? '.GPS.' : r.server.replace(/\.\d+$/, '.1')
    o.line(
      `${r.synchronised ? '*' : ' '}${r.server.padEnd(16)}${refid.padEnd(16)}${String(r.stratum - 1).padStart(2)} u  313 1024  377    0.452   -0.036   0.027`,
    )
    o.line('')
    if (r.synchronised) {
      o.line(`synchronised to NTP server (${r.server}) at stratum ${r.stratum}`)
      o.line('   time correct to within 36 ms')
      o.line('   polling server every 1024 s')
    } else o.line('unsynchronised')
    o.line('')
    o.line(`Current time in UTC is : ${unixDate(Date.parse(r.time))}`)
    o.line(`Current time in Etc/UTC is : ${unixDate(Date.parse(r.time))}`)
  },
})

export interface DiagnoseResult {
  node: string
  log: string
  tests: Array<{name: string; result: 'Passed' | 'Failed' | 'skip'; detail: string}>
}

/** `utils diagnose test`: the platform's checks, read from the node's state (services, DNS, disks, NTP). */
export const diagnoseTest = handler<DiagnoseResult>({
  write: false,
  run(ctx) {
    const n = ctx.node()
    const c = ctx.cluster()
    const active = disks(n, inactiveVersion(ctx.store, c) !== undefined)[0]
    const running = (s: string) => getService(ctx.store, n.id, s)?.state === 'STARTED'
    const pub = publisherOf(ctx.store, n.clusterId)
    const t = (name: string, ok: boolean, failed: string, passed = ''): DiagnoseResult['tests'][number] => ({
      name,
      result: ok ? 'Passed' : 'Failed',
      detail: ok ? passed : failed,
    })
    const skip = (name: string): DiagnoseResult['tests'][number] => ({
      name,
      result: 'skip',
      detail: 'This module must be run directly and off hours',
    })
    const tomcat = running('Cisco Tomcat')
    return {
      node: n.host,
      log: 'platform/log/diag1.log',
      tests: [
        t(
          'disk_space',
          active.freeK > 1024 * 1024,
          'Not enough free space on the active partition',
          `(available: ${Math.floor(active.freeK / 1024)} MB, used: ${Math.floor(active.usedK / 1024)} MB)`,
        ),
        skip('disk_files'),
        t('service_manager', n.state === 'up', 'Service Manager is not running'),
        t('tomcat', tomcat, 'Cisco Tomcat is not running'),
        t('tomcat_deadlocks', tomcat, 'Cisco Tomcat is not running'),
        t('tomcat_keystore', tomcat, 'Cisco Tomcat is not running'),
        t('tomcat_connectors', tomcat, 'Cisco Tomcat is not running'),
        t('tomcat_threads', tomcat, 'Cisco Tomcat is not running'),
        t('tomcat_memory', tomcat, 'Cisco Tomcat is not running'),
        t('tomcat_sessions', tomcat, 'Cisco Tomcat is not running'),
        skip('tomcat_heapdump'),
        t('validate_network', n.dnsConfigured, 'DNS is not configured: forward and reverse lookups fail'),
        t('raid', true, ''),
        t('system_info', true, '', '(Collected system information in diagnostic log)'),
        t('ntp_reachability', n.id === pub.id || pub.state === 'up', `NTP server ${nodeIp(pub)} is not reachable`),
        t('ntp_clock_drift', true, ''),
        t('ntp_stratum', true, ''),
        skip('sdl_fragmentation'),
        skip('sdi_fragmentation'),
      ],
    }
  },
  human(ctx, r) {
    const o = ctx.out
    o.line(`Log file: ${r.log}`)
    o.line('')
    o.line('Starting diagnostic test(s)')
    o.line('===========================')
    for (const x of r.tests) {
      const head = `${x.result === 'skip' ? 'skip' : 'test'} - ${x.name.padEnd(19)}: `
      o.line(
        x.result === 'skip'
          ? head + x.detail
          : `${head}${x.result}${x.detail ? ` ${x.result === 'Failed' ? '- ' : ''}${x.detail}` : ''}`,
      )
    }
    o.line('')
    o.line('Diagnostics Completed')
    o.line('')
    o.line('The final output will be in Log file: platform/log/diag1.log')
    o.line('')
    o.line(`Please use 'file view activelog ${r.log}' command to see the output`)
  },
  exitCode: (r) => (r.tests.some((t) => t.result === 'Failed') ? 1 : 0),
})

export interface BackupStatus {
  node: string
  status: 'SUCCESS' | 'NONE'
  tarFilename: string | null
  storageLocation: string
  startedAt: string | null
  components: Array<{feature: string; server: string; component: string; status: string; log: string}>
}

/** The DRF nightly backup: every day at 02:00 (simulated time) once the cluster exists. */
export const drfStatusBackup = handler<BackupStatus>({
  write: false,
  run(ctx) {
    const c = ctx.cluster()
    const now = ctx.clock.now()
    const day = 86_400_000
    const last = Math.floor((now - 2 * 3_600_000) / day) * day + 2 * 3_600_000
    const node = ctx.node()
    if (last < c.createdAt)
      return {
        node: node.host,
        status: 'NONE',
        tarFilename: null,
        storageLocation: 'NETWORK',
        startedAt: null,
        components: [],
      }
    const stamp = new Date(last).toISOString().slice(0, 19).replace('T', '-').replaceAll(':', '-')
    const components = listNodes(ctx.store, c.id).flatMap((n) => {
      const short = n.host.split('.')[0]
      const items = isImp(n)
        ? [
            ['CUP', 'CUPDB'],
            ['PLATFORM', 'PLATFORM'],
          ]
        : [
            ['UCM', 'CCMDB'],
            ['UCM', 'CCMPREFS'],
            ['PLATFORM', 'PLATFORM'],
          ]
      return items.map(([feature, component]) => ({
        feature,
        server: short,
        component,
        status: 'SUCCESS',
        log: `activelog/platform/drf/log/${stamp}_b_${short.toLowerCase()}_${feature.toLowerCase()}_${component.toLowerCase()}.log`,
      }))
    })
    return {
      node: node.host,
      status: 'SUCCESS',
      tarFilename: `${stamp}.tar`,
      storageLocation: 'NETWORK',
      startedAt: new Date(last).toISOString(),
      components,
    }
  },
  human(ctx, r) {
    const o = ctx.out
    o.line('')
    if (r.status === 'NONE') {
      o.line('drfCliMsg: No backup status available')
      return
    }
    o.line('Status: SUCCESS :Backup Completed...')
    o.line(`Tar Filename: ${r.tarFilename}`)
    o.line(`Storage Location: ${r.storageLocation}`)
    o.line('Operation: backup')
    o.line('Percentage Complete: 100')
    for (const x of r.components)
      o.line(`${x.feature} ${x.server} ${x.component} ${x.status} ${unixDate(Date.parse(r.startedAt!))} ${x.log}`)
  },
})

export interface TechCcmServiceResult {
  node: string
  groupName: string
  productVersion: string
  services: string[]
}

/** `show tech ccm_service`: the service group of the node's product (what scanners match) and its version. */
export const techCcmService = handler<TechCcmServiceResult>({
  write: false,
  run(ctx) {
    const n = ctx.node()
    const c = ctx.cluster()
    return {
      node: n.host,
      groupName: isImp(n) ? 'IM and Presence Services' : 'CM Services',
      productVersion: productVersion(c),
      services: [
        'Cisco Tomcat',
        ...(isImp(n)
          ? ['Cisco XCP Router', 'Cisco XCP Config Manager']
          : ['Cisco CallManager', 'Cisco Push Notification Service', 'Cisco Management Agent Service']),
      ],
    }
  },
  human(ctx, r) {
    const o = ctx.out
    o.line('------------------------ show tech ccm_service ------------------------')
    o.line('')
    o.line(`Product Version: ${r.productVersion}`)
    o.line('')
    o.line(`GroupName: ${r.groupName}`)
    for (const s of r.services) o.line(`   ServiceName: ${s}`)
  },
})
