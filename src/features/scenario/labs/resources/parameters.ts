import {checkValue, getParam, paramCatalogue, setParam} from '../../../guide/onboarding/parameters.js'
import {paramValues} from '../../../guide/onboarding/config-store.js'
import type {ClusterSpec} from '../labfile.js'
import {type ClusterReconciler, step} from './types.js'

/** Parameters by id: `param enterprise|service|messaging|jabber set` for those that differ. */
export const parameters: ClusterReconciler = {
  kind: 'parameters',
  commands: ['param:enterprise:set', 'param:service:set', 'param:messaging:set', 'param:jabber:set'],
  check(k, c) {
    for (const [id, value] of Object.entries(c.spec.parameters ?? {})) {
      const p = paramCatalogue().find((x) => x.id === id)
      if (p) k.tryAt([...c.base, 'parameters', id], () => checkValue(p, String(value)))
    }
  },
  units(k, t) {
    const params = t.spec.parameters
    if (!params || Object.keys(params).length === 0) return []
    return [
      {
        path: [...t.base, 'parameters'],
        resource: `cluster/${t.name}/parameters`,
        apply(steps) {
          const cluster = t.cluster()
          for (const [id, raw] of Object.entries(params)) {
            const p = paramCatalogue().find((x) => x.id === id)!
            const value = checkValue(p, String(raw))
            const before = getParam(k.store, cluster, id)
            if (before === value) continue
            setParam(k.store, k.clock, cluster, p, value)
            const argv = p.scope === 'service' ? ['param', 'service', 'set', p.service!, p.name, value] : ['param', p.scope, 'set', p.name, value]
            steps.push(step([...argv, '--cluster', t.name], `${p.name}: ${before} -> ${value}`))
          }
          return false
        },
      },
    ]
  },
  export(store, cluster) {
    const catalogue = paramCatalogue()
    const byId = new Map(catalogue.map((p) => [p.id, p]))
    const order = catalogue.map((p) => p.id)
    const values = paramValues(store, cluster.id)
      .filter((v) => byId.has(v.paramId) && byId.get(v.paramId)!.default !== v.value)
      .sort((a, b) => order.indexOf(a.paramId) - order.indexOf(b.paramId))
    if (!values.length) return {}
    return {parameters: Object.fromEntries(values.map((v) => [v.paramId, byId.get(v.paramId)!.type === 'int' ? Number(v.value) : v.value])) as ClusterSpec['parameters']}
  },
}
