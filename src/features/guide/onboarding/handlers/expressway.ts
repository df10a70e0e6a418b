import {handler} from '../../../../command/handler.js'
import {type ExpresswayView, checkOnOff, checkSetting, checkWhich, expresswayView, refreshServers, restartExpressway, setExpressway} from '../expressway.js'
import {getExpressway} from '../config-store.js'

function print(ctx: {out: {line(s: string): void}}, e: ExpresswayView): void {
  ctx.out.line(`Expressway deployed              : ${e.deployed ? 'yes' : 'no'}`)
  ctx.out.line(`Authorize by OAuth token with refresh: ${e.oauthRefresh ? 'On' : 'Off'}`)
  ctx.out.line(`Mobile and Remote Access (MRA)   : ${e.mra ? 'On' : 'Off'}`)
  ctx.out.line(`Unified CM servers refreshed     : ${e.refreshedAt ?? 'never'}`)
  ctx.out.line(`Expressway-C restarted           : ${e.cRestartedAt ?? 'never'}`)
  ctx.out.line(`Expressway-E restarted           : ${e.eRestartedAt ?? 'never'}`)
}

export const status = handler<ExpresswayView>({
  write: false,
  run(ctx) {
    return expresswayView(getExpressway(ctx.store, ctx.cluster().id))
  },
  human: print,
})

export const set = handler<ExpresswayView>({
  run(ctx, {args}) {
    return setExpressway(ctx.store, ctx.clock, ctx.cluster(), checkSetting(args.setting), checkOnOff(args.value))
  },
  human: print,
})

export const refresh = handler<ExpresswayView>({
  run(ctx) {
    return refreshServers(ctx.store, ctx.clock, ctx.cluster())
  },
  human(ctx, e) {
    ctx.out.line(`Expressway-C refreshed the Unified CM servers at ${e.refreshedAt} (Authz certificate synchronized). Restart Expressway-C next.`)
  },
})

export const restart = handler<ExpresswayView & {restarted: 'c' | 'e'}>({
  run(ctx, {args}) {
    const which = checkWhich(args.which)
    return {...restartExpressway(ctx.store, ctx.clock, ctx.cluster(), which), restarted: which}
  },
  human(ctx, e) {
    ctx.out.line(`Expressway-${e.restarted.toUpperCase()} restarted.`)
  },
})
