import {listNodes} from '../../../world/cluster/store.js'
import {DEFAULT_MIN_PUSH_LEVEL, DEFAULT_PUSH_FREQUENCY, alarmSettings, requirePublisher, setMinPushLevel, setPushFrequency} from '../../../platform/alarms/alarms.js'
import {type ClusterReconciler, step} from './types.js'

/**
 * The alarm settings of the Cisco Management Agent Service (task flow step 8): `utils managementAgent alarms
 * pushfrequency MINUTES` and `minpushlevel LEVEL`, on the Unified CM publisher, for those that differ.
 */
export const alarms: ClusterReconciler = {
  kind: 'alarms',
  commands: ['utils:managementAgent:alarms:pushfrequency', 'utils:managementAgent:alarms:minpushlevel'],
  units(k, t) {
    const want = t.spec.alarms
    if (!want || (want.pushfrequency === undefined && want.minpushlevel === undefined)) return []
    return [
      {
        path: [...t.base, 'alarms'],
        resource: `cluster/${t.name}/alarms`,
        apply(steps) {
          const cluster = t.cluster()
          const cur = alarmSettings(k.store, cluster.id)
          const pub = listNodes(k.store, cluster.id).find((n) => n.role === 'publisher')!
          const base = ['utils', 'managementAgent', 'alarms']
          if (want.pushfrequency !== undefined && want.pushfrequency !== cur.pushFrequencyMinutes) {
            requirePublisher(k.store, pub, 'pushfrequency')
            setPushFrequency(k.store, k.clock, pub, want.pushfrequency)
            steps.push(step([...base, 'pushfrequency', String(want.pushfrequency), '--cluster', t.name], `alarm push frequency: ${cur.pushFrequencyMinutes} -> ${want.pushfrequency} minutes`))
          }
          if (want.minpushlevel !== undefined && want.minpushlevel !== cur.minPushLevel) {
            requirePublisher(k.store, pub, 'minpushlevel')
            setMinPushLevel(k.store, k.clock, pub, want.minpushlevel)
            steps.push(step([...base, 'minpushlevel', want.minpushlevel, '--cluster', t.name], `minimum alarm push level: ${cur.minPushLevel} -> ${want.minpushlevel}`))
          }
          return false
        },
      },
    ]
  },
  export(store, cluster) {
    const s = alarmSettings(store, cluster.id)
    const out = {
      ...(s.pushFrequencyMinutes !== DEFAULT_PUSH_FREQUENCY ? {pushfrequency: s.pushFrequencyMinutes} : {}),
      ...(s.minPushLevel !== DEFAULT_MIN_PUSH_LEVEL ? {minpushlevel: s.minPushLevel} : {}),
    }
    return Object.keys(out).length ? {alarms: out} : {}
  },
}
