import {handler} from '../../../../command/handler.js'
import {expireToken} from '../tokens.js'

export const tokenExpire = handler<{cluster: string; revoked: number}>({
  run(ctx) {
    return expireToken(ctx.store, ctx.clock, ctx.cluster())
  },
  human(ctx, r) {
    ctx.out.line(
      `The machine account refresh token of ${r.cluster} is no longer accepted by the identity service; access tokens expired.`,
    )
  },
})
