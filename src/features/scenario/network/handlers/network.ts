import {handler} from '../../../../command/handler.js'
import {gatewayIp} from '../../../world/cluster/platform.js'
import {type Target, resolveTarget, rttMs} from '../network.js'

/**
 * `utils network ping HOST [COUNT]`, `utils network host NAME`, `utils network traceroute HOST`: Linux's ping and
 * traceroute output as CUCM prints it, and CUCM's Local / External Resolution blocks, on the session's node.
 */

export interface PingResult {
  node: string
  target: Target
  transmitted: number
  received: number
  lines: string[]
}

export const ping = handler<PingResult>({
  write: false,
  run(ctx, {args, flags}) {
    const node = ctx.node()
    const t = resolveTarget(ctx.store, ctx.cluster(), node, args.host!)
    const count = (flags.count as number | undefined) ?? 4
    const lines: string[] = []
    if (!t.resolved)
      return {node: node.host, target: t, transmitted: 0, received: 0, lines: [`ping: unknown host ${t.name}`]}
    const shown = t.fqdn ?? t.address!
    lines.push(`PING ${shown} (${t.address}) 56(84) bytes of data.`)
    const rtts: number[] = []
    if (t.reachable) {
      for (let i = 0; i < count; i++) {
        const ms = rttMs(t, i)
        rtts.push(Number(ms))
        lines.push(
          `64 bytes from ${t.fqdn ? `${t.fqdn} (${t.address})` : t.address}: icmp_seq=${i + 1} ttl=${t.local ? 64 : 64 - t.hops - 1} time=${ms} ms`,
        )
      }
    }
    lines.push('', `--- ${shown} ping statistics ---`)
    const received = t.reachable ? count : 0
    lines.push(
      `${count} packets transmitted, ${received} received, ${received ? 0 : 100}% packet loss, time ${(count - 1) * 1000 + 3}ms`,
    )
    if (rtts.length) {
      const min = Math.min(...rtts)
      const max = Math.max(...rtts)
      const avg = rtts.reduce((a, b) => a + b, 0) / rtts.length
      lines.push(
        `rtt min/avg/max/mdev = ${min.toFixed(3)}/${avg.toFixed(3)}/${max.toFixed(3)}/${((max - min) / 2).toFixed(3)} ms`,
      )
    }
    return {node: node.host, target: t, transmitted: count, received, lines}
  },
  human(ctx, r) {
    ctx.out.lines(r.lines)
  },
  // For scripts: exit 1 when nothing came back (the output is the same).
  exitCode: (r) => (r.received > 0 ? 0 : 1),
})

export interface HostResult {
  node: string
  target: Target
  lines: string[]
}

export const host = handler<HostResult>({
  write: false,
  run(ctx, {args}) {
    const node = ctx.node()
    const t = resolveTarget(ctx.store, ctx.cluster(), node, args.name!)
    const lines = ['Local Resolution:']
    lines.push(t.local ? `${t.fqdn} resolves locally to ${t.address}` : 'Nothing found', '', 'External Resolution:')
    if (!node.dnsConfigured) lines.push('No external servers found')
    else if (t.address === null) lines.push(`Host ${t.name} not found: 3(NXDOMAIN)`)
    else if (t.fqdn) lines.push(`${t.fqdn} has address ${t.address}`)
    else lines.push(`Host ${t.name} not found: 3(NXDOMAIN)`)
    return {node: node.host, target: t, lines}
  },
  human(ctx, r) {
    ctx.out.lines(r.lines)
  },
  exitCode: (r) => (r.target.resolved && r.target.address !== null ? 0 : 1),
})

export interface TracerouteResult {
  node: string
  target: Target
  reached: boolean
  lines: string[]
}

const MAX_HOPS = 30

export const traceroute = handler<TracerouteResult>({
  write: false,
  run(ctx, {args}) {
    const node = ctx.node()
    const t = resolveTarget(ctx.store, ctx.cluster(), node, args.host!)
    if (!t.resolved)
      return {
        node: node.host,
        target: t,
        reached: false,
        lines: [
          `${t.name}: Name or service not known`,
          `Cannot handle "host" cmdline arg \`${t.name}' on position 1 (argc 1)`,
        ],
      }
    const lines = [`traceroute to ${t.fqdn ?? t.address} (${t.address}), ${MAX_HOPS} hops max, 60 byte packets`]
    const times = (i: number) => [0, 1, 2].map((k) => `${rttMs(t, i * 3 + k)} ms`).join('  ')
    if (t.local) {
      lines.push(` 1  ${t.fqdn} (${t.address})  ${times(0)}`)
      return {
        node: node.host,
        target: t,
        reached: t.reachable,
        lines: t.reachable
          ? lines
          : [lines[0], ...Array.from({length: MAX_HOPS}, (_, i) => `${String(i + 1).padStart(2)}  * * *`)],
      }
    }
    const gw = gatewayIp(node)
    lines.push(` 1  ${gw} (${gw})  ${times(0)}`)
    if (t.reachable) {
      for (let h = 2; h <= t.hops; h++)
        lines.push(`${String(h).padStart(2)}  203.0.113.${h} (203.0.113.${h})  ${times(h)}`)
      lines.push(`${String(t.hops + 1).padStart(2)}  ${t.fqdn ?? t.address} (${t.address})  ${times(t.hops + 1)}`)
    } else {
      for (let h = 2; h <= MAX_HOPS; h++) lines.push(`${String(h).padStart(2)}  * * *`)
    }
    return {node: node.host, target: t, reached: t.reachable, lines}
  },
  human(ctx, r) {
    ctx.out.lines(r.lines)
  },
  exitCode: (r) => (r.reached ? 0 : 1),
})
