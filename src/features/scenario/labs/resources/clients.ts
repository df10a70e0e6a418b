import {UsageError} from '../../../../core/errors.js'
import {findNode, listNodes} from '../../../world/cluster/store.js'
import {isImp} from '../../../world/cluster/topology.js'
import {findClient, findPool, listClients, poolById} from '../../../paths/failover/store.js'
import {addClient, resumeClient, suspendClient} from '../../../paths/calls/clients.js'
import {setUserServiceProfile} from '../../../paths/calls/devices.js'
import {listProfiles, profileByName} from '../../../guide/onboarding/profile-store.js'
import {userProfileName, userProfileNames} from '../../../guide/onboarding/service-profiles.js'
import {type ClusterReconciler, didYouMean, step} from './types.js'

/**
 * Simulated Jabber and Webex App clients: `sim client add`, then `suspend` / `resume` for the mode and `service-profile
 * assign` for the end user's UC Service Profile.
 */
export const clients: ClusterReconciler = {
  kind: 'clients',
  commands: ['sim:client:add', 'sim:client:suspend', 'sim:client:resume', 'service-profile:assign'],
  check(k, c) {
    const base = c.base
    const poolNames = new Set((c.spec.devicePools ?? []).map((p) => p.name.toLowerCase()))
    const users = new Set<string>()
    const profiles = new Set((c.spec.serviceProfiles ?? []).map((p) => p.name.toLowerCase()))
    ;(c.spec.clients ?? []).forEach((cl, i) => {
      if (users.has(cl.user)) k.at([...base, 'clients', i, 'user'], `user ${cl.user} is listed twice.`)
      users.add(cl.user)
      const app = cl.app ?? 'jabber'
      if (cl.node !== undefined) {
        const n = c.hosts.get(cl.node.toLowerCase())
        if (!n) k.at([...base, 'clients', i, 'node'], `cluster ${c.name} has no node ${cl.node}.`)
        else if (!isImp(n)) k.at([...base, 'clients', i, 'node'], `${cl.node} is a Unified CM node; node names the user's IM and Presence node.`)
      } else if (app === 'jabber') k.at([...base, 'clients', i], 'a Jabber client needs its IM and Presence node (node: IMP-HOST).')
      if (app === 'webex' && cl.node !== undefined) k.at([...base, 'clients', i, 'node'], 'Webex App clients have no IM and Presence node.')
      if (cl.devicePool !== undefined && !poolNames.has(cl.devicePool.toLowerCase()) && !(c.existing && findPool(k.store, c.existing.id, cl.devicePool))) {
        k.at([...base, 'clients', i, 'devicePool'], `no device pool ${cl.devicePool} in cluster ${c.name}.`)
      }
      const sp = cl.serviceProfile
      if (sp !== undefined && sp.trim().toLowerCase() !== 'default' && !profiles.has(sp.toLowerCase()) && !(c.existing && profileByName(k.store, c.existing.id, sp)))
        k.at([...base, 'clients', i, 'serviceProfile'], `no service profile ${sp} in cluster ${c.name} (serviceProfiles).${didYouMean(sp, [...(c.spec.serviceProfiles ?? []).map((p) => p.name), ...(c.existing ? listProfiles(k.store, c.existing.id).map((p) => p.name) : [])])}`)
    })
  },
  units(k, t) {
    const {store, clock} = k
    return (t.spec.clients ?? []).map((c, i) => ({
      path: [...t.base, 'clients', i],
      resource: `cluster/${t.name}/client/${c.user}`,
      apply(steps) {
        const cluster = t.cluster()
        const cl = ['--cluster', t.name]
        const existing = findClient(store, cluster.id, c.user)
        if (!existing) {
          addClient(store, clock, cluster, {user: c.user, platform: c.platform, app: c.app, node: c.node, devicePool: c.devicePool, mra: c.mra, suspended: c.suspended})
          const profile = c.serviceProfile !== undefined && c.serviceProfile.trim().toLowerCase() !== 'default' ? setUserServiceProfile(store, clock, cluster, c.user, c.serviceProfile).serviceProfile : undefined
          const flags: string[] = [
            ...(c.platform ? ['--platform', c.platform] : []),
            ...(c.app ? ['--app', c.app] : []),
            ...(c.node ? ['--node', c.node] : []),
            ...(c.devicePool ? ['--device-pool', c.devicePool] : []),
            ...(c.mra ? ['--mra'] : []),
            ...(c.suspended ? ['--suspended'] : []),
            ...(profile ? ['--service-profile', profile] : []),
          ]
          steps.push(step(['sim', 'client', 'add', c.user, ...flags, ...cl], `client ${c.user}`))
          return true
        }
        const differs: string[] = []
        if (c.platform && c.platform !== existing.platform) differs.push(`platform ${existing.platform}`)
        if (c.app && c.app !== existing.app) differs.push(`app ${existing.app}`)
        if (c.mra !== undefined && c.mra !== existing.mra) differs.push(`mra ${existing.mra}`)
        if (c.node !== undefined && (existing.homeNodeId === null || findNode(store, cluster.id, c.node)?.id !== existing.homeNodeId)) differs.push('another IM and Presence node')
        if (c.devicePool !== undefined && (existing.devicePoolId === null || poolById(store, existing.devicePoolId)?.name.toLowerCase() !== c.devicePool.toLowerCase())) differs.push('another device pool')
        if (differs.length) {
          throw new UsageError(`client ${c.user} exists with ${differs.join(', ')}; apply changes only a client's suspended mode and UC Service Profile.`, {fix: 'Give the client another user id, or delete the cluster to start again.'})
        }
        if (c.serviceProfile !== undefined) {
          const before = userProfileName(store, cluster, existing.user)
          const r = setUserServiceProfile(store, clock, cluster, existing.user, c.serviceProfile)
          if (r.changed) steps.push(step(['service-profile', 'assign', existing.user, r.serviceProfile, ...cl], `client ${c.user}: UC Service Profile ${before} -> ${r.serviceProfile}`))
        }
        if (c.suspended !== undefined && c.suspended !== (existing.mode === 'suspended')) {
          ;(c.suspended ? suspendClient : resumeClient)(store, clock, cluster, c.user)
          steps.push(step(['sim', 'client', c.suspended ? 'suspend' : 'resume', c.user, ...cl], `client ${c.user}: ${c.suspended ? 'suspended' : 'foreground'}`))
        }
        return false
      },
    }))
  },
  export(store, cluster) {
    const hosts = new Map(listNodes(store, cluster.id).map((n) => [n.id, n.host]))
    const cs = listClients(store, cluster.id)
    if (!cs.length) return {}
    const profiles = userProfileNames(store, cluster)
    return {
      clients: cs.map((c) => ({
        user: c.user,
        platform: c.platform,
        app: c.app,
        ...(c.homeNodeId !== null ? {node: hosts.get(c.homeNodeId)!} : {}),
        ...(c.devicePoolId !== null ? {devicePool: poolById(store, c.devicePoolId)!.name} : {}),
        mra: c.mra,
        suspended: c.mode === 'suspended',
        ...(profiles.has(c.user.toLowerCase()) ? {serviceProfile: profiles.get(c.user.toLowerCase())!} : {}),
      })),
    }
  },
}
