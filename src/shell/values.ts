import type {ManifestCommand, ValueKind} from '../run/fast.js'
import {listClusters, listNodes} from '../features/world/cluster/store.js'
import {paramCatalogue} from '../features/guide/onboarding/parameters.js'
import {endUsers, listProfiles, listUcServices} from '../features/guide/onboarding/profile-store.js'
import type {Store} from '../store/store.js'

/**
 * Completion of values (the admin: prompt and `ucadmin completion bash|zsh`): what may follow a flag or stand in an
 * argument, read from the manifest (flag and argument names, `options`) and the state (hosts, clusters), so a new
 * command with a `--node` flag or a `host` argument completes without being listed anywhere.
 */
export interface ValueSource {
  hosts(): string[]
  clusters(): string[]
  /** Parameter ids of a scope (enterprise, service, messaging, jabber). */
  params(scope: string): string[]
  /** Where a local path is typed: what to offer (bash and zsh: a marker for their own file completion). */
  files?(): string[]
  /** UC services (jabber-config.xml), service profiles and end users of every cluster, `Default` included. */
  ucServices?(): string[]
  serviceProfiles?(): string[]
  users?(): string[]
}

/** The distinct names of every cluster, `Default` first where given; nothing when the state file cannot say. */
function perCluster(store: Store, names: (clusterId: number) => string[], first: string[] = []): string[] {
  try {
    return [...new Set([...first, ...listClusters(store).flatMap((c) => names(c.id))])]
  } catch {
    return []
  }
}

/** Values from an open state file. */
export function storeValues(store: Store): ValueSource {
  return {
    hosts: () => listClusters(store).flatMap((c) => listNodes(store, c.id).map((n) => n.host)),
    clusters: () => listClusters(store).map((c) => c.name),
    params: (scope) =>
      paramCatalogue()
        .filter((p) => p.scope === scope)
        .map((p) => p.id),
    ucServices: () => perCluster(store, (id) => listUcServices(store, id).map((u) => u.name), ['Default']),
    serviceProfiles: () => perCluster(store, (id) => listProfiles(store, id).map((p) => p.name), ['Default']),
    users: () => perCluster(store, (id) => endUsers(store, id)),
  }
}

/** Flags whose value is a host, a cluster or a local file. */
const HOST_FLAGS = new Set(['node'])
const CLUSTER_FLAGS = new Set(['cluster', 'source-cluster'])
const FILE_FLAGS = new Set(['file', 'output', 'to', 'password-file', 'authorized-key', 'host-key'])

/**
 * The candidates for the word after `extra` (the words typed after the command's own words), or undefined when
 * nothing is known there; 'files' when it is a local path (bash and zsh complete file names themselves).
 */
export function valueCandidates(
  cmd: ManifestCommand,
  extra: string[],
  src: ValueSource,
): string[] | 'files' | undefined {
  const flagOf = (w: string) =>
    Object.values(cmd.flags).find((f) =>
      w.startsWith('--') ? f.name === w.slice(2) : w.length === 2 && f.char === w[1],
    )
  const prev = extra.at(-1)
  const pf = prev?.startsWith('-') && !prev.includes('=') ? flagOf(prev) : undefined
  if (pf && pf.type === 'option') {
    if (pf.options) return pf.options
    if (HOST_FLAGS.has(pf.name)) return src.hosts()
    if (CLUSTER_FLAGS.has(pf.name)) return src.clusters()
    if (FILE_FLAGS.has(pf.name)) return 'files'
    const kind = cmd.completes?.[`--${pf.name}`]
    if (kind) return valuesOf(kind, src)
    if (pf.name === 'service-profile') return src.serviceProfiles?.()
    return undefined
  }
  // Which argument is being typed: the words so far that are neither flags nor flag values.
  let index = 0
  for (let i = 0; i < extra.length; i++) {
    const w = extra[i]
    if (w.startsWith('-') && w.length > 1) {
      const f = w.includes('=') ? undefined : flagOf(w)
      if (f?.type === 'option') i++
      continue
    }
    index++
  }
  const args = Object.values(cmd.args ?? {})
  const arg = args[index] ?? (cmd.strict === false ? args.at(-1) : undefined)
  if (!arg) return undefined
  if (arg.options) return arg.options
  if (arg.name === 'host') return src.hosts()
  if (arg.name === cmd.clusterArg) return src.clusters()
  const kind = cmd.completes?.[arg.name]
  if (kind) return valuesOf(kind, src)
  // An existing end user (a command naming a new one says so: `completes: {user: 'newName'}`).
  if (arg.name === 'user') return src.users?.()
  return undefined
}

/** The values of a kind a command's `completes` names. */
function valuesOf(kind: ValueKind, src: ValueSource): string[] | undefined {
  if (kind.startsWith('params:')) return src.params(kind.slice('params:'.length))
  switch (kind) {
    case 'ucServices':
      return src.ucServices?.()
    case 'ucServicesOrNone':
      return [...(src.ucServices?.() ?? []), 'none']
    case 'serviceProfiles':
      return src.serviceProfiles?.()
    case 'customServiceProfiles':
      return src.serviceProfiles?.().filter((p) => p !== 'Default')
    case 'users':
      return src.users?.()
    default:
      return undefined
  }
}
