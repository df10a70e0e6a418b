import type {Store} from '../../../store/store.js'
import {type ClusterRow, type NodeRole, listNodes, reachability} from '../../world/cluster/store.js'
import {ROLE_TEXT} from '../../world/cluster/topology.js'
import {CLOUD_HOSTS} from '../../world/cluster/cloud.js'
import {statusText} from '../../guide/onboarding/onboarding.js'
import {nodeReplication} from '../../guide/cucmdb/cucmdb.js'
import {haPairs, haStatus} from '../../paths/failover/imha.js'
import {groupViews} from '../../paths/calls/cucm-groups.js'
import {nodeServices} from '../../platform/services/services.js'

/*
 * `cluster graph`: a picture of a cluster, as containerlab's graph draws a lab: the nodes by role with their state,
 * the services that are not started, database replication from the publisher, IM and Presence HA pairs, Unified
 * CM groups, reachability of the Cisco cloud, and the onboarding status. One model, three renderings: Graphviz
 * DOT, Mermaid, and SVG (DOT laid out by Graphviz's WebAssembly build).
 */

export interface GraphNode {
  host: string
  role: NodeRole
  state: string
  /** Activated services whose state is not STARTED, as `NAME (STATE)`. */
  notStarted: string[]
  replication: string
  replicationOk: boolean
  dns: boolean
  unreachable: string[]
}

export interface ClusterGraph {
  cluster: string
  version: string
  onboarding: string
  nodes: GraphNode[]
  haPairs: Array<{primary: string; backup: string | null; ha: boolean}>
  groups: Array<{name: string; nodes: string[]; devicePools: string[]}>
  cloudHosts: readonly string[]
}

export function clusterGraph(store: Store, cluster: ClusterRow): ClusterGraph {
  const nodes = listNodes(store, cluster.id).map((n): GraphNode => {
    const r = nodeReplication(store, n)
    const reach = reachability(store, n.id)
    return {
      host: n.host,
      role: n.role,
      state: n.state,
      notStarted:
        n.state === 'up'
          ? nodeServices(store, n)
              .filter((s) => s.activated && s.state !== 'STARTED')
              .map((s) => `${s.name} (${s.state})`)
          : [],
      replication: r.status,
      replicationOk: r.rtmtState === 2,
      dns: n.dnsConfigured,
      unreachable: CLOUD_HOSTS.filter((h) => reach.get(h) === false),
    }
  })
  const ha = haStatus(store, cluster)
  return {
    cluster: cluster.name,
    version: cluster.version,
    onboarding: statusText(store, cluster),
    nodes,
    haPairs: haPairs(store, cluster.id).map((p) => ({
      primary: p.primary.host,
      backup: p.backup?.host ?? null,
      ha: ha.effective && p.backup !== null,
    })),
    groups: groupViews(store, cluster),
    cloudHosts: CLOUD_HOSTS,
  }
}

const SHORT_ROLE: Record<NodeRole, string> = {
  publisher: 'CUCM publisher',
  subscriber: 'CUCM subscriber',
  'imp-publisher': 'IM&P publisher',
  'imp-subscriber': 'IM&P subscriber',
}

/** A node's line to the Cisco cloud: 443 reachable only when its DNS resolves the cloud names and no port is blocked. */
function cloudEdge(n: GraphNode): {ok: boolean; label: string} {
  const why = [
    ...(n.dns ? [] : ['no DNS (the cloud names do not resolve)']),
    ...(n.unreachable.length ? [`unreachable: ${n.unreachable.join(', ')}`] : []),
  ]
  return {ok: why.length === 0, label: why.length ? why.join('; ') : '443 reachable'}
}

/** Up but something to look at: services not started, replication, the cloud. */
const needsLook = (n: GraphNode) =>
  n.state === 'up' && (n.notStarted.length > 0 || !n.replicationOk || !cloudEdge(n).ok)

function nodeLines(n: GraphNode): string[] {
  return [
    n.host,
    SHORT_ROLE[n.role],
    n.state === 'up' ? 'up' : n.state.toUpperCase(),
    ...(n.dns ? [] : ['DNS not configured']),
    ...n.notStarted.map((s) => `not started: ${s}`),
  ]
}

const dq = (s: string) => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`

/** Graphviz DOT. */
export function toDot(g: ClusterGraph): string {
  const out: string[] = []
  const id = (h: string) => dq(`node:${h}`)
  out.push(`digraph ${dq(g.cluster)} {`)
  out.push('  rankdir=LR;')
  out.push('  node [shape=box, style="rounded,filled", fontname="Helvetica", fontsize=10];')
  out.push('  edge [fontname="Helvetica", fontsize=9];')
  out.push(`  label=${dq(`${g.cluster} (${g.version}): ${g.onboarding}`)};`)
  out.push('  labelloc=t;')
  for (const [key, title, roles] of [
    ['cucm', 'Unified CM', ['publisher', 'subscriber']],
    ['imp', 'IM and Presence', ['imp-publisher', 'imp-subscriber']],
  ] as const) {
    const members = g.nodes.filter((n) => (roles as readonly string[]).includes(n.role))
    if (!members.length) continue
    out.push(`  subgraph ${dq(`cluster_${key}`)} {`)
    out.push(`    label=${dq(title)};`)
    for (const n of members) {
      const fill = n.state !== 'up' ? '#f4cccc' : needsLook(n) ? '#fff2cc' : '#d9ead3'
      out.push(
        `    ${id(n.host)} [label=${dq(nodeLines(n).join('\n'))}, fillcolor=${dq(fill)}${n.role.endsWith('publisher') ? ', penwidth=2' : ''}];`,
      )
    }
    out.push('  }')
  }
  const pub = g.nodes.find((n) => n.role === 'publisher')
  for (const n of g.nodes) {
    if (!pub || n === pub) continue
    out.push(
      `  ${id(pub.host)} -> ${id(n.host)} [label=${dq(`replication: ${n.replication}`)}, color=${n.replicationOk ? '"#38761d"' : '"#cc0000"'}${n.replicationOk ? '' : ', style=dashed'}];`,
    )
  }
  for (const p of g.haPairs) {
    if (!p.backup) continue
    out.push(
      `  ${id(p.primary)} -> ${id(p.backup)} [dir=both, label=${dq(p.ha ? 'HA pair (Push Notifications HA on)' : 'HA pair (Push Notifications HA off)')}, color="#1155cc"${p.ha ? '' : ', style=dotted'}];`,
    )
  }
  for (const gr of g.groups) {
    const gid = dq(`group:${gr.name}`)
    out.push(
      `  ${gid} [shape=folder, fillcolor="#eeeeee", label=${dq(`Unified CM group ${gr.name}${gr.devicePools.length ? `\ndevice pools: ${gr.devicePools.join(', ')}` : ''}`)}];`,
    )
    gr.nodes.forEach((h, i) =>
      out.push(
        `  ${gid} -> ${id(h)} [label=${dq(['primary', 'secondary', 'tertiary'][i] ?? String(i + 1))}, style=dashed, arrowhead=open];`,
      ),
    )
  }
  out.push(`  "cloud" [shape=ellipse, fillcolor="#cfe2f3", label=${dq(`Cisco cloud\n${g.cloudHosts.join('\n')}`)}];`)
  for (const n of g.nodes) {
    const {ok, label} = cloudEdge(n)
    out.push(
      `  ${id(n.host)} -> "cloud" [label=${dq(label)}, color=${ok ? '"#999999"' : '"#cc0000"'}${ok ? '' : ', style=dashed'}];`,
    )
  }
  out.push('}')
  return out.join('\n') + '\n'
}

/** Mermaid flowchart (renders in GitHub and GitLab Markdown). */
export function toMermaid(g: ClusterGraph): string {
  const ids = new Map(g.nodes.map((n, i) => [n.host, `n${i}`]))
  const mq = (s: string) => `"${s.replaceAll('"', '#quot;')}"`
  const out: string[] = ['---', `title: ${g.cluster} (${g.version}) - ${g.onboarding}`, '---', 'flowchart LR']
  for (const [key, title, roles] of [
    ['cucm', 'Unified CM', ['publisher', 'subscriber']],
    ['imp', 'IM and Presence', ['imp-publisher', 'imp-subscriber']],
  ] as const) {
    const members = g.nodes.filter((n) => (roles as readonly string[]).includes(n.role))
    if (!members.length) continue
    out.push(`  subgraph ${key}[${mq(title)}]`)
    for (const n of members) out.push(`    ${ids.get(n.host)}[${mq(nodeLines(n).join('<br/>'))}]`)
    out.push('  end')
  }
  out.push(`  cloud((${mq(`Cisco cloud<br/>${g.cloudHosts.join('<br/>')}`)}))`)
  const pub = g.nodes.find((n) => n.role === 'publisher')
  for (const n of g.nodes) {
    if (!pub || n === pub) continue
    out.push(
      `  ${ids.get(pub.host)} ${n.replicationOk ? '-->' : '-.->'}|${mq(`replication: ${n.replication}`)}| ${ids.get(n.host)}`,
    )
  }
  for (const p of g.haPairs) {
    if (p.backup)
      out.push(
        `  ${ids.get(p.primary)} <-->|${mq(p.ha ? 'HA pair (HA on)' : 'HA pair (HA off)')}| ${ids.get(p.backup)}`,
      )
  }
  g.groups.forEach((gr, gi) => {
    out.push(
      `  g${gi}[/${mq(`Unified CM group ${gr.name}${gr.devicePools.length ? `<br/>device pools: ${gr.devicePools.join(', ')}` : ''}`)}/]`,
    )
    gr.nodes.forEach((h, i) =>
      out.push(`  g${gi} -.->|${['primary', 'secondary', 'tertiary'][i] ?? String(i + 1)}| ${ids.get(h)}`),
    )
  })
  for (const n of g.nodes) {
    const {ok, label} = cloudEdge(n)
    out.push(`  ${ids.get(n.host)} ${ok ? '---' : '-.-x'}|${mq(label)}| cloud`)
  }
  const down = g.nodes.filter((n) => n.state !== 'up').map((n) => ids.get(n.host))
  const warn = g.nodes.filter(needsLook).map((n) => ids.get(n.host))
  out.push('  classDef down fill:#f4cccc,stroke:#cc0000')
  out.push('  classDef warn fill:#fff2cc,stroke:#bf9000')
  if (down.length) out.push(`  class ${down.join(',')} down`)
  if (warn.length) out.push(`  class ${warn.join(',')} warn`)
  return out.join('\n') + '\n'
}

/** SVG: the DOT laid out by Graphviz (its WebAssembly build, @viz-js/viz; no system Graphviz needed). */
export async function toSvg(g: ClusterGraph): Promise<string> {
  const {instance} = await import('@viz-js/viz')
  const viz = await instance()
  return viz.renderString(toDot(g), {format: 'svg', engine: 'dot'})
}

/**
 * The graph as a PNG: the SVG rendered by resvg (its prebuilt binary ships in its npm package), at twice the SVG's
 * size, with the system's fonts (Helvetica or its metric twin where installed).
 */
export async function toPng(g: ClusterGraph): Promise<Buffer> {
  const svg = await toSvg(g)
  const {Resvg} = await import('@resvg/resvg-js')
  const r = new Resvg(svg, {
    fitTo: {mode: 'zoom', value: 2},
    background: 'white',
    font: {loadSystemFonts: true, defaultFontFamily: 'Liberation Sans'},
  })
  return r.render().asPng()
}

export {ROLE_TEXT}
