import {hintForm} from '../../../../core/text.js'
import {handler} from '../../../../command/handler.js'
import {explainLines} from '../../push/delivery.js'
import {
  type AddClientResult,
  type ClientView,
  type MessageResult,
  type ModeResult,
  addClient,
  listClientViews,
  resumeClient,
  sendMessage,
  suspendClient,
} from '../../calls/clients.js'
import {type GroupView, groupViews, setDevicePool, setGroup} from '../../calls/cucm-groups.js'
import {DELAY_MS_PER_USER, type HaStatus, haPairs, haStatus} from '../imha.js'
import {XCP_ROUTER} from '../../../guide/onboarding/onboarding.js'
import {type ReloginCheck, reloginCheck} from '../relogin.js'
import {isRunning} from '../../../platform/services/services.js'
import {iso} from '../../../../core/time.js'
import {cucmTable} from '../../../../render/table.js'
import {recentHaEvents} from '../store.js'
import {type DesktopView, desktopViews} from '../../calls/view.js'

export const clientAdd = handler<AddClientResult>({
  run(ctx, {args, flags}) {
    return addClient(ctx.store, ctx.clock, ctx.cluster(), {
      user: args.user!,
      platform: flags.platform as string | undefined,
      app: flags.app as string | undefined,
      node: flags.node as string | undefined,
      devicePool: flags['device-pool'] as string | undefined,
      mra: flags.mra as boolean | undefined,
      suspended: flags.suspended as boolean | undefined,
      count: flags.count as number | undefined,
    })
  },
  human(ctx, r) {
    const who = r.count === 1 ? r.users[0] : `${r.count} clients (${r.users[0]}..${r.users.at(-1)})`
    ctx.out.line(
      `Added ${who}: ${r.app === 'jabber' ? 'Jabber' : 'Webex App'} on ${r.platform}, ${r.mode}${r.node ? `, IM and Presence node ${r.node}${r.signedIn ? '' : ' (not signed in: XCP Router not running)'}` : ''}${r.devicePool ? `, device pool ${r.devicePool}` : ''}${r.mra ? ', over MRA' : ''}.`,
    )
  },
})

function modeHandler(f: typeof suspendClient) {
  return handler<ModeResult>({
    run(ctx, {args}) {
      return f(ctx.store, ctx.clock, ctx.cluster(), args.user!)
    },
    human(ctx, r) {
      const c = r.client
      ctx.out.line(
        `${c.user}: ${c.mode}, session ${c.session}${c.sessionNode ? ` on ${c.sessionNode}` : ''}${r.delivered ? `; ${r.delivered} unread message(s) delivered` : ''}${r.note ? ` (${r.note})` : ''}`,
      )
      // What the user reads on resume (issue 20, item 21): each waiting message with its sender.
      for (const m of r.messages ?? []) ctx.out.line(`  ${m.sentAt}  ${m.from}: ${m.text}`)
      if (r.messages && r.delivered > r.messages.length)
        ctx.out.line(`  ... and ${r.delivered - r.messages.length} more`)
    },
  })
}

export const clientSuspend = modeHandler(suspendClient)
export const clientResume = modeHandler(resumeClient)

export const clientList = handler<{clients: ClientView[]; desktops: DesktopView[]}>({
  write: false,
  run(ctx) {
    return {
      clients: listClientViews(ctx.store, ctx.clock, ctx.cluster()),
      desktops: desktopViews(ctx.store, ctx.cluster()),
    }
  },
  async human(ctx, r) {
    const rows = r.clients.map((c) => [
      c.user,
      c.app,
      c.platform,
      c.mode,
      c.homeNode ?? '-',
      c.sessionNode ?? '-',
      c.session + (c.pushesResumeAt ? ` until ${c.pushesResumeAt}` : ''),
      String(c.queued),
      String(c.held),
      String(c.history),
      String(c.lost),
      c.devicePool ?? '-',
      c.presence ?? '-',
      c.localPush.state === 'none'
        ? '-'
        : `${c.localPush.state}${c.localPush.status ? ` ${c.localPush.status}` : ''}${c.localPush.node ? ` ${c.localPush.node}` : ''}`,
    ])
    ctx.out.lines(
      await cucmTable(
        [
          'user',
          'app',
          'platform',
          'mode',
          'home',
          'session node',
          'session',
          'queued',
          'held',
          'history',
          'lost',
          'device pool',
          'presence',
          'local push',
        ],
        rows,
      ),
    )
    if (r.desktops.length) {
      ctx.out.line('')
      ctx.out.lines(
        await cucmTable(
          ['user', 'Jabber for desktop', 'signed in', 'last active'],
          r.desktops.map((d) => [d.user, d.platform, d.signedIn ? 'yes' : 'no', d.lastActiveAt]),
        ),
      )
    }
  },
})

export const messageSend = handler<MessageResult>({
  run(ctx, {args, argv, flags}) {
    const r = sendMessage(ctx.store, ctx.clock, ctx.cluster(), args.from ?? '', args.to ?? '', argv.slice(2).join(' '))
    return r.push && flags.explain !== true ? {...r, push: {...r.push, explain: undefined}} : r
  },
  human(ctx, r) {
    if (r.push?.explain) for (const l of explainLines(r.push)) ctx.out.line(l)
    ctx.out.line(`${r.delivery}: ${r.detail}${r.push?.condition ? ` [${r.push.condition} at ${r.push.hop}]` : ''}`)
  },
})

export interface ImpHaResult {
  cluster: string
  ha: HaStatus
  delayMsPerUser: number
  pairs: Array<{
    primary: string
    backup: string | null
    nodes: Array<{
      host: string
      state: string
      xcpRouter: boolean
      sessions: number
      recreating: number
      queued: number
      held: number
    }>
  }>
  events: Array<{at: string; node: string | null; kind: string; summary: string}>
}

/** `show imp ha`: Push Notifications High Availability, the subclusters, sessions per node, recent outcomes. */
export const impHa = handler<ImpHaResult>({
  write: false,
  run(ctx) {
    const c = ctx.cluster()
    const s = ctx.store
    const clients = listClientViews(s, ctx.clock, c)
    const nodeInfo = (n: {host: string; state: string; id: number}) => {
      const on = clients.filter((x) => x.sessionNode === n.host)
      return {
        host: n.host,
        state: n.state,
        xcpRouter: isRunning(s, n as never, XCP_ROUTER),
        sessions: on.length,
        recreating: on.filter((x) => x.session === 'recreating').length,
        queued: on.reduce((a, x) => a + x.queued, 0),
        held: clients.filter((x) => x.homeNode === n.host).reduce((a, x) => a + x.held, 0),
      }
    }
    return {
      cluster: c.name,
      ha: haStatus(s, c),
      delayMsPerUser: DELAY_MS_PER_USER,
      pairs: haPairs(s, c.id).map((p) => ({
        primary: p.primary.host,
        backup: p.backup?.host ?? null,
        nodes: [p.primary, ...(p.backup ? [p.backup] : [])].map(nodeInfo),
      })),
      events: recentHaEvents(s, c.id, 10).map((e) => {
        const o = JSON.parse(e.outcome) as {summary?: string; node?: string; users?: number; sent?: number}
        return {
          at: iso(e.at),
          node: o.node ?? null,
          kind: e.kind,
          summary:
            o.summary ?? `JSM sessions of ${o.users} background user(s) recreated; ${o.sent} deferred push(es) sent`,
        }
      }),
    }
  },
  human(ctx, r) {
    const o = ctx.out
    o.line(
      `Push Notifications High Availability : ${r.ha.enabled ? 'Enabled' : 'Disabled'}${r.ha.effective ? ' (in effect)' : r.ha.reason ? ` (not in effect: ${r.ha.reason})` : ''}`,
    )
    if (r.pairs.length === 0) o.line('No IM and Presence nodes.')
    for (const p of r.pairs) {
      o.line(`Subcluster ${p.primary}${p.backup ? ` + ${p.backup}` : ' (no backup node)'}:`)
      for (const n of p.nodes) {
        o.line(
          `  ${n.host.padEnd(16)} ${n.state.padEnd(8)} XCP Router ${n.xcpRouter ? 'running' : 'not running'}  sessions ${n.sessions} (recreating ${n.recreating}), queued ${n.queued}, held ${n.held}`,
        )
      }
    }
    if (r.events.length) {
      o.line('Recent events:')
      for (const e of r.events) o.line(`  ${e.at} ${e.kind}: ${e.summary}`)
    }
  },
})

export const reloginRate = handler<ReloginCheck>({
  write: false,
  run(ctx, {flags}) {
    return reloginCheck(ctx.store, ctx.cluster(), ctx.node(), flags.users as number | undefined)
  },
  human(ctx, r) {
    const o = ctx.out
    o.line(`Node                        : ${r.node}`)
    o.line(
      `Users                       : ${r.users}${r.usersFrom === 'clients' ? ' (simulated clients on this node)' : ''}`,
    )
    o.line(`Client Re-Login Lower Limit : ${r.lowerLimit} seconds`)
    o.line(`Client Re-Login Upper Limit : ${r.upperLimit} seconds`)
    o.line(
      `Re-login rate               : ${r.rate === null ? 'undefined (upper limit not above lower limit)' : `${r.users}/(${r.upperLimit}-${r.lowerLimit}) = ${r.rate} users/sec`} (at most ${r.maxRate})`,
    )
    o.line(`Result                      : ${r.ok ? 'PASS' : 'FAIL'}`)
    if (!r.ok) o.line(`Fix                         : ${hintForm(ctx.env, r.fix ?? '')}`)
    else o.line(`Smallest upper limit        : ${r.requiredUpperLimit} seconds for lower limit ${r.lowerLimit}`)
    if (r.note) o.line(`Note                        : ${r.note}`)
  },
  exitCode: (r) => (r.ok ? 0 : 1),
})

export const groupSet = handler<GroupView>({
  run(ctx, {args, flags}) {
    return setGroup(ctx.store, ctx.cluster(), args.name!, (flags.nodes as string | undefined) ?? '')
  },
  human(ctx, r) {
    ctx.out.line(
      `Unified CM group ${r.name}: ${r.nodes.map((n, i) => `${n} (${['primary', 'backup', 'tertiary'][i]})`).join(', ')}`,
    )
  },
})

export const groupList = handler<{groups: GroupView[]}>({
  write: false,
  run(ctx) {
    return {groups: groupViews(ctx.store, ctx.cluster())}
  },
  async human(ctx, r) {
    ctx.out.lines(
      await cucmTable(
        ['group', 'primary', 'backup', 'tertiary', 'device pools'],
        r.groups.map((g) => [
          g.name,
          g.nodes[0] ?? '-',
          g.nodes[1] ?? '-',
          g.nodes[2] ?? '-',
          g.devicePools.join(', ') || '-',
        ]),
      ),
    )
  },
})

export const poolSet = handler<{name: string; group: string}>({
  run(ctx, {args, flags}) {
    return setDevicePool(ctx.store, ctx.cluster(), args.name!, (flags.group as string | undefined) ?? '')
  },
  human(ctx, r) {
    ctx.out.line(`Device pool ${r.name}: Unified CM group ${r.group}`)
  },
})
