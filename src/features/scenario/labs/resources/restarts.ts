import {findNode, listNodes} from '../../../world/cluster/store.js'
import {CPNS, pendingRestarts} from '../../../guide/onboarding/onboarding.js'
import {controlService} from '../../../platform/services/control.js'
import {type ClusterReconciler, step} from './types.js'

/** Every restart the procedure and the parameters still ask for (onboarding status's pendingRestarts), one command per service. */
export const restarts: ClusterReconciler = {
  kind: 'restarts',
  commands: ['utils:service:restart'],
  units(k, t) {
    if (!t.spec.onboarding && !t.spec.parameters) return []
    return [
      {
        path: t.base,
        resource: `cluster/${t.name}/restarts`,
        hiddenWhenUnchanged: true,
        apply(steps) {
          const cluster = t.cluster()
          const byService = new Map<string, string[]>()
          for (const p of pendingRestarts(k.store, cluster)) byService.set(p.service, [...(byService.get(p.service) ?? []), p.node])
          const order = (s: string) => (s === CPNS ? 0 : s === 'Cisco XCP Config Manager' ? 1 : 2)
          for (const [service, hosts] of [...byService].sort((a, b) => order(a[0]) - order(b[0]))) {
            for (const h of hosts) controlService(k.store, k.clock, findNode(k.store, cluster.id, h)!, service, 'restart', k.reactions)
            const where = hosts.length === 1 ? ['--node', hosts[0]] : ['--all-nodes']
            const all = listNodes(k.store, cluster.id).filter((n) => hosts.includes(n.host))
            steps.push(step(['utils', 'service', 'restart', ...service.split(' '), ...where, '--cluster', t.name], `restart ${service} on ${all.map((n) => n.host).join(', ')}`))
          }
          return false
        },
      },
    ]
  },
}
