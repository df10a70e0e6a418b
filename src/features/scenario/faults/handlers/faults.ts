import {handler} from '../../../../command/handler.js'
import type {ImOutcome} from '../../../paths/failover/imha.js'
import {controlService, type Transition} from '../../../platform/services/control.js'
import {resolveServiceName} from '../../../platform/services/services.js'
import {type NodeFaultResult, setCloudReachable, setDns, setNodeFault} from '../faults.js'

function nodeFault(fault: 'node-down' | 'node-up' | 'node-shutdown') {
  return handler<NodeFaultResult>({
    async run(ctx, {args}) {
      const reactions = await ctx.serviceChanges()
      return setNodeFault(ctx.store, ctx.clock, ctx.nodeNamed(args.host!), fault, reactions)
    },
    human(ctx, r) {
      ctx.out.line(`${r.node}: ${r.previous} -> ${r.state}${r.state === 'up' ? ` (${r.restartedServices} services started)` : ''}`)
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
    const {result: t, im: [im]} = reactions.withImOutcomes(ctx.store, () => controlService(ctx.store, ctx.clock, node, name, 'crash', reactions))
    return im ? {...t, imSessions: im} : t
  },
  human(ctx, r) {
    ctx.out.line(`${r.node}: ${r.service}[${r.state}]  Component is not running`)
    if (r.imSessions) ctx.out.line(`IM sessions: ${r.imSessions.summary}`)
  },
})

function reach(reachable: boolean) {
  return handler<{cloudHost: string; reachable: boolean; nodes: string[]}>({
    run(ctx, {args, flags}) {
      const node = flags.node !== undefined ? ctx.node() : undefined
      return setCloudReachable(ctx.store, ctx.cluster().id, args.host!, reachable, node)
    },
    human(ctx, r) {
      ctx.out.line(`${r.cloudHost}:443 is now ${r.reachable ? 'reachable' : 'unreachable'} from ${r.nodes.join(', ')}.`)
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

export const dnsOff = dns(false)
export const dnsOn = dns(true)
