import type {ClusterRow} from '../cluster/store.js'
import type {Store} from '../../store/store.js'

import {listNodes, reachability} from '../cluster/store.js'
import {getExpressway} from '../onboarding/config-store.js'
import {getOnboarding} from '../onboarding/store.js'
import {nodesWithoutTomcatTrust} from '../onboarding/certificates.js'
import {CLOUD_HOSTS} from './cloud.js'
import {UsageError} from '../../core/errors.js'
import {CMAS, CPNS, STATUS, licensingProblem, pendingRestarts, statusText} from '../onboarding/onboarding.js'
import {getParam} from '../onboarding/parameters.js'
import {atLeast, minimumText, parseRelease, supports} from '../cluster/releases.js'
import {isRunning} from '../services/services.js'
import {isCucm, isImp} from '../cluster/topology.js'

export interface Check {
  id: string
  ok: boolean
  detail: string
  fix: string | null
}

export type Platform = 'ios' | 'android' | 'lpns'
export const PLATFORMS: Platform[] = ['ios', 'android', 'lpns']

export function checkPlatforms(values: string[]): Platform[] {
  for (const v of values) if (!PLATFORMS.includes(v as Platform)) throw new UsageError(`Unknown platform "${v}".`, {fix: `Use ${PLATFORMS.join(', ')}.`})
  return [...new Set(values)] as Platform[]
}

const PLATFORM_FEATURE: Record<Platform, {feature: string; title: string}> = {
  ios: {feature: 'ios', title: 'iOS 13 and above (APNS)'},
  android: {feature: 'android', title: 'Android (FCM)'},
  lpns: {feature: 'lpns', title: 'Local Push (iOS 16.5, Wi-Fi)'},
}

const list = (xs: string[]) => xs.join(', ')

/**
 * Every prerequisite and step of the guide's Push Notifications Configuration Task Flow, each with what was found and
 * how to fix it. The procedure is done when every check passes.
 */
export function onboardingChecks(store: Store, cluster: ClusterRow, platforms: Platform[]): Check[] {
  const checks: Check[] = []
  const add = (id: string, ok: boolean, detail: string, fix: string | null) => checks.push({id, ok, detail, fix: ok ? null : fix})
  const release = parseRelease(cluster.version)
  const nodes = listNodes(store, cluster.id)
  const cucm = nodes.filter(isCucm)
  const imp = nodes.filter(isImp)
  const row = getOnboarding(store, cluster.id)
  const status = statusText(store, cluster)

  // Releases
  const pushRelease = atLeast(release, '11.5(1)SU3')
  add(
    'release',
    pushRelease,
    pushRelease
      ? `${cluster.version} supports Push Notifications for calls and messages (11.5(1)SU3 or later).`
      : `${cluster.version}: Push Notifications for calls need 11.5(1)SU3 or later (the Cisco Push Notification Service and Cisco Management Agent Service arrived with it).`,
    'Upgrade the cluster: `ucadmin cluster upgrade --version 14SU3`.',
  )
  for (const p of platforms) {
    const f = PLATFORM_FEATURE[p]
    const ok = supports(release, f.feature)
    add(`release-${p}`, ok, `${f.title} ${ok ? 'is supported on' : 'needs'} ${ok ? cluster.version : `${minimumText(f.feature)}; this cluster runs ${cluster.version}`}.`, `Upgrade to ${minimumText(f.feature)} or later, or leave ${p} out (--platform).`)
  }

  // Licensing
  const lic = licensingProblem(store, cluster)
  add('licensing', !lic, lic ? lic.problem : `Licensing: ${cluster.licensing === 'plm' ? 'Prime License Manager, licenses synchronized' : 'Smart Licensing'}.`, lic?.fix ?? null)

  // DNS
  const noDns = nodes.filter((n) => !n.dnsConfigured).map((n) => n.host)
  add('dns', noDns.length === 0, noDns.length ? `DNS is not configured on ${list(noDns)}.` : 'DNS is configured on every Unified CM and IM and Presence node.', `Configure DNS on ${list(noDns)} (\`ucadmin sim fault dns-on HOST\`).`)

  // Ports: 443 from every node to every cloud host
  const blocked: string[] = []
  for (const n of nodes) {
    const r = reachability(store, n.id)
    for (const h of CLOUD_HOSTS) if (r.get(h) === false) blocked.push(`${n.host} -> ${h}`)
  }
  add('ports', blocked.length === 0, blocked.length ? `Port 443 is blocked: ${list(blocked)}.` : `Port 443 is open from every node to ${list([...CLOUD_HOSTS])}.`, 'Open port 443 to the Cisco cloud and add the hosts to the SSL decryption exclusion list (`ucadmin sim fault reachable HOST`).')

  // Network services on every CUCM node
  for (const s of [CPNS, CMAS]) {
    const down = cucm.filter((n) => !isRunning(store, n, s)).map((n) => `${n.host}${n.state === 'up' ? '' : ` (node ${n.state})`}`)
    const id = s === CPNS ? 'service-cpns' : 'service-cmas'
    add(id, down.length === 0, down.length ? `${s} is not running on ${list(down)}.` : `${s} runs on every Unified CM node.`, `Start it: \`ucadmin utils service start ${s} --node ${down[0]?.split(' ')[0] ?? 'HOST'}\`.`)
  }

  // IM and Presence messaging prerequisites
  if (imp.length > 0) {
    const off = [
      ['instant-messaging', 'Instant Messaging'],
      ['multiple-device-messaging', 'Multiple Device Messaging'],
      ['stream-management', 'Stream Management'],
    ].filter(([id]) => getParam(store, cluster, id) !== 'Enabled')
    add(
      'imp-messaging',
      off.length === 0,
      off.length ? `IM and Presence messaging prerequisites missing: ${list(off.map((x) => x[1]))}.` : 'Instant Messaging, Multiple Device Messaging and Stream Management are enabled on IM and Presence.',
      `Enable them: ${off.map(([id]) => `\`ucadmin param messaging set ${id} Enabled\``).join(', ')}.`,
    )
    const ha = getParam(store, cluster, 'push-ha') === 'Enabled'
    add('push-ha', ha, ha ? 'Push Notifications High Availability is enabled on the Cisco XCP Router.' : 'Push Notifications High Availability is disabled (task flow step 4).', 'Enable it: `ucadmin param service set "Cisco XCP Router" "Push Notifications High Availability" Enabled`, then restart Cisco XCP Router on every IM and Presence node.')
  }

  // Jabber on iPhone and iPad
  if (platforms.includes('ios')) {
    const voip = getParam(store, cluster, 'enable-voip-socket')
    add('voip-socket', voip === 'false', `EnableVoipSocket is ${voip}${voip === 'false' ? '' : ': Voice Push Notifications to Jabber on iPhone and iPad do not work'}.`, 'Set it to false: `ucadmin param jabber set EnableVoipSocket false`.')
  }

  // Certificates when MRA is configured
  const xw = getExpressway(store, cluster.id)
  if (xw.deployed && xw.mra) {
    const missing = nodesWithoutTomcatTrust(store, cluster)
    add('certificates', missing.length === 0, missing.length ? `MRA is configured but ${list(missing)} ${missing.length === 1 ? 'has' : 'have'} no CA root chain in tomcat-trust.` : 'MRA is configured and every node has the CA root chain in tomcat-trust.', `Upload the CA root certificate chain: \`ucadmin cert upload tomcat-trust ROOT-CA.pem --all-nodes\`.`)
  }

  // Upgrades from 11.5(1)SU2 with push enabled
  if (row.phase === 'completed' && row.subscribedRelease === '11.5(1)SU2' && cluster.version !== '11.5(1)SU2') {
    add('upgrade-11.5(1)SU2', false, `Push Notifications were enabled on 11.5(1)SU2 before the upgrade to ${cluster.version}; the API changed, so troubleshooting logs cannot be sent.`, 'Disable Push Notifications (`ucadmin onboarding disable`) and onboard again.')
  }

  // The procedure itself
  add('voucher', row.voucher !== null, row.voucher ? `Voucher generated (${row.voucher}).` : 'No voucher has been generated (Generate Voucher synchronizes system licensing).', 'Run `ucadmin onboarding voucher`.')
  const completed = status === STATUS.completed
  add('onboarding', completed, `Status: ${status}.`, completed ? null : nextOnboardingStep(status))
  const pending = pendingRestarts(store, cluster)
  add('restarts', pending.length === 0, pending.length ? `Restarts pending: ${list(pending.map((p) => `${p.service} on ${p.node}`))}.` : 'No restarts pending.', pending.length ? `Restart them: ${[...new Set(pending.map((p) => `\`ucadmin utils service restart ${p.service} --node ${p.node}\``))].slice(0, 3).join(', ')}${pending.length > 3 ? ', ...' : ''}.` : null)

  // OAuth Refresh Logins and Expressway
  if (xw.deployed) {
    const cucmOn = getParam(store, cluster, 'oauth-refresh-login-flow') === 'Enabled'
    add(
      'oauth-refresh',
      cucmOn === xw.oauthRefresh,
      `OAuth with Refresh Login Flow is ${cucmOn ? 'Enabled' : 'Disabled'} on Unified CM and "Authorize by OAuth token with refresh" is ${xw.oauthRefresh ? 'On' : 'Off'} on Expressway${cucmOn === xw.oauthRefresh ? '' : ': a configuration mismatch'}.`,
      cucmOn ? 'Turn it on in Expressway: `ucadmin expressway set oauth-refresh on`.' : 'Enable it on Unified CM (recommended): `ucadmin param enterprise set "OAuth with Refresh Login Flow" Enabled`, or turn it off on Expressway: `ucadmin expressway set oauth-refresh off`.',
    )
    if (completed) {
      const since = row.completedAt ?? 0
      const refreshed = xw.refreshedAt !== null && xw.refreshedAt >= since
      add('expressway-refresh', refreshed, refreshed ? 'Expressway-C refreshed the Unified CM servers after onboarding.' : 'Expressway-C has not refreshed the Unified CM servers since onboarding (task flow step 6).', 'Run `ucadmin expressway refresh-servers`.')
      const cOk = refreshed && xw.cRestartedAt !== null && xw.cRestartedAt >= xw.refreshedAt!
      add('expressway-restart-c', cOk, cOk ? 'Expressway-C was restarted after the refresh.' : 'Expressway-C must be restarted after the refresh; until then it does not recognise push on IM and Presence.', refreshed ? 'Run `ucadmin expressway restart c`.' : 'Refresh first (`ucadmin expressway refresh-servers`), then `ucadmin expressway restart c`.')
      if (imp.length > 0) {
        const eOk = xw.eRestartedAt !== null && xw.eRestartedAt >= since
        add('expressway-restart-e', eOk, eOk ? 'Expressway-E was restarted after onboarding.' : 'Expressway-E must be restarted for Push Notifications with instant messages (task flow step 7).', 'Run `ucadmin expressway restart e`.')
      }
    }
  }
  return checks
}

function nextOnboardingStep(status: string): string {
  switch (status) {
    case STATUS.tomcat:
      return 'Restart Cisco Tomcat on every node: `ucadmin utils service restart Cisco Tomcat --all-nodes`, then `ucadmin onboarding save`.'
    case STATUS.pending:
      return 'Save the page again with the boxes still checked: `ucadmin onboarding save --push on --manage-certs on`.'
    default:
      return 'Generate the voucher and enable push: `ucadmin onboarding voucher`, then `ucadmin onboarding save --push on --manage-certs on`.'
  }
}
