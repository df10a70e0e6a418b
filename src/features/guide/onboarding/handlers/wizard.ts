import {hintForm} from '../../../../core/text.js'
import {confirm, select} from '@inquirer/prompts'

import type {Ctx} from '../../../../command/handler.js'
import {onboardingChecks} from '../../conditions/checks.js'
import {UcError} from '../../../../core/errors.js'
import {refreshServers, restartExpressway, setExpressway} from '../expressway.js'
import {syncLicenses} from '../licensing.js'
import {
  CPNS,
  STATUS,
  TOMCAT,
  XCP_CONFIG,
  XCP_ROUTER,
  generateVoucher,
  licensingProblem,
  pendingRestarts,
  saveOnboardingPage,
  statusText,
} from '../onboarding.js'
import {findParam, getParam, setParam} from '../parameters.js'
import {controlService} from '../../../platform/services/control.js'
import {isImp} from '../../../world/cluster/topology.js'
import {provisionMachineAccount} from '../../tokens/tokens.js'
import {getExpressway} from '../config-store.js'
import {type NodeRow, clusterById, listNodes} from '../../../world/cluster/store.js'
import {getOnboarding} from '../store.js'

interface Step {
  step: string
  done: boolean
  detail: string
}

/**
 * The guide's Push Notifications Configuration Task Flow, one step at a time: each step shows what it checks, runs
 * the check, and offers to apply the fix (each fix its own transaction, so nothing is held while you read).
 */
export async function runWizard(ctx: Ctx): Promise<{completed: boolean; steps: Step[]}> {
  const reactions = await ctx.serviceChanges()
  const io = {input: ctx.io.in, output: ctx.io.out}
  // Inside a session (`ucadmin shell`) the session's own prompt asks (`... Continue (y/n)?` on its line editor):
  // a prompt library would take over and end the session's terminal streams.
  const inSession = Boolean(ctx.env.UCADMIN_SESSION)
  const ask = async (message: string): Promise<boolean> => {
    if (ctx.yes) return true
    if (inSession) return ctx.confirm(message.replace(/\?$/, '.'))
    return confirm({message, default: true}, io)
  }
  /** A choice of fixes; --yes takes the first (the recommended one); a session asks yes/no for each in turn. */
  const choose = async <T extends string>(message: string, choices: Array<{name: string; value: T}>): Promise<T> => {
    if (ctx.yes) return choices[0].value
    if (inSession) {
      for (const c of choices.slice(0, -1)) if (await ctx.confirm(`${message} ${c.name}.`)) return c.value
      return choices.at(-1)!.value
    }
    return select({message, choices}, io)
  }
  const o = ctx.out
  const st = ctx.style
  const steps: Step[] = []
  const cluster = () => clusterById(ctx.store, ctx.cluster().id)!
  const atomic = <T>(fn: () => T) => ctx.store.atomic(fn)
  const record = (step: string, done: boolean, detail: string) => {
    steps.push({step, done, detail})
    o.line(`${done ? st.ok('done') : st.warn('open')}  ${detail}`)
  }
  const restartAll = (service: string, pred: (n: NodeRow) => boolean) =>
    atomic(() => {
      for (const n of listNodes(ctx.store, cluster().id).filter((x) => pred(x) && x.state === 'up'))
        controlService(ctx.store, ctx.clock, n, service, 'restart', reactions)
    })
  const hasImp = () => listNodes(ctx.store, cluster().id).some(isImp)

  o.line(st.bold(`Push Notifications Configuration Task Flow for cluster ${cluster().name} (${cluster().version})`))
  const pre = onboardingChecks(ctx.store, ctx.clock, cluster(), ['ios'])
  for (const id of ['release', 'dns', 'ports', 'service-cpns', 'service-cmas']) {
    const c = pre.find((x) => x.id === id)
    if (c && !c.ok) {
      o.line(`${st.bad('FAIL')}  ${c.detail}`)
      if (c.fix) o.line(`      fix: ${hintForm(ctx.env, c.fix)}`)
      return {completed: false, steps: [...steps, {step: 'prerequisites', done: false, detail: c.detail}]}
    }
  }
  record(
    'prerequisites',
    true,
    'Prerequisites: release, DNS, port 443 to the Cisco cloud, Push Notification and Management Agent services.',
  )

  o.line(st.bold('Step 1. Synchronize Licenses / Smart Licensing'))
  let lic = licensingProblem(ctx.store, cluster())
  if (
    lic &&
    cluster().licensing === 'plm' &&
    (await ask(`${lic.problem} Synchronize licenses in Prime License Manager now?`))
  ) {
    atomic(() => syncLicenses(ctx.store, ctx.clock, cluster()))
    lic = licensingProblem(ctx.store, cluster())
  }
  if (lic) {
    record('licensing', false, `${lic.problem} ${lic.fix}`)
    return {completed: false, steps}
  }
  record('licensing', true, 'Licensing is ready.')

  if (hasImp()) {
    o.line(st.bold('IM and Presence messaging prerequisites'))
    const off = ['instant-messaging', 'multiple-device-messaging', 'stream-management'].filter(
      (id) => getParam(ctx.store, cluster(), id) !== 'Enabled',
    )
    if (
      off.length &&
      (await ask(`Enable ${off.map((id) => findParam('messaging', id).name).join(', ')} on IM and Presence?`))
    ) {
      atomic(() => {
        for (const id of off) setParam(ctx.store, ctx.clock, cluster(), findParam('messaging', id), 'Enabled')
      })
    }
    const still = ['instant-messaging', 'multiple-device-messaging', 'stream-management'].filter(
      (id) => getParam(ctx.store, cluster(), id) !== 'Enabled',
    )
    record(
      'imp-messaging',
      still.length === 0,
      still.length
        ? `Still disabled: ${still.map((id) => findParam('messaging', id).name).join(', ')}.`
        : 'Instant Messaging, Multiple Device Messaging and Stream Management are enabled.',
    )
  }
  if (
    getParam(ctx.store, cluster(), 'enable-voip-socket') !== 'false' &&
    (await ask(
      'EnableVoipSocket must be false for Voice Push Notifications to Jabber on iPhone and iPad. Set it to false?',
    ))
  ) {
    atomic(() => setParam(ctx.store, ctx.clock, cluster(), findParam('jabber', 'EnableVoipSocket'), 'false'))
  }

  o.line(st.bold('Step 3. Enable Push Notifications (Cisco Cloud Onboarding)'))
  if (!getOnboarding(ctx.store, cluster().id).voucher) {
    if (!(await ask('Generate the voucher?'))) return {completed: false, steps}
    const v = atomic(() => generateVoucher(ctx.store, ctx.clock, cluster()))
    o.line(`Voucher: ${v.voucher}`)
  }
  const saveBoxes = () =>
    atomic(() =>
      saveOnboardingPage(ctx.store, ctx.clock, cluster(), {push: 'on', manageCerts: 'on'}, (row) =>
        provisionMachineAccount(ctx.store, ctx.clock, cluster(), row),
      ),
    )
  if (statusText(ctx.store, cluster()) === STATUS.notEnabled || statusText(ctx.store, cluster()) === STATUS.disabled) {
    if (!(await ask('Check "Enable Push Notifications" and "I want Cisco to manage the certificates", and save?')))
      return {completed: false, steps}
    saveBoxes()
  }
  if (statusText(ctx.store, cluster()) === STATUS.tomcat) {
    if (!(await ask('Restart Cisco Tomcat on every node (utils service restart Cisco Tomcat)?')))
      return {completed: false, steps}
    restartAll(TOMCAT, () => true)
  }
  if (statusText(ctx.store, cluster()) === STATUS.pending) {
    o.line(`Status: ${STATUS.pending}`)
    if (!(await ask('Save the page again with both boxes checked (this sends the subscription request)?')))
      return {completed: false, steps}
    try {
      saveBoxes()
    } catch (error) {
      if (error instanceof UcError) {
        record('onboarding', false, `${error.message} ${error.fix ?? ''}`)
        return {completed: false, steps}
      }
      throw error
    }
  }
  const owed = pendingRestarts(ctx.store, cluster())
  if (
    owed.length &&
    (await ask(
      `Restart ${[...new Set(owed.map((p) => p.service))].join(', ')} where pending (${owed.length} restarts)?`,
    ))
  ) {
    for (const s of [CPNS, XCP_CONFIG, XCP_ROUTER, TOMCAT]) {
      const nodes = new Set(
        pendingRestarts(ctx.store, cluster())
          .filter((p) => p.service === s)
          .map((p) => p.node),
      )
      if (nodes.size) restartAll(s, (n) => nodes.has(n.host))
    }
  }
  record(
    'onboarding',
    statusText(ctx.store, cluster()) === STATUS.completed,
    `Status: ${statusText(ctx.store, cluster())}.`,
  )

  if (hasImp()) {
    o.line(st.bold('Step 4. Enable Push Notifications High Availability'))
    if (
      getParam(ctx.store, cluster(), 'push-ha') !== 'Enabled' &&
      (await ask(
        'Set Push Notifications High Availability to Enabled and restart Cisco XCP Router on every IM and Presence node?',
      ))
    ) {
      atomic(() =>
        setParam(
          ctx.store,
          ctx.clock,
          cluster(),
          findParam('service', 'Push Notifications High Availability', 'Cisco XCP Router'),
          'Enabled',
        ),
      )
      restartAll(XCP_ROUTER, isImp)
    }
    record(
      'push-ha',
      getParam(ctx.store, cluster(), 'push-ha') === 'Enabled',
      `Push Notifications High Availability: ${getParam(ctx.store, cluster(), 'push-ha')}.`,
    )
  }

  const xw = getExpressway(ctx.store, cluster().id)
  if (xw.deployed) {
    o.line(st.bold('Step 5. Configure OAuth Refresh Logins'))
    const cucmOn = getParam(ctx.store, cluster(), 'oauth-refresh-login-flow') === 'Enabled'
    if (cucmOn !== xw.oauthRefresh) {
      const choice = await choose('OAuth Refresh Logins differ between Unified CM and Expressway. Fix it by:', [
        {name: 'Enabling OAuth with Refresh Login Flow on Unified CM (recommended)', value: 'cucm'},
        {name: 'Turning "Authorize by OAuth token with refresh" off on Expressway', value: 'expressway'},
        {name: 'Leaving it for now', value: 'skip'},
      ])
      if (choice === 'cucm')
        atomic(() =>
          setParam(
            ctx.store,
            ctx.clock,
            cluster(),
            findParam('enterprise', 'OAuth with Refresh Login Flow'),
            'Enabled',
          ),
        )
      if (choice === 'expressway') atomic(() => setExpressway(ctx.store, ctx.clock, cluster(), 'oauth-refresh', false))
    }
    const now = getExpressway(ctx.store, cluster().id)
    record(
      'oauth-refresh',
      (getParam(ctx.store, cluster(), 'oauth-refresh-login-flow') === 'Enabled') === now.oauthRefresh,
      'OAuth Refresh Logins match on Unified CM and Expressway.',
    )

    o.line(st.bold('Steps 6 and 7. Refresh servers from Expressway-C, restart Expressway-C (and Expressway-E)'))
    if (statusText(ctx.store, cluster()) === STATUS.completed) {
      const go = await ask(
        'Refresh the Unified CM servers on Expressway-C and restart it' +
          (hasImp() ? ', then restart Expressway-E?' : '?'),
      )
      if (go) {
        atomic(() => {
          refreshServers(ctx.store, ctx.clock, cluster())
          restartExpressway(ctx.store, ctx.clock, cluster(), 'c')
          if (hasImp()) restartExpressway(ctx.store, ctx.clock, cluster(), 'e')
        })
      }
      record(
        'expressway-restarts',
        go,
        go
          ? `Unified CM servers refreshed on Expressway-C; Expressway-C${hasImp() ? ' and Expressway-E' : ''} restarted.`
          : 'Expressway-C not refreshed or restarted.',
      )
    }
  }

  const remaining = onboardingChecks(ctx.store, ctx.clock, cluster(), ['ios']).filter((c) => !c.ok)
  for (const c of remaining)
    o.line(`${st.warn('open')}  ${c.id}: ${c.detail}${c.fix ? ` Fix: ${hintForm(ctx.env, c.fix)}` : ''}`)
  const completed = remaining.length === 0
  steps.push({
    step: 'checks',
    done: completed,
    detail: completed ? 'Every check passes.' : `${remaining.length} checks still fail.`,
  })
  o.line(
    hintForm(
      ctx.env,
      completed
        ? st.ok('Every check of `ucadmin onboarding check --platform ios` passes.')
        : 'Run `ucadmin onboarding check` for the details.',
    ),
  )
  return {completed, steps}
}
