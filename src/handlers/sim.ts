import {handler} from '../cli/handler.js'
import type {RanEvent} from '../domain/clock.js'
import {type NodeFaultResult, setCloudReachable, setDns, setNodeFault} from '../domain/faults.js'
import {controlService, type Transition} from '../domain/service-control.js'
import {resolveServiceName} from '../domain/services.js'
import {afterClockMoved} from '../domain/hooks.js'
import {formatDuration, iso, parseDuration, parseInstant} from '../domain/time.js'
import {type PushResult, checkPushPlatform, testPush} from '../domain/push.js'
import {expireToken} from '../domain/tokens.js'
import {type ImOutcome, haEventMark, outcomesSince} from '../domain/imha.js'
import {type UserPushResult, userPush} from '../domain/cucm-groups.js'

export interface ClockResult {
  now: string
  from?: string
  advancedBy?: string
  ran?: RanEvent[]
}

export const clockShow = handler<ClockResult>({
  write: false,
  run(ctx) {
    return {now: iso(ctx.clock.now())}
  },
  human(ctx, r) {
    ctx.out.line(r.now)
  },
})

function moved(ctx: {out: {line(s: string): void}}, r: ClockResult): void {
  // Runs of the same event with the same outcome (e.g. scheduled alarm uploads with nothing queued, every 30
  // minutes over 61 days) print as one line; --json lists every event.
  const ran = r.ran ?? []
  for (let i = 0; i < ran.length; ) {
    const e = ran[i]
    let j = i + 1
    while (j < ran.length && ran[j].kind === e.kind && ran[j].summary === e.summary) j++
    ctx.out.line(`${e.at}  ${e.kind}: ${e.summary}${j - i > 1 ? ` (${j - i} times, the last at ${ran[j - 1].at})` : ''}`)
    i = j
  }
  ctx.out.line(`Clock: ${r.from} -> ${r.now} (+${r.advancedBy}), ${r.ran?.length ?? 0} event${r.ran?.length === 1 ? '' : 's'} ran`)
}

export const clockAdvance = handler<ClockResult>({
  async run(ctx, {args}) {
    const by = parseDuration(args.duration ?? '')
    const from = ctx.clock.now()
    const {EVENT_HANDLERS} = await import('../domain/events.js')
    const ran = ctx.clock.runUntil(from + by, EVENT_HANDLERS)
    ran.push(...(await afterClockMoved(ctx.store, ctx.clock, ctx.env)))
    return {now: iso(ctx.clock.now()), from: iso(from), advancedBy: formatDuration(by), ran}
  },
  human: moved,
})

export const clockSet = handler<ClockResult>({
  async run(ctx, {args}) {
    const to = parseInstant(args.time ?? '')
    const from = ctx.clock.now()
    const {EVENT_HANDLERS} = await import('../domain/events.js')
    const ran = ctx.clock.runUntil(to, EVENT_HANDLERS)
    ran.push(...(await afterClockMoved(ctx.store, ctx.clock, ctx.env)))
    return {now: iso(ctx.clock.now()), from: iso(from), advancedBy: formatDuration(to - from), ran}
  },
  human: moved,
})

function nodeFault(fault: 'node-down' | 'node-up' | 'node-shutdown') {
  return handler<NodeFaultResult>({
    run(ctx, {args}) {
      return setNodeFault(ctx.store, ctx.clock, ctx.nodeNamed(args.host!), fault)
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
  run(ctx, {args, argv}) {
    const node = ctx.nodeNamed(args.host!)
    const mark = haEventMark(ctx.store)
    const t = controlService(ctx.store, ctx.clock, node, resolveServiceName(argv.slice(1)), 'crash')
    const [im] = outcomesSince(ctx.store, mark)
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
      const node = flags.node ? ctx.node() : undefined
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

export const push = handler<PushResult | UserPushResult>({
  commitOnFailure: true,
  run(ctx, {flags}) {
    if (flags.user) {
      const p = flags.platform === undefined ? undefined : checkPushPlatform(flags.platform as string)
      return userPush(ctx.store, ctx.clock, ctx.cluster(), flags.user as string, p)
    }
    const platform = checkPushPlatform((flags.platform as string | undefined) ?? 'ios')
    return testPush(ctx.store, ctx.clock, ctx.cluster(), ctx.node(), platform)
  },
  human(ctx, r) {
    ctx.out.line(`${r.status}${r.reason ? ` ${r.reason}` : ' OK'}: ${r.detail}`)
    if (r.activeNode) ctx.out.line(`Active registration node: ${r.activeNode}`)
  },
  exitCode: (r) => (r.status === 200 ? 0 : 1),
})

export const tokenExpire = handler<{cluster: string; revoked: number}>({
  run(ctx) {
    return expireToken(ctx.store, ctx.clock, ctx.cluster())
  },
  human(ctx, r) {
    ctx.out.line(`The machine account refresh token of ${r.cluster} is no longer accepted by the identity service; access tokens expired.`)
  },
})
