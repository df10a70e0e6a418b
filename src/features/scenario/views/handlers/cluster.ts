import {hintForm} from '../../../../core/text.js'
import {handler} from '../../../../command/handler.js'
import {UsageError} from '../../../../core/errors.js'

import {buildNumber, parseRelease} from '../../../world/cluster/releases.js'
import {
  type CreateClusterInput,
  ROLE_TEXT,
  currentClusterId,
  removeCluster,
  requireCluster,
  sameAsExisting,
  useCluster,
} from '../../../world/cluster/topology.js'
import {addNode as addNodeToCluster, createCluster} from '../../../guide/install/install.js'
import type {UpgradeResult} from '../../upgrade/upgrade.js'
import {statusText} from '../../../guide/onboarding/onboarding.js'
import {cucmTable} from '../../../../render/table.js'
import {type ClusterRow, findCluster, listClusters, listNodes} from '../../../world/cluster/store.js'
import {seedFor} from '../../../world/cluster/seed.js'
import type {Store} from '../../../../store/store.js'
import {listServices} from '../../../platform/services/store.js'

export interface ClusterView {
  name: string
  version: string
  build: string
  licensing: string
  current: boolean
  nodes: Array<{host: string; role: string; state: string}>
  /** The facts `show status` keeps out of CUCM's layout, per node (beside `nodes`, which stays as the contract says). */
  nodeDetails: Array<{host: string; dnsConfigured: boolean; services: {started: number; activated: number}}>
  onboarding: {status: string}
}

export function clusterView(store: Store, c: ClusterRow): ClusterView {
  const nodes = listNodes(store, c.id)
  return {
    name: c.name,
    version: c.version,
    build: buildNumber(parseRelease(c.version)),
    licensing: c.licensing,
    current: currentClusterId(store) === c.id,
    nodes: nodes.map((n) => ({host: n.host, role: n.role, state: n.state})),
    nodeDetails: nodes.map((n) => {
      const services = listServices(store, n.id).filter((s) => s.activated)
      return {
        host: n.host,
        dnsConfigured: n.dnsConfigured,
        services: {started: services.filter((s) => s.state === 'STARTED').length, activated: services.length},
      }
    }),
    onboarding: {status: statusText(store, c)},
  }
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)])

export const create = handler<ClusterView & {created: boolean}>({
  run(ctx, {args, flags}) {
    const input: CreateClusterInput = {
      name: args.name!,
      version: flags.version as string,
      publisher: flags.publisher as string,
      subscribers: list(flags.subscriber),
      impPublisher: flags['imp-publisher'] as string | undefined,
      impSubscribers: list(flags['imp-subscriber']),
      licensing: flags.licensing as string | undefined,
      seed: seedFor(flags.seed, ctx.env),
    }
    const existing = flags['if-not-exists'] ? findCluster(ctx.store, input.name) : undefined
    if (existing) {
      sameAsExisting(ctx.store, existing, input)
      return {...clusterView(ctx.store, existing), created: false}
    }
    return {...clusterView(ctx.store, createCluster(ctx.store, ctx.clock, input)), created: true}
  },
  async human(ctx, v) {
    if (!v.created) {
      ctx.out.line(
        `Cluster ${v.name} already exists (${v.version}, ${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'}); nothing changed.`,
      )
      return
    }
    ctx.out.line(
      `Created cluster ${v.name}: ${v.version}, ${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'}, licensing ${v.licensing}.`,
    )
    ctx.out.lines(await nodeTable(v))
    // Which cluster commands now act on (the new one is not made current when another is).
    const cur = currentClusterId(ctx.store)
    if (cur !== undefined && !v.current) {
      const name = listClusters(ctx.store).find((c) => c.id === cur)?.name
      ctx.out.line(
        hintForm(
          ctx.env,
          `Commands still act on cluster ${name}; on ${v.name} with --cluster ${v.name} or --node ${v.nodes[0].host}, or switch: \`ucadmin cluster use ${v.name}\`.`,
        ),
      )
    }
  },
})

function nodeTable(v: ClusterView): Promise<string[]> {
  return cucmTable(
    ['host', 'role', 'state', 'dns', 'services'],
    v.nodes.map((n, i) => {
      const d = v.nodeDetails[i]
      return [
        n.host,
        ROLE_TEXT[n.role as keyof typeof ROLE_TEXT],
        n.state,
        d.dnsConfigured ? 'configured' : 'not configured',
        `${d.services.started}/${d.services.activated} started`,
      ]
    }),
  )
}

export const list_ = handler<{
  clusters: Array<{name: string; version: string; licensing: string; nodes: number; current: boolean}>
}>({
  write: false,
  run(ctx) {
    const cur = currentClusterId(ctx.store)
    // A session over SSH sees its own cluster only (it reads nothing of the others).
    const own = ctx.env.UCADMIN_SESSION === 'ssh' ? ctx.env.UCADMIN_CLUSTER?.toLowerCase() : undefined
    return {
      clusters: listClusters(ctx.store)
        .filter((c) => own === undefined || c.name.toLowerCase() === own)
        .map((c) => ({
          name: c.name,
          version: c.version,
          licensing: c.licensing,
          nodes: listNodes(ctx.store, c.id).length,
          current: c.id === cur,
        })),
    }
  },
  async human(ctx, r) {
    if (r.clusters.length === 0) {
      ctx.out.line(
        hintForm(
          ctx.env,
          'No clusters. Create one with: ucadmin cluster create NAME --version 14SU3 --publisher cucm-pub',
        ),
      )
      return
    }
    ctx.out.lines(
      await cucmTable(
        ['name', 'version', 'licensing', 'nodes', 'current'],
        r.clusters.map((c) => [c.name, c.version, c.licensing, String(c.nodes), c.current ? '*' : '']),
      ),
    )
  },
})
export {list_ as list}

export const show = handler<ClusterView>({
  write: false,
  run(ctx, {args}) {
    return clusterView(ctx.store, args.name ? requireCluster(ctx.store, args.name) : ctx.cluster())
  },
  async human(ctx, v) {
    const o = ctx.out
    o.line(`Cluster     : ${v.name}${v.current ? ' (current)' : ''}`)
    o.line(`Version     : ${v.version} (${v.build})`)
    o.line(`Licensing   : ${v.licensing}`)
    o.line(`Onboarding  : ${v.onboarding.status}`)
    o.line('')
    o.lines(await nodeTable(v))
  },
})

export const use = handler<{current: string}>({
  run(ctx, {args}) {
    return {current: useCluster(ctx.store, args.name!).name}
  },
  human(ctx, r) {
    ctx.out.line(`Now using cluster ${r.current}.`)
  },
})

export const remove = handler<{deleted: string}>({
  async run(ctx, {args}) {
    const c = requireCluster(ctx.store, args.name!)
    if (!(await ctx.confirm(`This deletes cluster ${c.name} and all its state.`))) {
      throw new UsageError('Not deleted: you answered no.', {code: 'DECLINED'})
    }
    return {deleted: removeCluster(ctx.store, c.name).name}
  },
  human(ctx, r) {
    ctx.out.line(`Deleted cluster ${r.deleted}.`)
  },
})

export const addNode = handler<{cluster: string; node: {host: string; role: string; state: string}}>({
  run(ctx, {args, flags}) {
    const c = ctx.cluster()
    const n = addNodeToCluster(ctx.store, ctx.clock, c, args.host!, flags.role as string)
    return {cluster: c.name, node: {host: n.host, role: n.role, state: n.state}}
  },
  human(ctx, r) {
    ctx.out.line(`Added ${r.node.host} (${ROLE_TEXT[r.node.role as keyof typeof ROLE_TEXT]}) to cluster ${r.cluster}.`)
  },
})

export const upgrade = handler<UpgradeResult>({
  async run(ctx, {flags}) {
    const c = ctx.cluster()
    const {upgradeCluster} = await import('../../upgrade/upgrade.js')
    const reactions = await ctx.serviceChanges() // an upgrade reboots every node: all of its services start
    const {onboardingAfterUpgrade} = await import('../../../guide/onboarding/onboarding.js')
    return upgradeCluster(
      ctx.store,
      ctx.clock,
      c,
      flags.version as string,
      (from, to) => onboardingAfterUpgrade(ctx.store, c, from.name, to.name),
      reactions,
    )
  },
  human(ctx, r) {
    ctx.out.line(`Upgraded ${r.cluster} from ${r.from} to ${r.to}; every node rebooted.`)
    if (r.addedServices.length) ctx.out.line(`New services: ${r.addedServices.join(', ')}.`)
    for (const n of r.notes) ctx.out.line(`Note: ${n}`)
  },
})
