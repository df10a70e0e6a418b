import {findNode} from '../../../world/cluster/store.js'
import {atLeast, parseRelease} from '../../../world/cluster/releases.js'
import {getOnboarding} from '../../../guide/onboarding/store.js'
import {TOMCAT, checkProxy, effectivePhase, generateVoucher, pendingRestarts, saveOnboardingPage, type SaveInput} from '../../../guide/onboarding/onboarding.js'
import {syncLicenses} from '../../../guide/onboarding/licensing.js'
import {provisionMachineAccount} from '../../../guide/tokens/tokens.js'
import {controlService} from '../../../platform/services/control.js'
import {type ClusterReconciler, step} from './types.js'

const onOff = (b: boolean) => (b ? 'on' : 'off')

/** The flags of `onboarding save` for these page choices. */
function saveFlags(o: SaveInput): string[] {
  const pairs: Array<[string, string | undefined]> = [
    ['--push', o.push],
    ['--manage-certs', o.manageCerts],
    ['--troubleshooting', o.troubleshooting],
    ['--encrypted-pii', o.encryptedPii],
    ['--proxy', o.proxy],
    ['--proxy-auth', o.proxyAuth],
  ]
  return pairs.flatMap(([flag, v]) => (v ? [flag, v] : []))
}

/**
 * The Cisco Cloud Onboarding task flow, from wherever the page is: `license sync` (PLM before 12.0), `onboarding
 * voucher`, `onboarding save`, the Cisco Tomcat restarts, the save that sends the subscription request; a changed
 * option on an onboarded cluster is one more save; `onboarded: false` is `onboarding disable`.
 */
export const onboarding: ClusterReconciler = {
  kind: 'onboarding',
  commands: ['license:sync', 'onboarding:voucher', 'onboarding:save', 'onboarding:disable', 'utils:service:restart'],
  check(k, c) {
    const ob = c.spec.onboarding
    if (!ob?.onboarded) return
    const base = [...c.base, 'onboarding']
    if (ob.manageCerts === false) k.at([...base, 'manageCerts'], 'onboarding needs "I want Cisco to manage the Cisco Cloud Service CA Certificates" checked (step 9): leave manageCerts true.')
    if (ob.encryptedPii && ob.troubleshooting === false) k.at([...base, 'encryptedPii'], 'sending encrypted PII is part of sending troubleshooting information: set troubleshooting true.')
    if (ob.proxy) k.tryAt([...base, 'proxy', 'url'], () => checkProxy(ob.proxy!.url))
    if (c.release && !atLeast(c.release, '11.5(1)SU2')) k.at(base, `Push Notifications need 11.5(1)SU2 or later; the cluster runs ${c.release.name}.`)
  },
  units(k, t) {
    const ob = t.spec.onboarding
    if (!ob) return []
    const {store, clock} = k
    return [
      {
        path: [...t.base, 'onboarding'],
        resource: `cluster/${t.name}/onboarding`,
        apply(steps) {
          const cluster = t.cluster()
          const cl = ['--cluster', t.name]
          const row = () => getOnboarding(store, cluster.id)
          const phase = () => effectivePhase(store, cluster)
          if (!ob.onboarded) {
            if (phase() === 'disabled') return false
            saveOnboardingPage(store, clock, cluster, {push: 'off', troubleshooting: 'off', encryptedPii: 'off'}, () => {})
            steps.push(step(['onboarding', 'disable', '--yes', ...cl], 'Push Notifications disabled'))
            return false
          }
          const options: SaveInput = {}
          const r0 = row()
          if (ob.troubleshooting !== undefined && ob.troubleshooting !== r0.troubleshooting) options.troubleshooting = onOff(ob.troubleshooting)
          if (ob.encryptedPii !== undefined && ob.encryptedPii !== r0.encryptedPii) options.encryptedPii = onOff(ob.encryptedPii)
          if (ob.encryptedPii && !r0.troubleshooting && ob.troubleshooting === undefined) options.troubleshooting = 'on'
          if (ob.proxy === null) {
            if (r0.proxyUrl !== null) options.proxy = 'off'
          } else if (ob.proxy !== undefined) {
            const url = checkProxy(ob.proxy.url)
            if (url !== r0.proxyUrl || (ob.proxy.auth !== undefined && ob.proxy.auth !== r0.proxyAuth)) {
              options.proxy = url
              if (ob.proxy.auth) options.proxyAuth = ob.proxy.auth
            }
          }
          const save = (o: SaveInput, detail: string) => {
            const r = saveOnboardingPage(store, clock, cluster, o, (p) => provisionMachineAccount(store, clock, cluster, p))
            steps.push(step(['onboarding', 'save', ...saveFlags(o), ...cl], `${detail}: ${r.status}`))
          }
          if (phase() === 'completed') {
            if (Object.keys(options).length) save(options, 'save the Cisco Cloud Onboarding page')
            return false
          }
          if (cluster.licensing === 'plm' && row().licensesSyncedAt === null && !atLeast(parseRelease(cluster.version), '12.0(1)')) {
            syncLicenses(store, clock, cluster)
            steps.push(step(['license', 'sync', ...cl], 'synchronize licenses in Prime License Manager'))
          }
          if (!row().voucher) {
            const v = generateVoucher(store, clock, cluster)
            steps.push(step(['onboarding', 'voucher', ...cl], `voucher ${v.voucher}`))
          }
          if (phase() === 'disabled') save({push: 'on', manageCerts: 'on', ...options}, 'enable Push Notifications')
          else if (Object.keys(options).length || !row().manageCerts) save({manageCerts: 'on', ...options}, 'save the Cisco Cloud Onboarding page')
          const waiting = pendingRestarts(store, cluster).filter((p) => p.service === TOMCAT)
          for (const p of waiting) controlService(store, clock, findNode(store, cluster.id, p.node)!, TOMCAT, 'restart', k.reactions)
          if (waiting.length) steps.push(step(['utils', 'service', 'restart', ...TOMCAT.split(' '), '--all-nodes', ...cl], `restart ${TOMCAT} on ${waiting.map((p) => p.node).join(', ')}`))
          if (phase() === 'pending') save({}, 'save again (the subscription request)')
          return true
        },
      },
    ]
  },
  export(store, cluster) {
    const ob = getOnboarding(store, cluster.id)
    const onboarded = effectivePhase(store, cluster, ob) === 'completed' && ob.push
    if (!onboarded) return {onboarding: {onboarded: false}}
    const proxy = ob.proxyUrl ? {url: ob.proxyUrl, ...(ob.proxyAuth ? {auth: ob.proxyAuth} : {})} : null
    return {onboarding: {onboarded: true, manageCerts: ob.manageCerts, troubleshooting: ob.troubleshooting, encryptedPii: ob.encryptedPii, proxy}}
  },
}
