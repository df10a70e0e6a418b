import {handler} from '../../../../command/handler.js'
import {setUserServiceProfile} from '../devices.js'

/** `service-profile assign USER PROFILE`: the end user's UC Service Profile. */
export const serviceProfileAssign = handler<ReturnType<typeof setUserServiceProfile>>({
  run(ctx, {args}) {
    return setUserServiceProfile(ctx.store, ctx.clock, ctx.cluster(), args.user!, args.profile!)
  },
  human(ctx, r) {
    ctx.out.line(
      r.changed
        ? `${r.user}: UC Service Profile ${r.previous} -> ${r.serviceProfile} (LocalPushSSIDList ${r.localPushSsids.join(';') || 'empty'}).`
        : `${r.user} already has the UC Service Profile ${r.serviceProfile}.`,
    )
    for (const n of r.notes) ctx.out.line(n)
  },
})
