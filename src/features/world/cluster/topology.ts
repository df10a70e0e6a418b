import type {Store} from '../../../store/store.js'

import {type ClusterRow, type Licensing, type NodeRole, clusterHoldingHost, deleteCluster, listNodes} from './store.js'
import {deleteSetting, getSetting, setSetting} from '../../../store/settings.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import {currentClusterId, publisherOf, requireCluster, resolveCluster, resolveNode, type TargetInput} from './target.js'
import {atLeast, parseRelease, type Release} from './releases.js'
import {setClusterSeed} from './seed.js'

export const ROLES: NodeRole[] = ['publisher', 'subscriber', 'imp-publisher', 'imp-subscriber']
export const LICENSING: Licensing[] = ['smart', 'plm', 'slr', 'none']

export const ROLE_TEXT: Record<NodeRole, string> = {
  publisher: 'Unified CM publisher',
  subscriber: 'Unified CM subscriber',
  'imp-publisher': 'IM and Presence publisher',
  'imp-subscriber': 'IM and Presence subscriber',
}

export const isImp = (n: {role: NodeRole}) => n.role === 'imp-publisher' || n.role === 'imp-subscriber'
export const isCucm = (n: {role: NodeRole}) => !isImp(n)

const NAME = /^[A-Za-z][A-Za-z0-9_.-]{0,62}$/
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/

export function checkHost(host: string): string {
  const h = host.trim()
  if (!h || h.length > 253 || !h.split('.').every((l) => LABEL.test(l)) || /^\d+$/.test(h.split('.')[0] ?? '')) {
    throw new UsageError(`"${host}" is not a valid host name.`, {
      fix: 'Use letters, digits and hyphens, e.g. cucm-pub or cucm-pub.example.com.',
    })
  }
  return h
}

export function checkClusterName(name: string): string {
  if (!NAME.test(name)) {
    throw new UsageError(`"${name}" is not a valid cluster name.`, {
      fix: 'Start with a letter; use letters, digits, ".", "_" or "-" (at most 63).',
    })
  }
  return name
}

/** The default licensing of a release: Prime License Manager before 12.0, Smart Licensing from 12.0 on. */
export function defaultLicensing(r: Release): Licensing {
  return atLeast(r, '12.0(1)') ? 'smart' : 'plm'
}

export function checkLicensing(r: Release, l: Licensing): void {
  if (l === 'plm' && atLeast(r, '12.0(1)')) {
    throw new UsageError(
      `Prime License Manager licensing (plm) does not exist on ${r.name}: from 12.0(1) Unified CM uses Smart Licensing.`,
      {
        fix: 'Use --licensing smart (or slr, or none).',
      },
    )
  }
  if ((l === 'smart' || l === 'slr') && !atLeast(r, '12.0(1)')) {
    throw new UsageError(
      `${r.name} licenses through Prime License Manager; Smart Licensing (${l}) starts with 12.0(1).`,
      {
        fix: 'Use --licensing plm (or none).',
      },
    )
  }
}

export interface CreateClusterInput {
  name: string
  version: string
  publisher: string
  subscribers: string[]
  impPublisher?: string
  impSubscribers: string[]
  licensing?: string
  /** Derive tokens, pkids, vouchers and cluster IDs from this seed (see seed.ts). */
  seed?: string
}

/** A host name is unique across the clusters of a state file, so that `--node HOST` always names one node. */
export function refuseHostElsewhere(store: Store, host: string): void {
  const held = clusterHoldingHost(store, host)
  if (held) {
    throw new UsageError(
      `Host ${host} is already a node of cluster ${held.cluster}${held.host === host ? '' : ` (as ${held.host})`}.`,
      {
        code: 'HOST_IN_USE',
        fix: 'Host names are unique across clusters: pick another host name.',
      },
    )
  }
}

/**
 * `cluster create --if-not-exists` on a cluster that exists: fine when it is the same cluster (release and nodes);
 * a different one is refused (exit 1), since nothing would make it match (`ucadmin apply -f` can).
 */
export function sameAsExisting(store: Store, existing: ClusterRow, input: CreateClusterInput): void {
  const release = parseRelease(input.version)
  const want = [
    `${input.publisher}:publisher`,
    ...input.subscribers.map((h) => `${h}:subscriber`),
    ...(input.impPublisher ? [`${input.impPublisher}:imp-publisher`] : []),
    ...input.impSubscribers.map((h) => `${h}:imp-subscriber`),
  ]
    .map((x) => x.toLowerCase())
    .sort()
  const have = listNodes(store, existing.id)
    .map((n) => `${n.host}:${n.role}`.toLowerCase())
    .sort()
  const diffs: string[] = []
  if (release.name !== existing.version) diffs.push(`it runs ${existing.version}, not ${release.name}`)
  if (input.licensing && input.licensing !== existing.licensing)
    diffs.push(`its licensing is ${existing.licensing}, not ${input.licensing}`)
  if (want.join(',') !== have.join(',')) diffs.push(`its nodes are ${have.join(', ')}`)
  if (diffs.length) {
    throw new FailedError(`Cluster ${existing.name} exists but differs: ${diffs.join('; ')}.`, {
      code: 'CLUSTER_DIFFERS',
      fix: 'Describe the cluster in a lab file and run `ucadmin apply -f FILE`, or delete it first.',
    })
  }
}

export function removeCluster(store: Store, name: string): ClusterRow {
  const c = requireCluster(store, name)
  deleteCluster(store, c.id)
  setClusterSeed(store, c.id, undefined)
  if (getSetting(store, 'current_cluster') === String(c.id)) deleteSetting(store, 'current_cluster')
  return c
}

export function useCluster(store: Store, name: string): ClusterRow {
  const c = requireCluster(store, name)
  setSetting(store, 'current_cluster', String(c.id))
  return c
}

export {currentClusterId, publisherOf, requireCluster, resolveCluster, resolveNode, type TargetInput}
