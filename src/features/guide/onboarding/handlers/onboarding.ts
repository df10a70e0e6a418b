import {hintForm} from '../../../../core/text.js'
import type {Ctx} from '../../../../command/handler.js'
import {handler} from '../../../../command/handler.js'
import {type Check, PLATFORMS, checkPlatforms, onboardingChecks} from '../../conditions/checks.js'
import {UsageError} from '../../../../core/errors.js'
import {checkConditionIds} from '../../conditions/conditions.js'
import {
  type OnOff,
  type SaveResult,
  type StatusView,
  generateVoucher,
  onboardingStatus,
  saveOnboardingPage,
} from '../onboarding.js'
import {provisionMachineAccount} from '../../tokens/tokens.js'

export const status = handler<StatusView>({
  write: false,
  run(ctx) {
    return onboardingStatus(ctx.store, ctx.cluster())
  },
  human(ctx, s) {
    const o = ctx.out
    const box = (b: boolean) => (b ? '[x]' : '[ ]')
    o.line(`Status: ${s.statusMessage}`)
    for (const n of s.statusNotes) o.line(`        ${n}`)
    o.line('')
    o.line(`${box(s.pushEnabled)} Enable Push Notifications`)
    o.line(
      `${box(s.manageCerts)} I want Cisco to manage the Cisco Cloud Service CA Certificates required for this trust`,
    )
    o.line(`${box(s.troubleshooting)} Send Troubleshooting information to the Cisco Cloud`)
    o.line(`${box(s.encryptedPii)} Send encrypted PII to the Cisco Cloud for troubleshooting`)
    o.line(
      `${box(s.proxy !== null)} Enable HTTP(S) Proxy${s.proxy ? `: ${s.proxy.url}${s.proxy.auth ? ` (${s.proxy.auth} authentication)` : ''}` : ''}`,
    )
    o.line('')
    o.line(`Voucher             : ${s.voucher ?? 'not generated'}`)
    if (s.customerClusterId) o.line(`Customer Cluster ID : ${s.customerClusterId}`)
    if (s.supportToken) o.line(`Cisco Support Token : ${s.supportToken}`)
    if (s.pendingRestarts.length) {
      o.line('')
      o.line('Restarts pending:')
      for (const p of s.pendingRestarts) o.line(`  ${p.service} on ${p.node} (${p.reason})`)
    }
  },
})

export interface CheckResult {
  cluster: string
  ok: boolean
  checks: Check[]
}

export function runChecks(ctx: Ctx, platforms: string[] | undefined, conditions?: string[]): CheckResult {
  const only = conditions?.length ? checkConditionIds(conditions) : undefined
  const c = ctx.cluster()
  const checks = onboardingChecks(
    ctx.store,
    ctx.clock,
    c,
    checkPlatforms(platforms?.length ? platforms : ['ios', 'android']),
    only,
  )
  return {cluster: c.name, ok: checks.every((x) => x.ok), checks}
}

export function printChecks(ctx: Ctx, r: CheckResult): void {
  const st = ctx.style
  for (const ch of r.checks) {
    ctx.out.line(`${ch.ok ? st.ok('PASS') : st.bad('FAIL')}  ${ch.id.padEnd(22)} ${ch.detail}`)
    if (!ch.ok && ch.fix) ctx.out.line(`      ${''.padEnd(22)} fix: ${hintForm(ctx.env, ch.fix)}`)
  }
  const failed = r.checks.filter((x) => !x.ok).length
  ctx.out.line('')
  ctx.out.line(failed ? `${failed} of ${r.checks.length} checks failed.` : `All ${r.checks.length} checks passed.`)
}

export const check = handler<CheckResult>({
  write: false,
  run(ctx, {flags}) {
    return runChecks(ctx, flags.platform as string[] | undefined, flags.condition as string[] | undefined)
  },
  human: printChecks,
  exitCode: (r) => (r.ok ? 0 : 1),
})

export const voucher = handler<{cluster: string; voucher: string; generatedAt: string}>({
  run(ctx) {
    return {cluster: ctx.cluster().name, ...generateVoucher(ctx.store, ctx.clock, ctx.cluster())}
  },
  human(ctx, r) {
    ctx.out.line(`Voucher generated for cluster ${r.cluster}: ${r.voucher}`)
  },
})

function printSave(ctx: Ctx, r: SaveResult): void {
  for (const w of r.warnings) ctx.err.line(`Warning: ${w}`)
  ctx.out.line(
    `Saved (cluster ${ctx.cluster().name}). Status: ${r.status}${r.subscribed ? ' (the subscription request completed)' : ''}`,
  )
  for (const s of r.nextSteps) ctx.out.line(`Next: ${hintForm(ctx.env, s)}`)
}

const onOff = (v: unknown) => v as OnOff | undefined

export const save = handler<SaveResult>({
  run(ctx, {flags}) {
    const cluster = ctx.cluster()
    return saveOnboardingPage(
      ctx.store,
      ctx.clock,
      cluster,
      {
        push: onOff(flags.push),
        manageCerts: onOff(flags['manage-certs']),
        troubleshooting: onOff(flags.troubleshooting),
        encryptedPii: onOff(flags['encrypted-pii']),
        proxy: flags.proxy as string | undefined,
        proxyAuth: flags['proxy-auth'] as 'basic' | 'digest' | undefined,
      },
      (row) => provisionMachineAccount(ctx.store, ctx.clock, cluster, row),
    )
  },
  human: printSave,
})

export const disable = handler<SaveResult>({
  async run(ctx) {
    if (
      !(await ctx.confirm(
        `This disables Push Notifications on cluster ${ctx.cluster().name} (push, troubleshooting and encrypted PII off).`,
      ))
    ) {
      throw new UsageError('Not disabled: you answered no.', {code: 'DECLINED'})
    }
    return saveOnboardingPage(
      ctx.store,
      ctx.clock,
      ctx.cluster(),
      {push: 'off', troubleshooting: 'off', encryptedPii: 'off'},
      () => {},
    )
  },
  human: printSave,
})

export const platforms = PLATFORMS

export const wizard = handler<{completed: boolean; steps: Array<{step: string; done: boolean; detail: string}>}>({
  ownTransactions: true,
  async run(ctx) {
    if (!ctx.canAsk) {
      throw new UsageError('The onboarding wizard needs a terminal.', {
        code: 'NOT_A_TTY',
        fix: 'In scripts use `ucadmin onboarding check`, `onboarding voucher`, `onboarding save --push on --manage-certs on`, `utils service restart ... --all-nodes`, `param ...` and `expressway ...`.',
      })
    }
    const {runWizard} = await import('./wizard.js')
    return runWizard(ctx)
  },
  human(ctx, r) {
    ctx.out.line(
      r.completed ? 'The task flow is complete.' : 'The wizard stopped before the end; run it again to continue.',
    )
  },
  exitCode: (r) => (r.completed ? 0 : 1),
})
