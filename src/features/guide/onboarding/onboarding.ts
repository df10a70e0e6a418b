import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {clusterById, listNodes} from '../../world/cluster/store.js'
import {EVALUATION_DAYS, smartState, startEvaluation} from './licensing.js'
import {type OnboardingRow, getOnboarding, saveOnboarding} from './store.js'
import {firstStartAfter, getService, serviceMark, startedSince} from '../../platform/services/store.js'
import type {Clock} from '../../world/clock/clock.js'
import {storedTime} from '../../world/clock/clock.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import {paramCatalogue, paramChange} from './parameters.js'
import {atLeast, parseRelease} from '../../world/cluster/releases.js'
import {isRunning} from '../../platform/services/services.js'
import {isCucm, isImp, publisherOf} from '../../world/cluster/topology.js'
import {clusterSeed, seededUuid} from '../../world/cluster/seed.js'

export const STATUS = {
  notEnabled: 'Push Notifications Not Enabled',
  tomcat: 'Restart Cisco Tomcat on all nodes to install the Cisco-managed certificates',
  pending: 'Cisco Cloud Onboarding Pending',
  completed: 'Cloud Onboarding Completed',
  disabled: 'Push Notifications Disabled',
} as const

export const TOMCAT = 'Cisco Tomcat'
export {CMAS, CPNS, XCP_CONFIG, XCP_ROUTER} from '../../platform/services/names.js'
import {CMAS, CPNS, XCP_CONFIG, XCP_ROUTER, tokenServiceOf} from '../../platform/services/names.js'
import {getNodeToken} from '../identity/store.js'
import {expresswayForgetsPush} from './expressway.js'

export {customerOrgId} from '../identity/identity.js'
import {customerOrgId} from '../identity/identity.js'

export interface PendingRestart {
  node: string
  service: string
  reason: string
  /**
   * onboarding: push needs it (the service has not loaded the new onboarding); parameter: a parameter was changed and
   * the service runs its old configuration until it restarts (pushes go on; issue 20, item 10).
   */
  cause: 'onboarding' | 'parameter'
}

interface Requirement extends PendingRestart {
  nodeRow: NodeRow
  mark: number
}

/**
 * The phase the page is in. "awaiting-tomcat" becomes "pending" (Cisco Cloud Onboarding Pending) once Cisco Tomcat has
 * been restarted on every node since the save.
 */
export function effectivePhase(
  store: Store,
  cluster: ClusterRow,
  row = getOnboarding(store, cluster.id),
): OnboardingRow['phase'] {
  if (row.phase !== 'awaiting-tomcat') return row.phase
  const waiting = listNodes(store, cluster.id).some((n) => !startedSince(store, n.id, TOMCAT, row.savedMark ?? 0))
  return waiting ? 'awaiting-tomcat' : 'pending'
}

/** Every restart the procedure calls for, with the event it must come after. */
function requirements(store: Store, cluster: ClusterRow, row: OnboardingRow): Requirement[] {
  const nodes = listNodes(store, cluster.id)
  const req: Requirement[] = []
  const add = (
    pred: (n: NodeRow) => boolean,
    service: string,
    mark: number | ((n: NodeRow) => number),
    reason: string,
    cause: PendingRestart['cause'] = 'onboarding',
  ) => {
    for (const n of nodes.filter(pred))
      if (getService(store, n.id, service))
        req.push({node: n.host, service, reason, nodeRow: n, mark: typeof mark === 'number' ? mark : mark(n), cause})
  }
  if (row.phase === 'awaiting-tomcat')
    add(
      () => true,
      TOMCAT,
      row.savedMark ?? 0,
      'install the Cisco-managed certificates (Enable Push Notifications, step 8)',
    )
  if (row.phase === 'completed') {
    const completed = row.completedMark ?? 0
    add(isCucm, CPNS, row.savedMark ?? 0, 'the Cisco Cloud Onboarding page was saved')
    add(isImp, XCP_CONFIG, completed, 'Push Notifications were enabled (step 12)')
    // Step 12's order: the XCP Router restart counts only after the XCP Config Manager restart on that node.
    const afterConfig = (n: NodeRow) => firstStartAfter(store, n.id, XCP_CONFIG, completed) ?? Number.MAX_SAFE_INTEGER
    add(isImp, XCP_ROUTER, afterConfig, `Push Notifications were enabled (step 12: after ${XCP_CONFIG})`)
    // A node added after onboarding (issue 20, item 13): its push service started at installation, before its
    // database replica held the machine account, so it has no refresh token loaded until it is restarted.
    const now = serviceMark(store)
    const since = (n: NodeRow) => (isImp(n) ? completed : (row.savedMark ?? 0))
    const unloaded = (n: NodeRow) =>
      n.state === 'up' &&
      getNodeToken(store, n.id).loadedAt === null &&
      isRunning(store, n, tokenServiceOf(n.role)) &&
      startedSince(store, n.id, tokenServiceOf(n.role), since(n))
    add(
      (n) => isCucm(n) && unloaded(n),
      CPNS,
      now,
      'the node was added after onboarding: CPNS has not loaded the machine account token',
    )
    add(
      (n) => isImp(n) && unloaded(n),
      XCP_CONFIG,
      now,
      'the node was added after onboarding: XCP Config Manager has not loaded the machine account token',
    )
  }
  if (row.phase === 'disabled' && row.disabledMark !== null)
    add(isImp, XCP_ROUTER, row.disabledMark, 'Push Notifications were disabled')
  for (const p of paramCatalogue()) {
    if (!p.restart) continue
    const change = paramChange(store, cluster, p.id)
    if (!change) continue
    const pred = p.restart.nodes === 'imp' ? isImp : p.restart.nodes === 'cucm' ? isCucm : () => true
    add(pred, p.restart.service, change.mark, `${p.name} was changed`, 'parameter')
  }
  // One requirement per node and service: the latest one (an onboarding one first: it is what push waits for).
  const byKey = new Map<string, Requirement>()
  for (const r of req) {
    const k = `${r.node}\u0000${r.service}`
    const prev = byKey.get(k)
    if (!prev) byKey.set(k, r)
    else {
      const owed = (x: Requirement) => x.cause === 'onboarding' && !startedSince(store, x.nodeRow.id, x.service, x.mark)
      if (owed(prev) !== owed(r)) byKey.set(k, owed(r) ? r : prev)
      else if (r.mark >= prev.mark) byKey.set(k, r)
    }
  }
  return [...byKey.values()]
}

/** The restarts still owed: required, and not done since the change that required them. */
export function pendingRestarts(store: Store, cluster: ClusterRow): PendingRestart[] {
  const row = getOnboarding(store, cluster.id)
  const phase = effectivePhase(store, cluster, row)
  return requirements(store, cluster, {...row, phase: phase === 'pending' ? 'pending' : row.phase})
    .filter((r) => !startedSince(store, r.nodeRow.id, r.service, r.mark))
    .map(({node, service, reason, cause}) => ({node, service, reason, cause}))
}

/** The Status line: the guide's message for the phase. */
export function statusText(store: Store, cluster: ClusterRow): string {
  const row = getOnboarding(store, cluster.id)
  switch (effectivePhase(store, cluster, row)) {
    case 'awaiting-tomcat':
      return STATUS.tomcat
    case 'pending':
      return STATUS.pending
    case 'completed':
      return STATUS.completed
    default:
      return row.disabledAt === null ? STATUS.notEnabled : STATUS.disabled
  }
}

/**
 * The page's own status text, with its quirk: once IM and Presence nodes exist, it keeps asking for the XCP Router
 * restart even after every node was restarted (the guide's note). pendingRestarts tells the truth.
 */
export function pageMessage(store: Store, cluster: ClusterRow, status = statusText(store, cluster)): string {
  const hasImp = listNodes(store, cluster.id).some(isImp)
  if (status === STATUS.completed && hasImp)
    return `${status}. Restart the Cisco XCP Router service on all IM and Presence Service nodes.`
  if (status === STATUS.completed) return `${status}. Restart the Cisco Push Notification Service.`
  if (status === STATUS.disabled && hasImp)
    return `${status}. Restart the Cisco XCP Router service on all IM and Presence Service nodes.`
  return status
}

/**
 * The guide's note: once onboarded, the page says this while no phone in Device Defaults uses Activation Code
 * Onboarding (ucadmin models no Device Defaults, so always); it does not mean that onboarding failed.
 */
export const NO_ACTIVATION_CODE_PHONES =
  'No phones are enabled in the Device Defaults page to use Activation Code Onboarding'

/** Licensing that lets the cluster onboard, or the reason it cannot. */
export function licensingProblem(store: Store, cluster: ClusterRow): {problem: string; fix: string} | undefined {
  const r = parseRelease(cluster.version)
  const row = getOnboarding(store, cluster.id)
  if (!atLeast(r, '12.0(1)')) {
    if (cluster.licensing !== 'plm')
      return {
        problem: `${cluster.version} licenses through Cisco Prime License Manager, but licensing is ${cluster.licensing}.`,
        fix: 'Set it with `ucadmin license mode plm`.',
      }
    if (row.licensesSyncedAt === null)
      return {
        problem: 'Licenses are not synchronized in Prime License Manager (mandatory on 11.5(1)SU releases).',
        fix: 'Run `ucadmin license sync`.',
      }
    return undefined
  }
  if (cluster.licensing === 'slr' && atLeast(r, '12.5(1)')) {
    return {
      problem: 'Smart Licensing uses Specific License Reservation, which blocks Push Notifications from 12.5.',
      fix: 'Disable Specific License Reservation: `ucadmin license mode smart`.',
    }
  }
  if (cluster.licensing !== 'smart' && cluster.licensing !== 'slr') {
    return {
      problem: `${cluster.version} needs Smart Licensing configured before onboarding; licensing is ${cluster.licensing}.`,
      fix: 'Register to Smart Licensing: `ucadmin license mode smart`.',
    }
  }
  const smart = smartState(store, cluster)
  if (smart?.status === 'Evaluation Period Expired') {
    return {
      problem: `The Smart Licensing evaluation period ended (${smart.evaluationEndsAt}) and Unified CM is not registered with Smart Software Manager: provisioning stops, and Push Notifications with it.`,
      fix: 'Register with Smart Software Manager: `ucadmin license register`.',
    }
  }
  return undefined
}

/** Generate Voucher: synchronizes system licensing with the Cisco cloud (PLM on 11.5, Smart Licensing from 12.0). */
export function generateVoucher(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
): {voucher: string; generatedAt: string} {
  const lic = licensingProblem(store, cluster)
  if (lic) throw new FailedError(`Cannot generate a voucher: ${lic.problem}`, {code: 'LICENSING', fix: lic.fix})
  const smart = smartState(store, cluster)
  if (smart && !smart.registered) {
    // The PLM voucher is gone after an upgrade across 12.0; a new one needs registration first (issue 20, item 7).
    throw new FailedError(
      `Cannot generate a voucher: Unified CM is in Smart Licensing evaluation mode (${smart.evaluationDaysLeft} days left) and not registered with Smart Software Manager.`,
      {
        code: 'LICENSING',
        fix: 'Register first: `ucadmin license register`.',
      },
    )
  }
  const row = getOnboarding(store, cluster.id)
  const voucher = `VCH-${seededUuid(clusterSeed(store, cluster.id), 'voucher', cluster.name, String(clock.now())).slice(0, 18).toUpperCase()}`
  saveOnboarding(store, {...row, voucher, voucherAt: clock.now()})
  return {voucher, generatedAt: new Date(clock.now()).toISOString()}
}

export type OnOff = 'on' | 'off'

export interface SaveInput {
  push?: OnOff
  manageCerts?: OnOff
  troubleshooting?: OnOff
  encryptedPii?: OnOff
  /** A proxy URL, or 'off' to remove the proxy. */
  proxy?: string
  proxyAuth?: 'basic' | 'digest'
}

export interface SaveResult {
  status: string
  subscribed: boolean
  warnings: string[]
  nextSteps: string[]
  pendingRestarts: PendingRestart[]
}

/** The one proxy URL rule (the onboarding page, `onboarding save --proxy`, lab files): http(s)://HOST[:PORT], normalised. */
export function checkProxy(url: string): string {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new UsageError(`"${url}" is not a proxy URL.`, {fix: 'Use http://HOST:PORT or https://HOST:PORT.'})
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname || u.pathname.length > 1 || u.username) {
    throw new UsageError(`"${url}" is not a proxy URL.`, {
      fix: 'Use http://HOST:PORT or https://HOST:PORT, without a path or credentials.',
    })
  }
  return `${u.protocol}//${u.host}`
}

/**
 * Click Save on the Cisco Cloud Onboarding page. The first save with push checked asks for Cisco Tomcat restarts on
 * every node; saving again once they are done (Cisco Cloud Onboarding Pending) with the boxes still checked sends the
 * subscription request and completes onboarding; any later save asks for a new CPNS restart. Unchecking push disables.
 */
export function saveOnboardingPage(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  input: SaveInput,
  onProvision: (row: OnboardingRow) => void,
): SaveResult {
  const row = getOnboarding(store, cluster.id)
  const phase = effectivePhase(store, cluster, row)
  const next: OnboardingRow = {...row}
  const warnings: string[] = []
  const on = (v: OnOff | undefined, cur: boolean) => (v === undefined ? cur : v === 'on')

  next.push = on(input.push, row.push)
  next.manageCerts = on(input.manageCerts, row.manageCerts)
  // "enabled by default after Push Notifications is enabled"
  next.troubleshooting = on(
    input.troubleshooting,
    phase === 'disabled' && next.push && !row.push ? true : row.troubleshooting,
  )
  next.encryptedPii = on(input.encryptedPii, row.encryptedPii)
  if (next.encryptedPii && !next.troubleshooting) {
    throw new UsageError('Sending encrypted PII is part of sending troubleshooting information.', {
      fix: 'Add --troubleshooting on, or leave --encrypted-pii off.',
    })
  }
  if (input.proxyAuth && !input.proxy && !row.proxyUrl)
    throw new UsageError('--proxy-auth needs a proxy.', {fix: 'Add --proxy http://HOST:PORT.'})
  if (input.proxy !== undefined) {
    if (input.proxy === 'off') {
      next.proxyUrl = null
      next.proxyAuth = null
    } else {
      next.proxyUrl = checkProxy(input.proxy)
      next.proxyAuth = input.proxyAuth ?? row.proxyAuth
    }
  } else if (input.proxyAuth) next.proxyAuth = input.proxyAuth
  if (next.proxyUrl && next.proxyAuth === 'basic')
    warnings.push(
      'Basic authentication sends proxy credentials weakly protected; digest authentication is recommended.',
    )

  const mark = serviceMark(store)
  const now = clock.now()
  const done = (status?: string, subscribed = false, nextSteps: string[] = []): SaveResult => {
    saveOnboarding(store, next)
    return {
      status: status ?? statusText(store, cluster),
      subscribed,
      warnings,
      nextSteps,
      pendingRestarts: pendingRestarts(store, cluster),
    }
  }

  if (!next.push) {
    if (phase !== 'disabled') {
      next.phase = 'disabled'
      next.disabledAt = now
      next.disabledMark = mark
      next.troubleshooting = on(input.troubleshooting, false)
      next.encryptedPii = on(input.encryptedPii, false)
      const hasImp = listNodes(store, cluster.id).some(isImp)
      return done(undefined, false, hasImp ? ['Restart Cisco XCP Router on every IM and Presence node.'] : [])
    }
    return done()
  }

  if (!row.voucher) {
    throw new FailedError(
      'Generate the voucher before enabling Push Notifications (Generate Voucher synchronizes system licensing).',
      {
        code: 'NO_VOUCHER',
        fix: 'Run `ucadmin onboarding voucher`, then save again.',
      },
    )
  }
  const lic = licensingProblem(store, cluster)
  if (lic) throw new FailedError(lic.problem, {code: 'LICENSING', fix: lic.fix})
  const release = parseRelease(cluster.version)
  if (!atLeast(release, '11.5(1)SU2')) {
    throw new FailedError(`Push Notifications need 11.5(1)SU2 or later; this cluster runs ${cluster.version}.`, {
      code: 'RELEASE',
      fix: 'Upgrade the cluster: `ucadmin cluster upgrade --version 14SU3`.',
    })
  }

  switch (phase) {
    case 'disabled': {
      next.phase = 'awaiting-tomcat'
      next.savedAt = now
      next.savedMark = mark
      next.disabledAt = null
      next.disabledMark = null
      return done(undefined, false, [
        'Restart Cisco Tomcat on every node: `ucadmin utils service restart Cisco Tomcat --all-nodes`.',
        'Then save the page again with the boxes still checked.',
      ])
    }
    case 'awaiting-tomcat': {
      const waiting = pendingRestarts(store, cluster).map((p) => p.node)
      return done(undefined, false, [`Cisco Tomcat still needs a restart on ${waiting.join(', ')}.`])
    }
    case 'pending': {
      if (!next.manageCerts) {
        throw new FailedError(
          'Check both "Enable Push Notifications" and "I want Cisco to manage the Cisco Cloud Service CA Certificates" before saving again (step 9).',
          {
            code: 'BOXES',
            fix: 'Save with --push on --manage-certs on.',
          },
        )
      }
      const pub = publisherOf(store, cluster.id)
      if (pub.state !== 'up')
        throw new FailedError(`The publisher ${pub.host} is ${pub.state}; it sends the subscription request.`, {
          code: 'NODE_DOWN',
          fix: `Bring it up: \`ucadmin sim fault node-up ${pub.host}\`.`,
        })
      // 11.5(1)SU2 predates both services (messaging push only, through IM and Presence).
      for (const s of atLeast(release, '11.5(1)SU3') ? [CPNS, CMAS] : []) {
        if (!isRunning(store, pub, s)) {
          throw new FailedError(
            `${s} is not running on the publisher ${pub.host}; both network services must run to enable Push Notifications.`,
            {
              code: 'SERVICE_DOWN',
              fix: `Start it: \`ucadmin utils service start ${s} --node ${pub.host}\`.`,
            },
          )
        }
      }
      // The subscription request, before anything changes: Fusion Onboarding Service provisions the machine account.
      // onProvision walks the subscription path (DNS on the publisher, the proxy, port 443 to fos-a.wbx2.com) with the
      // condition table and throws SUBSCRIPTION_FAILED when it does not reach the cloud (issue 20, item 3).
      onProvision(next)
      next.phase = 'completed'
      next.completedAt = now
      next.completedMark = mark
      next.savedAt = now
      next.savedMark = mark
      next.orgId ??= customerOrgId()
      next.subscribedRelease = cluster.version
      ensureIds(next, cluster, now, clusterSeed(store, cluster.id))
      saveOnboarding(store, next)
      expresswayForgetsPush(store, cluster.id)
      const hasImp = listNodes(store, cluster.id).some(isImp)
      return done(undefined, true, [
        'Restart the Cisco Push Notification Service on every Unified CM node: `ucadmin utils service restart Cisco Push Notification Service --all-nodes`.',
        ...(hasImp ? ['Restart Cisco XCP Config Manager and Cisco XCP Router on every IM and Presence node.'] : []),
      ])
    }
    case 'completed': {
      next.savedAt = now
      next.savedMark = mark
      ensureIds(next, cluster, now, clusterSeed(store, cluster.id))
      return done(undefined, false, [
        'The page was saved: restart the Cisco Push Notification Service on every Unified CM node.',
      ])
    }
  }
}

/** The Customer Cluster ID (with troubleshooting on) and the Cisco Support Token (with encrypted PII on). */
function ensureIds(row: OnboardingRow, cluster: ClusterRow, now: number, seed: string | undefined): void {
  if (row.troubleshooting && !row.customerClusterId)
    row.customerClusterId = seededUuid(seed, 'customer-cluster', cluster.name, String(now))
  if (row.encryptedPii && !row.supportToken) {
    const a = seededUuid(seed, 'support-token', cluster.name, String(now)).replaceAll('-', '')
    const b = seededUuid(seed, 'support-token-2', cluster.name, String(now)).replaceAll('-', '')
    row.supportToken = `${a}${b}`.slice(0, 48)
  }
}

export interface StatusView {
  status: string
  statusMessage: string
  /** The page's other lines in the Status area (informational, not failures). */
  statusNotes: string[]
  pushEnabled: boolean
  manageCerts: boolean
  troubleshooting: boolean
  encryptedPii: boolean
  proxy: {url: string; auth: string | null} | null
  voucher: string | null
  customerClusterId: string | null
  supportToken: string | null
  pendingRestarts: PendingRestart[]
}

export function onboardingStatus(store: Store, cluster: ClusterRow): StatusView {
  const row = getOnboarding(store, cluster.id)
  const status = statusText(store, cluster)
  return {
    status,
    statusMessage: pageMessage(store, cluster, status),
    statusNotes: status === STATUS.completed ? [NO_ACTIVATION_CODE_PHONES] : [],
    pushEnabled: row.push && row.phase !== 'disabled',
    manageCerts: row.manageCerts,
    troubleshooting: row.troubleshooting,
    encryptedPii: row.encryptedPii,
    proxy: row.proxyUrl ? {url: row.proxyUrl, auth: row.proxyAuth} : null,
    voucher: row.voucher,
    customerClusterId: row.customerClusterId,
    supportToken: row.supportToken,
    pendingRestarts: pendingRestarts(store, cluster),
  }
}

/** Whether the cluster is onboarded: Cloud Onboarding Completed with push enabled. */
export function isOnboarded(store: Store, cluster: ClusterRow): boolean {
  const row = getOnboarding(store, cluster.id)
  return row.phase === 'completed' && row.push
}

/** What an upgrade does to onboarding: across 12.0 the PLM voucher is removed (Smart Licensing replaces PLM). */
export function onboardingAfterUpgrade(store: Store, cluster: ClusterRow, from: string, to: string): string[] {
  const notes: string[] = []
  const row = getOnboarding(store, cluster.id)
  const crosses12 = !atLeast(parseRelease(from), '12.0(1)') && atLeast(parseRelease(to), '12.0(1)')
  if (crosses12) {
    if (row.voucher) saveOnboarding(store, {...row, voucher: null, voucherAt: null, licensesSyncedAt: null})
    if (cluster.licensing === 'plm' || clusterById(store, cluster.id)!.licensing === 'smart')
      startEvaluation(store, cluster.id, storedTime(store))
    notes.push(
      'Licensing moved from Prime License Manager to Smart Licensing (evaluation mode until registered); the PLM voucher was removed.',
    )
  }
  if (row.phase === 'completed' && row.subscribedRelease === '11.5(1)SU2') {
    notes.push(
      'Push Notifications were enabled on 11.5(1)SU2: pushes keep working, but troubleshooting logs cannot be sent until you disable them and onboard again (`ucadmin onboarding disable`, then the task flow).',
    )
  } else if (row.phase === 'completed' && crosses12) {
    notes.push(
      `Push Notifications keep working until Smart Licensing disables provisioning (the ${EVALUATION_DAYS}-day evaluation ends unregistered); register with \`ucadmin license register\`. Disabling before upgrade and re-onboarding is recommended.`,
    )
  }
  return notes
}
