import type {ClusterRow, NodeRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {listNodes} from '../../world/cluster/store.js'
import {getOnboarding} from '../onboarding/store.js'
import {getService, serviceMark, startedSince} from '../../platform/services/store.js'
import {getNodeToken, getTokenRun, saveTokenRun} from '../identity/store.js'
import {nodesWithoutTomcatTrust} from '../onboarding/certificates.js'
import type {Clock} from '../../world/clock/clock.js'
import {readMachineAccount, writeMachineAccount} from '../cucmdb/cucmdb.js'
import {UsageError} from '../../../core/errors.js'
import {CMAS, CPNS, TOMCAT, XCP_CONFIG, XCP_ROUTER, isOnboarded, licensingProblem} from '../onboarding/onboarding.js'
import {type ServiceReactions, controlService} from '../../platform/services/control.js'
import {isImp, publisherOf, requireCluster} from '../../world/cluster/topology.js'
import {refreshTokenAccepted, tokenHash, tokenService} from './tokens.js'

export interface ProcedureStep {
  step: number
  title: string
  ok: boolean
  detail: string
  /** The CLI lines an operator would type for this step (tokens shown as placeholders). */
  cli: string[]
}

export interface ProcedureResult {
  cluster: string
  sourceCluster: string
  ok: boolean
  failedStep: number | null
  steps: ProcedureStep[]
}

/** How the procedure talks to its caller: print each step as it goes, ask before each change, run each change atomically. */
export interface ProcedureIO {
  stepDone(step: ProcedureStep): void
  confirm(question: string): Promise<boolean>
  atomic<T>(fn: () => T): T
}

/** The restarts the tech note calls for after a refresh-token update. */
export const RESTARTS_CUCM = [CMAS, CPNS, TOMCAT]
export const RESTARTS_IMP = [XCP_CONFIG, XCP_ROUTER, TOMCAT]

class StepFailed extends Error {}

/**
 * The guide's "Update Refresh Token Manually" as checked steps, against a second cluster of the same organization
 * (the "new server"). Idempotent: every step checks before it changes, so after a failure the command resumes.
 */
export async function runTokenProcedure(
  store: Store,
  clock: Clock,
  cluster: ClusterRow,
  sourceName: string,
  io: ProcedureIO,
  reactions: ServiceReactions,
): Promise<ProcedureResult> {
  const source = requireCluster(store, sourceName)
  if (source.id === cluster.id)
    throw new UsageError('The source cluster must be another cluster (the new server), not the affected one.', {
      fix: 'Create and onboard a new cluster of the same release, then pass it with --source-cluster.',
    })
  const result: ProcedureResult = {
    cluster: cluster.name,
    sourceCluster: source.name,
    ok: false,
    failedStep: null,
    steps: [],
  }
  let current: ProcedureStep | undefined
  const step = (n: number, title: string, cli: string[]) => {
    current = {step: n, title, ok: false, detail: '', cli}
    return current
  }
  const pass = (detail: string) => {
    current!.ok = true
    current!.detail = detail
    result.steps.push(current!)
    io.stepDone(current!)
  }
  const fail = (detail: string): never => {
    current!.detail = detail
    result.steps.push(current!)
    result.failedStep = current!.step
    io.stepDone(current!)
    throw new StepFailed(detail)
  }
  const srcPub = publisherOf(store, source.id)
  const pub = publisherOf(store, cluster.id)

  try {
    step(
      1,
      'Install a new Cisco Unified Communications Manager server using the same version as the affected machine',
      [`show version active   (on ${srcPub.host} and on ${pub.host})`],
    )
    if (source.version !== cluster.version)
      fail(
        `${source.name} runs ${source.version} but ${cluster.name} runs ${cluster.version}: the new server must run the same version.`,
      )
    pass(`${source.name} (${srcPub.host}) runs ${source.version}, like ${cluster.name}.`)

    step(2, 'License your new node', ['license status'])
    const lic = licensingProblem(store, source)
    if (lic) fail(`${source.name}: ${lic.problem} ${lic.fix}`)
    pass(
      `${source.name} is licensed (${source.licensing === 'plm' ? 'Prime License Manager, synchronized' : 'Smart Licensing'}).`,
    )

    step(
      3,
      'Upload the necessary certificate chains to tomcat-trust and onboard your new node for Push Notifications',
      ['cert list', 'onboarding status'],
    )
    const noTrust = nodesWithoutTomcatTrust(store, source)
    if (noTrust.includes(srcPub.host))
      fail(
        `${srcPub.host} has no CA certificate chain in tomcat-trust. Upload it: \`ucadmin cert upload tomcat-trust ROOT-CA.pem --node ${srcPub.host} --cluster ${source.name}\`.`,
      )
    if (!isOnboarded(store, source))
      fail(
        `${source.name} is not onboarded (Cloud Onboarding Completed). Onboard it first: \`ucadmin onboarding ... --cluster ${source.name}\`.`,
      )
    pass(`${srcPub.host} has the tomcat-trust chain and ${source.name} shows Cloud Onboarding Completed.`)

    step(4, 'Verify that onboarding was successful', [
      'utils service restart Cisco Push Notification Service',
      'file tail activelog cm/trace/ccmpns/log4j/ --lines 20',
    ])
    const savedMark = getOnboarding(store, source.id).savedMark ?? 0
    if (!startedSince(store, srcPub.id, CPNS, savedMark)) {
      if (srcPub.state !== 'up') fail(`${srcPub.host} is ${srcPub.state}.`)
      if (!(await io.confirm(`This restarts the Cisco Push Notification Service on ${srcPub.host} (${source.name}).`)))
        fail('Not restarted: you answered no.')
      io.atomic(() => controlService(store, clock, srcPub, CPNS, 'restart', reactions))
    }
    const srcToken = getNodeToken(store, srcPub.id)
    if (srcToken.lastStatus !== 200)
      fail(
        `The Cisco Push Notification Service on ${srcPub.host} did not retrieve a token (last response ${srcToken.lastStatus ?? 'none'}); see \`file tail activelog cm/trace/ccmpns/log4j/\` there.`,
      )
    pass(
      `The Cisco Push Notification Service on ${srcPub.host} retrieved a token (response 200; at the Debug trace level, \`set trace enable Detailed ccmpns\`, its trace shows "fetchAndStoreAccessToken() Response received : 200").`,
    )

    step(5, 'Get the refresh token from your new machine', [
      `run sql select * from machineaccountdetails   (on ${srcPub.host})`,
    ])
    const srcAccount = readMachineAccount(store, srcPub)
    if (!srcAccount?.refreshtoken) fail(`${srcPub.host} has no machine account row.`)
    const accepted = refreshTokenAccepted(store, clock, srcAccount!.refreshtoken)
    if (!accepted.ok) fail(`The refresh token of ${source.name} is not accepted either (${accepted.why}).`)
    const newToken = srcAccount!.refreshtoken
    pass(`Read the refresh token of ${source.name}'s machine account ${srcAccount!.machineaccountname}.`)

    step(6, 'Get the machine details from your original node', [
      `run sql select pkid, refreshtoken from machineaccountdetails   (on ${pub.host})`,
    ])
    const account = readMachineAccount(store, pub)
    if (!account) fail(`${pub.host} has no machine account row: onboard ${cluster.name} first.`)
    pass(`${pub.host}: machine account ${account!.machineaccountname}, pkid ${account!.pkid}.`)

    step(7, "Update the customer's refresh token", [
      `run sql update machineaccountdetails set refreshtoken='<refresh token from step 5>' where pkid='${account!.pkid}'`,
    ])
    const run = getTokenRun(store, cluster.id)
    if (account!.refreshtoken !== newToken || run?.tokenHash !== tokenHash(newToken)) {
      if (
        account!.refreshtoken !== newToken &&
        !(await io.confirm(`This updates machineaccountdetails on ${pub.host} with ${source.name}'s refresh token.`))
      )
        fail('Not updated: you answered no.')
      io.atomic(() => {
        if (account!.refreshtoken !== newToken) writeMachineAccount(store, clock, cluster, {refreshtoken: newToken})
        saveTokenRun(store, {
          clusterId: cluster.id,
          sourceCluster: source.name,
          tokenHash: tokenHash(newToken),
          updatedAt: clock.now(),
          updatedMark: serviceMark(store),
        })
      })
    }
    const mark = getTokenRun(store, cluster.id)!.updatedMark
    const owed = restartsOwed(store, cluster, mark, tokenHash(newToken))
    if (owed.length) {
      const down = owed.filter((o) => o.node.state !== 'up')
      if (down.length)
        fail(
          `Cannot restart ${down.map((o) => `${o.service} on ${o.node.host}`).join(', ')}: the node is ${down[0].node.state}. Bring it up and run the procedure again.`,
        )
      if (
        !(await io.confirm(
          `This restarts ${[...new Set(owed.map((o) => o.service))].join(', ')} where needed (${owed.length} restarts on ${new Set(owed.map((o) => o.node.host)).size} nodes).`,
        ))
      )
        fail('Not restarted: you answered no.')
      io.atomic(() => {
        for (const o of owed) controlService(store, clock, o.node, o.service, 'restart', reactions)
      })
    }
    current!.cli.push(
      ...RESTARTS_CUCM.map((s) => `utils service restart ${s}   (on every Unified CM node)`),
      ...RESTARTS_IMP.map((s) => `utils service restart ${s}   (on every IM and Presence node)`),
    )
    pass(
      `The refresh token was updated on ${pub.host}; Cisco Management Agent Service, Cisco Push Notification Service and Cisco Tomcat restarted on Unified CM nodes, Cisco XCP Config Manager, Cisco XCP Router and Cisco Tomcat on IM and Presence nodes.`,
    )

    step(8, 'Update the refresh token across your cluster', [
      'run sql select refreshtoken from machineaccountdetails   (on every Unified CM and IM and Presence node)',
    ])
    const stale: string[] = []
    for (const n of listNodes(store, cluster.id)) {
      if (readMachineAccount(store, n)?.refreshtoken !== newToken)
        stale.push(`${n.host} (its replica still holds the old token; check \`utils dbreplication runtimestate\`)`)
    }
    if (stale.length)
      fail(`Not every node has the new token: ${stale.join(', ')}. Fix replication, then run the procedure again.`)
    const stillOwed = restartsOwed(store, cluster, mark, tokenHash(newToken))
    if (stillOwed.length)
      fail(`Restarts still pending: ${stillOwed.map((o) => `${o.service} on ${o.node.host}`).join(', ')}.`)
    pass(
      `Every node (${listNodes(store, cluster.id)
        .map((n) => n.host)
        .join(', ')}) holds the new refresh token.`,
    )
    result.ok = true
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error
  }
  return result
}

/**
 * The restarts still owed since the update: each service not restarted since, and each push service that loaded
 * another token than the one its replica now holds (its replica caught up later, e.g. after replication was fixed).
 */
function restartsOwed(
  store: Store,
  cluster: ClusterRow,
  mark: number,
  newHash: string,
): Array<{node: NodeRow; service: string}> {
  const owed: Array<{node: NodeRow; service: string}> = []
  for (const n of listNodes(store, cluster.id)) {
    const held = readMachineAccount(store, n)?.refreshtoken
    const replicaHasNew = held !== undefined && tokenHash(held) === newHash
    for (const s of isImp(n) ? RESTARTS_IMP : RESTARTS_CUCM) {
      if (!getService(store, n.id, s)) continue
      const stale = s === tokenService(n) && replicaHasNew && getNodeToken(store, n.id).loadedHash !== newHash
      if (!startedSince(store, n.id, s, mark) || stale) owed.push({node: n, service: s})
    }
  }
  return owed
}
