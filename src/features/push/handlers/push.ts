import {handler} from '../../../cli/handler.js'
import {UsageError} from '../../../core/errors.js'
import {type UserPushResult, userPush} from '../../failover/cucm-groups.js'
import {type PushResult, checkPushPlatform, testPush} from '../push.js'

export const push = handler<PushResult | UserPushResult>({
  commitOnFailure: true,
  run(ctx, {flags}) {
    if (flags.user !== undefined) {
      if (String(flags.user).trim() === '') throw new UsageError('The user is empty.', {code: 'EMPTY_USER', fix: 'Give a user id, e.g. --user alice (see `ucadmin sim client list`).'})
      const p = flags.platform === undefined ? undefined : checkPushPlatform(flags.platform as string)
      return userPush(ctx.store, ctx.clock, ctx.cluster(), flags.user as string, p)
    }
    const platform = checkPushPlatform((flags.platform as string | undefined) ?? 'ios')
    return testPush(ctx.store, ctx.clock, ctx.cluster(), ctx.node(), platform)
  },
  human(ctx, r) {
    ctx.out.line(`${r.status}${r.reason ? ` ${r.reason}` : ' OK'}: ${r.detail}`)
    if (r.activeNode) ctx.out.line(`Active registration node: ${r.activeNode}`)
  },
  exitCode: (r) => (r.status === 200 ? 0 : 1),
})

