import {handler} from '../../../../command/handler.js'
import type {ImOutcome} from '../../../paths/failover/imha.js'
import {controlService, type Transition} from '../../../platform/services/control.js'
import {resolveServiceName} from '../../../platform/services/services.js'
import {type NodeFaultResult, setCloudReachable, setDns, setNodeFault} from '../faults.js'
import {CPNS_INTERNAL_PORT, setInternalPortBlocked, setNatIdleTimeout} from '../../../guide/conditions/conditions.js'
import {isImp} from '../../../world/cluster/topology.js'
import {UsageError} from '../../../../core/errors.js'

function nodeFault(fault: 'node-down' | 'node-up' | 'node-shutdown') {
  return handler<NodeFaultResult>({
    async run(ctx, {args}) {
      const reactions = await ctx.serviceChanges()
      return setNodeFault(ctx.store, ctx.clock, ctx.nodeNamed(args.host!), fault, reactions)
    },
    human(ctx, r) {
      ctx.out.line(
        `${r.node}: ${r.previous} -> ${r.state}${r.state === 'up' ? ` (${r.restartedServices} services started)` : ''}`,
      )
      if (r.imSessions) ctx.out.line(`IM sessions: ${r.imSessions.summary}`)
    },
  })
}

export const nodeDown = nodeFault('node-down')
export const nodeUp = nodeFault('node-up')
export const nodeShutdown = nodeFault('node-shutdown')

export const serviceCrash = handler<Transition & {imSessions?: ImOutcome}>({
  async run(ctx, {args, argv}) {
    const node = ctx.nodeNamed(args.host!)
    const name = resolveServiceName(argv.slice(1))
    const reactions = await ctx.serviceChanges(name, 'crash')
    const {
      result: t,
      im: [im],
    } = reactions.withImOutcomes(ctx.store, () => controlService(ctx.store, ctx.clock, node, name, 'crash', reactions))
    return im ? {...t, imSessions: im} : t
  },
  human(ctx, r) {
    ctx.out.line(`${r.node}: ${r.service}[${r.state}]  Component is not running`)
    if (r.imSessions) ctx.out.line(`IM sessions: ${r.imSessions.summary}`)
  },
})

function reach(reachable: boolean) {
  return handler<{cloudHost: string; port: number; reachable: boolean; nodes: string[]}>({
    run(ctx, {args, flags}) {
      const node = flags.node !== undefined ? ctx.node() : undefined
      return setCloudReachable(ctx.store, ctx.cluster().id, args.host!, reachable, node)
    },
    human(ctx, r) {
      ctx.out.line(
        `${r.cloudHost}:${r.port} is now ${r.reachable ? 'reachable' : 'unreachable'} from ${r.nodes.join(', ')}.`,
      )
    },
  })
}

export const unreachable = reach(false)
export const reachable = reach(true)

function dns(configured: boolean) {
  return handler<{node: string; dnsConfigured: boolean}>({
    run(ctx, {args}) {
      return setDns(ctx.store, ctx.nodeNamed(args.host!), configured)
    },
    human(ctx, r) {
      ctx.out.line(`${r.node}: DNS ${r.dnsConfigured ? 'configured' : 'not configured'}.`)
    },
  })
}

/** `sim fault nat-idle-timeout MINUTES|off`: the NAT/firewall idle timeout of connections to the Push REST service. */
export const natIdle = handler<{cluster: string; natIdleTimeoutMinutes: number | null}>({
  run(ctx, {args}) {
    const raw = String(args.minutes ?? '')
      .trim()
      .toLowerCase()
    const c = ctx.cluster()
    if (raw === 'off') {
      setNatIdleTimeout(ctx.store, c.id, null)
      return {cluster: c.name, natIdleTimeoutMinutes: null}
    }
    if (!/^\d{1,4}$/.test(raw) || Number(raw) < 1 || Number(raw) > 1440)
      throw new UsageError(`"${args.minutes}" is not an idle timeout.`, {
        code: 'BAD_VALUE',
        fix: 'Give minutes from 1 to 1440, or off.',
      })
    setNatIdleTimeout(ctx.store, c.id, Number(raw))
    return {cluster: c.name, natIdleTimeoutMinutes: Number(raw)}
  },
  human(ctx, r) {
    ctx.out.line(
      r.natIdleTimeoutMinutes === null
        ? `${r.cluster}: no NAT/firewall idle timeout on push connections.`
        : `${r.cluster}: NAT/firewall idle timeout on push connections: ${r.natIdleTimeoutMinutes} minutes.`,
    )
  },
})

export const dnsOff = dns(false)
export const dnsOn = dns(true)

/**
 * `sim fault port-block 9966 NODE` / `port-open 9966 NODE`: a firewall between a Unified CM subscriber and the
 * publisher closes (opens) port 9966, on which the publisher's push service reaches Cisco CallManager on that node.
 */
function internalPort(blocked: boolean) {
  return handler<{node: string; port: number; blocked: boolean}>({
    run(ctx, {args}) {
      if (String(args.port ?? '').trim() !== String(CPNS_INTERNAL_PORT)) {
        throw new UsageError(`Port "${args.port}" is not modelled between nodes.`, {
          code: 'BAD_VALUE',
          fix: `Give ${CPNS_INTERNAL_PORT} (the push service to Cisco CallManager); cloud hosts on 443: \`ucadmin sim fault unreachable HOST\`.`,
        })
      }
      const node = ctx.nodeNamed(args.host!)
      if (isImp(node) || node.role === 'publisher') {
        throw new UsageError(
          `${node.host} is ${node.role === 'publisher' ? 'the publisher' : 'an IM and Presence node'}: port ${CPNS_INTERNAL_PORT} runs between the publisher and the other Unified CM nodes.`,
          {code: 'BAD_VALUE', fix: 'Give a Unified CM subscriber.'},
        )
      }
      setInternalPortBlocked(ctx.store, node, blocked)
      return {node: node.host, port: CPNS_INTERNAL_PORT, blocked}
    },
    human(ctx, r) {
      ctx.out.line(`Port ${r.port} between ${r.node} and the publisher is now ${r.blocked ? 'blocked' : 'open'}.`)
    },
  })
}

export const portBlock = internalPort(true)
export const portOpen = internalPort(false)
