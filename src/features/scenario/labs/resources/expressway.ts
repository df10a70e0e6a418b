import {getExpressway} from '../../../guide/onboarding/config-store.js'
import {refreshServers, restartExpressway, setExpressway} from '../../../guide/onboarding/expressway.js'
import {onboardingChecks} from '../../../guide/conditions/checks.js'
import {type ClusterReconciler, step} from './types.js'

const onOff = (b: boolean) => (b ? 'on' : 'off')

/** Expressway-C/E: `expressway set`, then `refresh-servers` and `restart c|e` when the onboarding checks owe them. */
export const expressway: ClusterReconciler = {
  kind: 'expressway',
  commands: ['expressway:set', 'expressway:refresh-servers', 'expressway:restart'],
  units(k, t) {
    const x = t.spec.expressway
    if (!x) return []
    const {store, clock} = k
    return [
      {
        path: [...t.base, 'expressway'],
        resource: `cluster/${t.name}/expressway`,
        apply(steps) {
          const cluster = t.cluster()
          const cl = ['--cluster', t.name]
          const cur = getExpressway(store, cluster.id)
          const settings: Array<['deployed' | 'oauth-refresh' | 'mra', boolean | undefined, boolean]> = [
            ['deployed', x.deployed, cur.deployed],
            ['oauth-refresh', x.oauthRefresh, cur.oauthRefresh],
            ['mra', x.mra, cur.mra],
          ]
          for (const [what, want, have] of settings) {
            if (want === undefined || want === have) continue
            setExpressway(store, clock, cluster, what, want)
            steps.push(step(['expressway', 'set', what, onOff(want), ...cl], `Expressway ${what}: ${onOff(have)} -> ${onOff(want)}`))
          }
          // The task flow's Expressway steps (refresh the Unified CM servers, restart C, restart E), when the checks ask.
          const ids = ['expressway-refresh', 'expressway-restart-c', 'expressway-restart-e']
          const owed = new Set(onboardingChecks(store, clock, cluster, ['ios'], ids).filter((c) => !c.ok).map((c) => c.id))
          if (owed.has('expressway-refresh')) {
            refreshServers(store, clock, cluster)
            steps.push(step(['expressway', 'refresh-servers', ...cl], 'Expressway-C: refresh the Unified CM servers'))
            owed.add('expressway-restart-c')
          }
          for (const which of ['c', 'e'] as const) {
            if (!owed.has(`expressway-restart-${which}`)) continue
            restartExpressway(store, clock, cluster, which)
            steps.push(step(['expressway', 'restart', which, ...cl], `restart Expressway-${which.toUpperCase()}`))
          }
          return false
        },
      },
    ]
  },
  export(store, cluster) {
    const xw = getExpressway(store, cluster.id)
    const touched = xw.changedAt !== null || xw.refreshedAt !== null || xw.cRestartedAt !== null || xw.eRestartedAt !== null
    return touched ? {expressway: {deployed: xw.deployed, oauthRefresh: xw.oauthRefresh, mra: xw.mra}} : {}
  },
}
