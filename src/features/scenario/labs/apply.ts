
import type {Store} from '../../../store/store.js'
import type {Clock} from '../../world/clock/clock.js'
import type {Env} from '../../../command/handler.js'
import {type ClusterRow, type NodeRole, findCluster, findNode, listNodes, clusterHoldingHost} from '../../world/cluster/store.js'
import {UcError, UsageError} from '../../../core/errors.js'
import {atLeast, compareReleases, parseRelease} from '../../world/cluster/releases.js'
import {checkClusterName, checkHost, checkLicensing, defaultLicensing, isCucm, isImp, useCluster, currentClusterId} from '../../world/cluster/topology.js'
import {addNode, createCluster} from '../../guide/install/install.js'
import {clusterSeed, parseSeed, seedFor} from '../../world/cluster/seed.js'
import {checkValue, getParam, paramCatalogue, setParam} from '../../guide/onboarding/parameters.js'
import {getOnboarding} from '../../guide/onboarding/store.js'
import {CPNS, TOMCAT, effectivePhase, generateVoucher, onboardingAfterUpgrade, pendingRestarts, saveOnboardingPage, type SaveInput} from '../../guide/onboarding/onboarding.js'
import {upgradeCluster} from '../upgrade/upgrade.js'
import {setLicensingMode, syncLicenses} from '../../guide/onboarding/licensing.js'
import {uploadCertificate} from '../../guide/onboarding/certificates.js'
import {certificates} from '../../guide/onboarding/config-store.js'
import {getExpressway} from '../../guide/onboarding/config-store.js'
import {refreshServers, restartExpressway, setExpressway} from '../../guide/onboarding/expressway.js'
import {provisionMachineAccount} from '../../guide/tokens/tokens.js'
import {type ServiceReactions, controlService} from '../../platform/services/control.js'
import {onboardingChecks} from '../../guide/conditions/checks.js'
import {findGroup, findPool, findClient, poolById} from '../../paths/failover/store.js'
import {setDevicePool, setGroup} from '../../paths/calls/cucm-groups.js'
import {addClient, resumeClient, suspendClient} from '../../paths/calls/clients.js'
import {accountTarget, addAccount, changePassword, checkAccountName, checkPassword, hashPassword, parseAuthorizedKeys, passwordFromStdin, verifyPassword} from '../../platform/accounts/accounts.js'
import {findAccount, setAccountTarget} from '../../platform/accounts/store.js'
import {type AccountSpec, type ClusterSpec, type LabFile, LabProblems, type Problem, labPath, pathText} from './labfile.js'
import {readFileLimited} from '../../../core/read.js'

/*
 * `ucadmin apply -f FILE`: brings the state to what the lab file describes, through the same domain functions the
 * commands call (voucher, saves, restarts, parameters...), so traces, restart history and alarms are those of a
 * by-hand set-up. Only what differs is done: applying the same file again changes nothing. A dry run does the same
 * work inside a savepoint and rolls it back, so the plan is exactly what apply would do.
 */

export interface Step {
  /** The command a person would type for this step. */
  command: string
  detail: string
}

export interface ResourceResult {
  resource: string
  status: 'created' | 'configured' | 'unchanged'
  steps: Step[]
}

export interface ApplyResult {
  file: string
  dryRun: boolean
  changed: number
  unchanged: number
  resources: ResourceResult[]
}

interface Deps {
  store: Store
  clock: Clock
  env: Env
  /** The reactions to service changes (applying restarts services, upgrades and reboots nodes). */
  reactions: ServiceReactions
  /** `apply --seed N`: the seed of clusters the file creates without a `seed:` of their own (else UCADMIN_SEED). */
  seed?: string
}

const ROLE_ORDER: NodeRole[] = ['publisher', 'subscriber', 'imp-publisher', 'imp-subscriber']

/** Checks everything that can be checked before changing anything; throws LabProblems listing every problem. */
export function checkLab(d: Deps, lab: LabFile): void {
  const problems: Problem[] = [...lab.problems]
  const schemaPaths = new Set(lab.problems.map((p) => p.path))
  const at = (path: Array<string | number>, message: string) => {
    // One problem per place: a value the schema already refused is not reported twice.
    if (!schemaPaths.has(pathText(path))) problems.push({path: pathText(path), line: lab.lineOf(path), message})
  }
  const tryAt = (path: Array<string | number>, f: () => void) => {
    try {
      f()
    } catch (error) {
      if (error instanceof UcError) at(path, `${error.message}${error.fix ? ` ${error.fix}` : ''}`)
      else throw error
    }
  }
  const seenHosts = new Map<string, string>()
  const doc = lab.doc
  // With schema problems, the document may have other shapes than its types say: check what can be checked.
  const robust = (f: () => void) => {
    try {
      f()
    } catch (error) {
      if (!(error instanceof TypeError) || lab.problems.length === 0) throw error
    }
  }
  for (const [name, c] of Object.entries(isMap(doc.clusters) ? doc.clusters : {})) robust(() => checkClusterSpec(name, c))
  robust(() => checkRest())
  if (problems.length) throw new LabProblems(lab.source, problems)

  function checkClusterSpec(name: string, c: ClusterSpec): void {
    if (!isMap(c)) return
    const base = ['clusters', name]
    tryAt(base, () => checkClusterName(name))
    let release: ReturnType<typeof parseRelease> | undefined
    if (typeof c.version === 'string') tryAt([...base, 'version'], () => (release = parseRelease(c.version)))
    c.nodes = Array.isArray(c.nodes) ? c.nodes.filter((n) => isMap(n) && typeof n.host === 'string') : []
    if (release) tryAt([...base, 'licensing'], () => checkLicensing(release!, c.licensing ?? defaultLicensing(release!)))
    const roles = c.nodes.map((n) => n.role)
    if (roles.filter((r) => r === 'publisher').length !== 1) at([...base, 'nodes'], 'a cluster has exactly one node with role publisher.')
    if (roles.filter((r) => r === 'imp-publisher').length > 1) at([...base, 'nodes'], 'a cluster has at most one imp-publisher.')
    if (roles.includes('imp-subscriber') && !roles.includes('imp-publisher')) at([...base, 'nodes'], 'IM and Presence subscribers need an imp-publisher.')
    c.nodes.forEach((n, i) => {
      tryAt([...base, 'nodes', i, 'host'], () => checkHost(n.host))
      const k = n.host.toLowerCase()
      const prev = seenHosts.get(k)
      if (prev !== undefined) at([...base, 'nodes', i, 'host'], `host ${n.host} is named twice (also in ${prev}); host names are unique across clusters.`)
      else seenHosts.set(k, `cluster ${name}`)
      const held = clusterHoldingHost(d.store, n.host)
      if (held && held.cluster !== name) at([...base, 'nodes', i, 'host'], `host ${n.host} is already a node of cluster ${held.cluster}; host names are unique across clusters.`)
    })
    const existing = findCluster(d.store, name)
    if (existing) {
      const want = new Map(c.nodes.map((n) => [n.host.toLowerCase(), n.role]))
      for (const n of listNodes(d.store, existing.id)) {
        const role = want.get(n.host.toLowerCase())
        if (role === undefined) at([...base, 'nodes'], `cluster ${name} has node ${n.host}, which the file does not list; apply does not remove nodes (delete the cluster to start again, or list the node).`)
        else if (role !== n.role) at([...base, 'nodes'], `node ${n.host} of cluster ${name} is a ${n.role}, not a ${role}; a node's role cannot change.`)
      }
      if (release && compareReleases(release, parseRelease(existing.version)) < 0) {
        at([...base, 'version'], `cluster ${name} runs ${existing.version}; apply upgrades but never downgrades.`)
      }
      if (c.seed !== undefined && clusterSeed(d.store, existing.id) !== String(c.seed)) {
        at([...base, 'seed'], `cluster ${name} was created ${clusterSeed(d.store, existing.id) === undefined ? 'without a seed' : `with seed ${clusterSeed(d.store, existing.id)}`}; a seed applies when a cluster is created.`)
      }
    } else if (c.seed !== undefined) tryAt([...base, 'seed'], () => parseSeed(c.seed))
    for (const [id, value] of Object.entries(c.parameters ?? {})) {
      const p = paramCatalogue().find((x) => x.id === id)
      if (p) tryAt([...base, 'parameters', id], () => checkValue(p, String(value)))
    }
    const ob = c.onboarding
    if (ob?.onboarded) {
      if (ob.manageCerts === false) at([...base, 'onboarding', 'manageCerts'], 'onboarding needs "I want Cisco to manage the Cisco Cloud Service CA Certificates" checked (step 9): leave manageCerts true.')
      if (ob.encryptedPii && ob.troubleshooting === false) at([...base, 'onboarding', 'encryptedPii'], 'sending encrypted PII is part of sending troubleshooting information: set troubleshooting true.')
      if (ob.proxy) tryAt([...base, 'onboarding', 'proxy', 'url'], () => normProxy(ob.proxy!.url))
      if (release && !atLeast(release, '11.5(1)SU2')) at([...base, 'onboarding'], `Push Notifications need 11.5(1)SU2 or later; the cluster runs ${release.name}.`)
    }
    const hosts = new Map(c.nodes.map((n) => [n.host.toLowerCase(), n]))
    const groupNames = new Set((c.groups ?? []).map((g) => g.name.toLowerCase()))
    ;(c.groups ?? []).forEach((g, i) =>
      g.nodes.forEach((h, j) => {
        const n = hosts.get(h.toLowerCase())
        if (!n) at([...base, 'groups', i, 'nodes', j], `cluster ${name} has no node ${h}.`)
        else if (!isCucm(n)) at([...base, 'groups', i, 'nodes', j], `${h} is an IM and Presence node; a Unified CM group lists Unified CM nodes.`)
      }),
    )
    const poolNames = new Set((c.devicePools ?? []).map((p) => p.name.toLowerCase()))
    ;(c.devicePools ?? []).forEach((p, i) => {
      if (!groupNames.has(p.group.toLowerCase()) && !(existing && findGroup(d.store, existing.id, p.group))) at([...base, 'devicePools', i, 'group'], `no Unified CM group ${p.group} in cluster ${name}.`)
    })
    const users = new Set<string>()
    ;(c.clients ?? []).forEach((cl, i) => {
      if (users.has(cl.user)) at([...base, 'clients', i, 'user'], `user ${cl.user} is listed twice.`)
      users.add(cl.user)
      const app = cl.app ?? 'jabber'
      if (cl.node !== undefined) {
        const n = hosts.get(cl.node.toLowerCase())
        if (!n) at([...base, 'clients', i, 'node'], `cluster ${name} has no node ${cl.node}.`)
        else if (!isImp(n)) at([...base, 'clients', i, 'node'], `${cl.node} is a Unified CM node; node names the user's IM and Presence node.`)
      } else if (app === 'jabber') at([...base, 'clients', i], 'a Jabber client needs its IM and Presence node (node: IMP-HOST).')
      if (app === 'webex' && cl.node !== undefined) at([...base, 'clients', i, 'node'], 'Webex App clients have no IM and Presence node.')
      if (cl.devicePool !== undefined && !poolNames.has(cl.devicePool.toLowerCase()) && !(existing && findPool(d.store, existing.id, cl.devicePool))) {
        at([...base, 'clients', i, 'devicePool'], `no device pool ${cl.devicePool} in cluster ${name}.`)
      }
    })
  }

  function checkRest(): void {
  ;(Array.isArray(doc.accounts) ? doc.accounts : []).forEach((a, i) => {
    const base = ['accounts', i]
    tryAt([...base, 'name'], () => checkAccountName(a.name))
    if (a.passwordFile === undefined && a.passwordEnv === undefined && a.authorizedKeysFile === undefined && !findAccount(d.store, a.name)) {
      at(base, 'a new account needs passwordFile, passwordEnv or authorizedKeysFile.')
    }
    tryAt([...base, a.passwordFile !== undefined ? 'passwordFile' : 'passwordEnv'], () => readPassword(d.env, lab, a))
    if (a.authorizedKeysFile !== undefined) tryAt([...base, 'authorizedKeysFile'], () => readKeys(lab, a.authorizedKeysFile!))
    if (a.cluster !== undefined && !doc.clusters[a.cluster] && !findCluster(d.store, a.cluster)) at([...base, 'cluster'], `no cluster ${a.cluster} in the file or the state.`)
    if (a.node !== undefined) {
      const inFile = Object.entries(doc.clusters).find(([n, c]) => (a.cluster === undefined || a.cluster === n) && c.nodes.some((x) => x.host.toLowerCase() === a.node!.toLowerCase()))
      if (!inFile && !clusterHoldingHost(d.store, a.node)) at([...base, 'node'], `no node ${a.node} in the file or the state.`)
    }
  })
  if (typeof doc.current === 'string' && !doc.clusters?.[doc.current] && !findCluster(d.store, doc.current)) at(['current'], `no cluster ${doc.current} in the file or the state.`)
  }
}

const isMap = (v: unknown): v is Record<string, any> => typeof v === 'object' && v !== null && !Array.isArray(v)

function normProxy(url: string): string {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    throw new UsageError(`"${url}" is not a proxy URL.`, {fix: 'Use http://HOST:PORT or https://HOST:PORT.'})
  }
  if ((u.protocol !== 'http:' && u.protocol !== 'https:') || !u.hostname || u.pathname.length > 1 || u.username) {
    throw new UsageError(`"${url}" is not a proxy URL.`, {fix: 'Use http://HOST:PORT or https://HOST:PORT, without a path or credentials.'})
  }
  return `${u.protocol}//${u.host}`
}

function readPassword(env: Env, lab: LabFile, a: AccountSpec): string | undefined {
  if (a.passwordEnv !== undefined) {
    const v = env[a.passwordEnv]
    if (v === undefined) throw new UsageError(`the environment variable ${a.passwordEnv} is not set.`, {fix: `Export it: export ${a.passwordEnv}=...`})
    return checkPassword(v)
  }
  if (a.passwordFile !== undefined) {
    let text: string
    try {
      text = readFileLimited(labPath(lab, a.passwordFile), 4096, `the password file ${a.passwordFile}`)
    } catch (error) {
      if (error instanceof UsageError) throw error
      throw new UsageError(`cannot read the password file ${a.passwordFile} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`)
    }
    return checkPassword(passwordFromStdin(text))
  }
  return undefined
}

function readKeys(lab: LabFile, file: string) {
  let text: string
  try {
    text = readFileLimited(labPath(lab, file), 1024 * 1024, `the public key file ${file}`)
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`cannot read the public key file ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`)
  }
  return parseAuthorizedKeys(text, file)
}

const q = (s: string) => (/^[A-Za-z0-9_.:/@,=-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`)
const onOff = (b: boolean) => (b ? 'on' : 'off')

/** Applies the lab (already checked with checkLab). With dryRun, does the same work and rolls it back. */
export async function applyLab(d: Deps, lab: LabFile, dryRun: boolean): Promise<ApplyResult> {
  seedFor(d.seed, d.env)
  checkLab(d, lab)
  const passwords = new Map<string, string | undefined>()
  for (const a of lab.doc.accounts ?? []) passwords.set(a.name, readPassword(d.env, lab, a))
  // Hashing is slow: done once, before the work, and only for accounts whose password is not already right.
  const hashes = new Map<string, string>()
  for (const a of lab.doc.accounts ?? []) {
    const pw = passwords.get(a.name)
    if (pw === undefined) continue
    const existing = findAccount(d.store, a.name)
    if (existing?.passwordHash && (await verifyPassword(pw, existing.passwordHash))) continue
    hashes.set(a.name, await hashPassword(pw))
  }
  const resources: ResourceResult[] = []
  const run = () => {
    for (const [name, spec] of Object.entries(lab.doc.clusters)) applyCluster(d, lab, name, spec, resources)
    ;(lab.doc.accounts ?? []).forEach((a, i) => resources.push(guard(lab, ['accounts', i], `account/${a.name}`, (steps) => applyAccount(d, lab, a, hashes.get(a.name), steps))))
    if (lab.doc.current !== undefined) {
      resources.push(
        guard(lab, ['current'], 'current', (steps) => {
          const c = findCluster(d.store, lab.doc.current!)!
          if (currentClusterId(d.store) !== c.id) {
            useCluster(d.store, c.name)
            steps.push({command: `ucadmin cluster use ${q(c.name)}`, detail: `current cluster: ${c.name}`})
          }
          return false
        }),
      )
    }
  }
  if (dryRun) {
    d.store.db.exec('SAVEPOINT lab_dry_run')
    try {
      run()
    } finally {
      d.store.db.exec('ROLLBACK TO lab_dry_run')
      d.store.db.exec('RELEASE lab_dry_run')
    }
  } else run()
  const shown = resources.filter((r) => r.status !== 'unchanged' || !r.resource.endsWith('/restarts'))
  const changed = shown.filter((r) => r.status !== 'unchanged').length
  return {file: lab.source, dryRun, changed, unchanged: shown.length - changed, resources: shown}
}

/** Runs one resource's steps; an error names the resource's path and line in the file. */
function guard(lab: LabFile, path: Array<string | number>, resource: string, f: (steps: Step[]) => boolean): ResourceResult {
  const steps: Step[] = []
  let created: boolean
  try {
    created = f(steps)
  } catch (error) {
    if (error instanceof UcError) {
      const line = lab.lineOf(path)
      const where = `${lab.source}${line === null ? '' : `:${line}`}: ${pathText(path)}`
      const E = error.constructor as new (m: string, o: object) => UcError
      throw Object.assign(new E(`${where}: ${error.message}`, {fix: error.fix, code: error.code, details: error.details}), {exitCode: error.exitCode})
    }
    throw error
  }
  return {resource, status: steps.length === 0 ? 'unchanged' : created ? 'created' : 'configured', steps}
}

function applyCluster(d: Deps, lab: LabFile, name: string, spec: ClusterSpec, out: ResourceResult[]): void {
  const {store, clock} = d
  const base = ['clusters', name]
  let cluster!: ClusterRow
  out.push(
    guard(lab, base, `cluster/${name}`, (steps) => {
      const found = findCluster(store, name)
      const release = parseRelease(spec.version)
      if (!found) {
        const by = (r: NodeRole) => spec.nodes.filter((n) => n.role === r).map((n) => n.host)
        const input = {
          name,
          version: release.name,
          publisher: by('publisher')[0],
          subscribers: by('subscriber'),
          impPublisher: by('imp-publisher')[0],
          impSubscribers: by('imp-subscriber'),
          licensing: spec.licensing,
          seed: spec.seed !== undefined ? String(spec.seed) : seedFor(d.seed, d.env),
        }
        cluster = createCluster(store, clock, input)
        const flags = [
          `--version ${q(input.version)}`,
          `--publisher ${input.publisher}`,
          ...input.subscribers.map((h) => `--subscriber ${h}`),
          ...(input.impPublisher ? [`--imp-publisher ${input.impPublisher}`] : []),
          ...input.impSubscribers.map((h) => `--imp-subscriber ${h}`),
          ...(spec.licensing ? [`--licensing ${spec.licensing}`] : []),
          ...(input.seed !== undefined ? [`--seed ${input.seed}`] : []),
        ]
        steps.push({command: `ucadmin cluster create ${q(name)} ${flags.join(' ')}`, detail: `create cluster ${name}: ${release.name}, ${spec.nodes.length} node(s), licensing ${cluster.licensing}`})
        return true
      }
      cluster = found
      if (release.name !== cluster.version) {
        upgrade(d, cluster, release.name, steps, cluster.version)
        cluster = findCluster(store, name)!
      }
      if (spec.licensing && spec.licensing !== cluster.licensing) {
        setLicensingMode(store, cluster, spec.licensing)
        steps.push({command: `ucadmin license mode ${spec.licensing} --cluster ${q(name)}`, detail: `licensing: ${cluster.licensing} -> ${spec.licensing}`})
      }
      const nodes = [...spec.nodes].sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role))
      for (const n of nodes) {
        if (findNode(store, cluster.id, n.host)) continue
        addNode(store, clock, cluster, n.host, n.role)
        steps.push({command: `ucadmin cluster add-node ${n.host} --role ${n.role} --cluster ${q(name)}`, detail: `add node ${n.host} (${n.role})`})
      }
      return false
    }),
  )
  cluster = findCluster(store, name)!
  const cl = `--cluster ${q(name)}`
  const nodes = () => listNodes(store, cluster.id)

  if (spec.certificates?.length) {
    out.push(
      guard(lab, [...base, 'certificates'], `cluster/${name}/certificates`, (steps) => {
        for (const cert of spec.certificates!) {
          const trust = cert.store ?? 'tomcat-trust'
          const missing = nodes().filter((n) => !certificates(store, n.id).some((c) => c.store === trust && c.name === cert.name))
          if (missing.length === 0) continue
          uploadCertificate(store, clock, missing, trust, cert.name)
          steps.push({command: `ucadmin cert upload ${trust} ${q(cert.name)} --all-nodes ${cl}`, detail: `upload ${cert.name} to ${trust} on ${missing.map((n) => n.host).join(', ')}`})
        }
        return false
      }),
    )
  }

  if (spec.parameters && Object.keys(spec.parameters).length) {
    out.push(
      guard(lab, [...base, 'parameters'], `cluster/${name}/parameters`, (steps) => {
        for (const [id, raw] of Object.entries(spec.parameters!)) {
          const p = paramCatalogue().find((x) => x.id === id)!
          const value = checkValue(p, String(raw))
          const before = getParam(store, cluster, id)
          if (before === value) continue
          setParam(store, clock, cluster, p, value)
          const cmd = p.scope === 'service' ? `ucadmin param service set ${q(p.service!)} ${q(p.name)} ${q(value)}` : `ucadmin param ${p.scope} set ${q(p.name)} ${q(value)}`
          steps.push({command: `${cmd} ${cl}`, detail: `${p.name}: ${before} -> ${value}`})
        }
        return false
      }),
    )
  }

  if (spec.onboarding) {
    out.push(guard(lab, [...base, 'onboarding'], `cluster/${name}/onboarding`, (steps) => applyOnboarding(d, cluster, spec, steps)))
  }

  if (spec.expressway) {
    out.push(guard(lab, [...base, 'expressway'], `cluster/${name}/expressway`, (steps) => applyExpressway(d, cluster, spec, steps)))
  }

  if (spec.onboarding || spec.parameters) {
    out.push(
      guard(lab, base, `cluster/${name}/restarts`, (steps) => {
        restartPending(d, cluster, steps)
        return false
      }),
    )
  }

  ;(spec.groups ?? []).forEach((g, i) =>
    out.push(
      guard(lab, [...base, 'groups', i], `cluster/${name}/group/${g.name}`, (steps) => {
        const existing = findGroup(store, cluster.id, g.name)
        const want = g.nodes.map((h) => findNode(store, cluster.id, h)?.id)
        if (existing && existing.nodeIds.join(',') === want.join(',')) return false
        setGroup(store, cluster, g.name, g.nodes.join(','))
        steps.push({command: `ucadmin cluster group set ${q(g.name)} --nodes ${g.nodes.join(',')} ${cl}`, detail: `Unified CM group ${g.name}: ${g.nodes.join(', ')}`})
        return !existing
      }),
    ),
  )
  ;(spec.devicePools ?? []).forEach((p, i) =>
    out.push(
      guard(lab, [...base, 'devicePools', i], `cluster/${name}/device-pool/${p.name}`, (steps) => {
        const existing = findPool(store, cluster.id, p.name)
        const group = findGroup(store, cluster.id, p.group)
        if (existing && group && existing.groupId === group.id) return false
        setDevicePool(store, cluster, p.name, p.group)
        steps.push({command: `ucadmin cluster device-pool set ${q(p.name)} --group ${q(p.group)} ${cl}`, detail: `device pool ${p.name}: group ${p.group}`})
        return !existing
      }),
    ),
  )
  ;(spec.clients ?? []).forEach((c, i) =>
    out.push(
      guard(lab, [...base, 'clients', i], `cluster/${name}/client/${c.user}`, (steps) => {
        const existing = findClient(store, cluster.id, c.user)
        if (!existing) {
          addClient(store, clock, cluster, {user: c.user, platform: c.platform, app: c.app, node: c.node, devicePool: c.devicePool, mra: c.mra, suspended: c.suspended})
          const flags = [
            c.platform ? `--platform ${c.platform}` : '',
            c.app ? `--app ${c.app}` : '',
            c.node ? `--node ${c.node}` : '',
            c.devicePool ? `--device-pool ${q(c.devicePool)}` : '',
            c.mra ? '--mra' : '',
            c.suspended ? '--suspended' : '',
          ].filter(Boolean)
          steps.push({command: `ucadmin sim client add ${q(c.user)} ${flags.join(' ')} ${cl}`.replace(/ +/g, ' '), detail: `client ${c.user}`})
          return true
        }
        const differs: string[] = []
        if (c.platform && c.platform !== existing.platform) differs.push(`platform ${existing.platform}`)
        if (c.app && c.app !== existing.app) differs.push(`app ${existing.app}`)
        if (c.mra !== undefined && c.mra !== existing.mra) differs.push(`mra ${existing.mra}`)
        if (c.node !== undefined && (existing.homeNodeId === null || findNode(store, cluster.id, c.node)?.id !== existing.homeNodeId)) differs.push('another IM and Presence node')
        if (c.devicePool !== undefined && (existing.devicePoolId === null || poolById(store, existing.devicePoolId)?.name.toLowerCase() !== c.devicePool.toLowerCase())) differs.push('another device pool')
        if (differs.length) {
          throw new UsageError(`client ${c.user} exists with ${differs.join(', ')}; apply changes only a client's suspended mode.`, {fix: 'Give the client another user id, or delete the cluster to start again.'})
        }
        if (c.suspended !== undefined && c.suspended !== (existing.mode === 'suspended')) {
          ;(c.suspended ? suspendClient : resumeClient)(store, clock, cluster, c.user)
          steps.push({command: `ucadmin sim client ${c.suspended ? 'suspend' : 'resume'} ${q(c.user)} ${cl}`, detail: `client ${c.user}: ${c.suspended ? 'suspended' : 'foreground'}`})
        }
        return false
      }),
    ),
  )
}

function upgrade(d: Deps, cluster: ClusterRow, to: string, steps: Step[], from: string): boolean {
  const r = upgradeCluster(d.store, d.clock, cluster, to, (f, t) => onboardingAfterUpgrade(d.store, cluster, f.name, t.name), d.reactions)
  steps.push({command: `ucadmin cluster upgrade --version ${q(to)} --cluster ${q(cluster.name)}`, detail: `upgrade ${from} -> ${r.to}${r.notes.length ? ` (${r.notes.join(' ')})` : ''}`})
  return false
}

/** The Cisco Cloud Onboarding task flow, from wherever the page is, to the state the file asks for. */
function applyOnboarding(d: Deps, cluster: ClusterRow, spec: ClusterSpec, steps: Step[]): boolean {
  const {store, clock} = d
  const ob = spec.onboarding!
  const cl = `--cluster ${q(cluster.name)}`
  const provision = (row: Parameters<typeof provisionMachineAccount>[3]) => provisionMachineAccount(store, clock, cluster, row)
  const row = () => getOnboarding(store, cluster.id)
  const phase = () => effectivePhase(store, cluster)
  if (!ob.onboarded) {
    if (phase() === 'disabled') return false
    saveOnboardingPage(store, clock, cluster, {push: 'off', troubleshooting: 'off', encryptedPii: 'off'}, () => {})
    steps.push({command: `ucadmin onboarding disable ${cl}`, detail: 'Push Notifications disabled'})
    return false
  }
  const options: SaveInput = {}
  const r0 = row()
  if (ob.troubleshooting !== undefined && ob.troubleshooting !== r0.troubleshooting) options.troubleshooting = onOff(ob.troubleshooting)
  if (ob.encryptedPii !== undefined && ob.encryptedPii !== r0.encryptedPii) options.encryptedPii = onOff(ob.encryptedPii)
  if (ob.encryptedPii && !r0.troubleshooting && ob.troubleshooting === undefined) options.troubleshooting = 'on'
  if (ob.proxy !== undefined) {
    if (ob.proxy === null) {
      if (r0.proxyUrl !== null) options.proxy = 'off'
    } else {
      const url = normProxy(ob.proxy.url)
      if (url !== r0.proxyUrl || (ob.proxy.auth !== undefined && ob.proxy.auth !== r0.proxyAuth)) {
        options.proxy = url
        if (ob.proxy.auth) options.proxyAuth = ob.proxy.auth
      }
    }
  }
  const flagText = (o: SaveInput) =>
    [
      o.push ? `--push ${o.push}` : '',
      o.manageCerts ? `--manage-certs ${o.manageCerts}` : '',
      o.troubleshooting ? `--troubleshooting ${o.troubleshooting}` : '',
      o.encryptedPii ? `--encrypted-pii ${o.encryptedPii}` : '',
      o.proxy ? `--proxy ${o.proxy}` : '',
      o.proxyAuth ? `--proxy-auth ${o.proxyAuth}` : '',
    ]
      .filter(Boolean)
      .join(' ')
  const save = (o: SaveInput, detail: string) => {
    const r = saveOnboardingPage(store, clock, cluster, o, provision)
    steps.push({command: `ucadmin onboarding save ${flagText(o)} ${cl}`.replace(/ +/g, ' '), detail: `${detail}: ${r.status}`})
  }
  const restartTomcat = () => {
    const waiting = pendingRestarts(store, cluster).filter((p) => p.service === TOMCAT)
    for (const p of waiting) controlService(store, clock, findNode(store, cluster.id, p.node)!, TOMCAT, 'restart', d.reactions)
    if (waiting.length) steps.push({command: `ucadmin utils service restart ${TOMCAT} --all-nodes ${cl}`, detail: `restart ${TOMCAT} on ${waiting.map((p) => p.node).join(', ')}`})
  }
  if (phase() === 'completed') {
    if (Object.keys(options).length) save(options, 'save the Cisco Cloud Onboarding page')
    return false
  }
  const r = row()
  if (cluster.licensing === 'plm' && r.licensesSyncedAt === null && !atLeast(parseRelease(cluster.version), '12.0(1)')) {
    syncLicenses(store, clock, cluster)
    steps.push({command: `ucadmin license sync ${cl}`, detail: 'synchronize licenses in Prime License Manager'})
  }
  if (!row().voucher) {
    const v = generateVoucher(store, clock, cluster)
    steps.push({command: `ucadmin onboarding voucher ${cl}`, detail: `voucher ${v.voucher}`})
  }
  if (phase() === 'disabled') save({push: 'on', manageCerts: 'on', ...options}, 'enable Push Notifications')
  else if (Object.keys(options).length || !row().manageCerts) save({manageCerts: 'on', ...options}, 'save the Cisco Cloud Onboarding page')
  restartTomcat()
  if (phase() === 'pending') save({}, 'save again (the subscription request)')
  return true
}

function applyExpressway(d: Deps, cluster: ClusterRow, spec: ClusterSpec, steps: Step[]): boolean {
  const {store, clock} = d
  const x = spec.expressway!
  const cl = `--cluster ${q(cluster.name)}`
  const cur = getExpressway(store, cluster.id)
  const settings: Array<['deployed' | 'oauth-refresh' | 'mra', boolean | undefined, boolean]> = [
    ['deployed', x.deployed, cur.deployed],
    ['oauth-refresh', x.oauthRefresh, cur.oauthRefresh],
    ['mra', x.mra, cur.mra],
  ]
  for (const [what, want, have] of settings) {
    if (want === undefined || want === have) continue
    setExpressway(store, clock, cluster, what, want)
    steps.push({command: `ucadmin expressway set ${what} ${onOff(want)} ${cl}`, detail: `Expressway ${what}: ${onOff(have)} -> ${onOff(want)}`})
  }
  // The task flow's Expressway steps (refresh the Unified CM servers, restart C, restart E), when the checks ask.
  const owed = new Set(onboardingChecks(store, clock, cluster, ['ios'], ['expressway-refresh', 'expressway-restart-c', 'expressway-restart-e']).filter((c) => !c.ok).map((c) => c.id))
  if (owed.has('expressway-refresh')) {
    refreshServers(store, clock, cluster)
    steps.push({command: `ucadmin expressway refresh-servers ${cl}`, detail: 'Expressway-C: refresh the Unified CM servers'})
    owed.add('expressway-restart-c')
  }
  if (owed.has('expressway-restart-c')) {
    restartExpressway(store, clock, cluster, 'c')
    steps.push({command: `ucadmin expressway restart c ${cl}`, detail: 'restart Expressway-C'})
  }
  if (owed.has('expressway-restart-e')) {
    restartExpressway(store, clock, cluster, 'e')
    steps.push({command: `ucadmin expressway restart e ${cl}`, detail: 'restart Expressway-E'})
  }
  return false
}

/** Every restart the procedure and the parameters still ask for, one command per service. */
function restartPending(d: Deps, cluster: ClusterRow, steps: Step[]): void {
  const {store, clock} = d
  const pending = pendingRestarts(store, cluster)
  const byService = new Map<string, string[]>()
  for (const p of pending) byService.set(p.service, [...(byService.get(p.service) ?? []), p.node])
  const order = (s: string) => (s === CPNS ? 0 : s === 'Cisco XCP Config Manager' ? 1 : 2)
  for (const [service, hosts] of [...byService].sort((a, b) => order(a[0]) - order(b[0]))) {
    for (const h of hosts) controlService(store, clock, findNode(store, cluster.id, h)!, service, 'restart', d.reactions)
    const all = listNodes(store, cluster.id).filter((n) => hosts.includes(n.host))
    const cmd = hosts.length === 1 ? `ucadmin utils service restart ${service} --node ${hosts[0]}` : `ucadmin utils service restart ${service} --all-nodes`
    steps.push({command: `${cmd} --cluster ${q(cluster.name)}`, detail: `restart ${service} on ${all.map((n) => n.host).join(', ')}`})
  }
}

function applyAccount(d: Deps, lab: LabFile, a: AccountSpec, hash: string | undefined, steps: Step[]): boolean {
  const {store, clock} = d
  const existing = findAccount(store, a.name)
  const keys = a.authorizedKeysFile !== undefined ? readKeys(lab, a.authorizedKeysFile) : []
  const pwFlag = a.passwordEnv !== undefined ? `printf %s "$${a.passwordEnv}" | ` : a.passwordFile !== undefined ? `< ${q(a.passwordFile)} ` : ''
  const target = [a.cluster ? `--cluster ${q(a.cluster)}` : '', a.node ? `--node ${a.node}` : ''].filter(Boolean).join(' ')
  if (!existing) {
    addAccount(store, clock, {name: a.name, passwordHash: hash ?? null, node: a.node, cluster: a.cluster, keys})
    const keyFlag = a.authorizedKeysFile ? ` --authorized-key ${q(a.authorizedKeysFile)}` : ''
    const cmd = a.passwordEnv !== undefined ? `${pwFlag}ucadmin account add ${a.name} --password-stdin` : `ucadmin account add ${a.name}${hash ? ' --password-stdin' : ''}${hash && a.passwordFile ? ` ${pwFlag.trim()}` : ''}`
    steps.push({command: `${cmd}${keyFlag} ${target}`.trim(), detail: `SSH account ${a.name}`})
    return true
  }
  if (hash) {
    changePassword(store, clock, a.name, hash)
    steps.push({command: a.passwordEnv !== undefined ? `${pwFlag}ucadmin account passwd ${a.name} --password-stdin` : `ucadmin account passwd ${a.name} --password-stdin ${pwFlag.trim()}`, detail: `SSH account ${a.name}: new password`})
  }
  if (a.node !== undefined || a.cluster !== undefined) {
    const t = accountTarget(store, a.node, a.cluster)
    if (t.nodeHost !== existing.nodeHost || t.clusterName !== existing.clusterName) {
      setAccountTarget(store, existing.id, t.nodeHost, t.clusterName)
      steps.push({command: `(account target) ${target}`, detail: `SSH account ${a.name}: sessions land on ${t.nodeHost ?? 'the publisher'} of ${t.clusterName ?? 'the default cluster'}`})
    }
  }
  return false
}

