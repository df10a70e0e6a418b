import type {Ctx} from '../../../../command/handler.js'
import {handler} from '../../../../command/handler.js'
import {UsageError} from '../../../../core/errors.js'
import {type UserPushResult, userPush} from '../../calls/cucm-groups.js'
import {explainLines} from '../delivery.js'
import {type PushResult, checkPushPlatform, testPush} from '../push.js'

/** Prints a push's outcome; with --explain, its path hop by hop first. */
export function printPush(ctx: Ctx, r: PushResult, explain: boolean): void {
  if (explain) for (const l of explainLines(r)) ctx.out.line(l)
  ctx.out.line(
    `${r.status}${r.reason ? ` ${r.reason}` : ' OK'}: ${r.detail}${r.condition ? ` [${r.condition} at ${r.hop}]` : ''}`,
  )
  if (r.activeNode) ctx.out.line(`Active registration node: ${r.activeNode}`)
}

type Out = (PushResult | UserPushResult) & {explain: PushResult['explain'] | undefined}

export const push = handler<Out>({
  commitOnFailure: true,
  run(ctx, {flags}) {
    const explain = flags.explain === true
    const strip = (r: PushResult | UserPushResult): Out => ({...r, explain: explain ? r.explain : undefined})
    if (flags.user !== undefined) {
      if (String(flags.user).trim() === '')
        throw new UsageError('The user is empty.', {
          code: 'EMPTY_USER',
          fix: 'Give a user id, e.g. --user alice (see `ucadmin sim client list`).',
        })
      if (flags.mra)
        throw new UsageError(
          '--mra describes a test push; a simulated client is over MRA or not (sim client add --mra).',
          {fix: 'Drop --mra with --user.'},
        )
      const p = flags.platform === undefined ? undefined : checkPushPlatform(flags.platform as string)
      return strip(userPush(ctx.store, ctx.clock, ctx.cluster(), flags.user as string, p))
    }
    const raw = (flags.platform as string | undefined) ?? 'ios'
    const local = raw === 'lpns'
    if (local && flags.mra)
      throw new UsageError('Local Push is not for MRA clients (they get pushes through the cloud).', {
        fix: 'Drop --mra, or use --platform ios.',
      })
    const platform = local ? 'ios' : checkPushPlatform(raw)
    return strip(testPush(ctx.store, ctx.clock, ctx.cluster(), ctx.node(), platform, {mra: flags.mra === true, local}))
  },
  human(ctx, r) {
    printPush(ctx, r as PushResult, r.explain !== undefined)
  },
  exitCode: (r) => (r.status === 200 ? 0 : 1),
})
