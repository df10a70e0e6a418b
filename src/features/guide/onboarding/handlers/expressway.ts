import {handler} from '../../../../command/handler.js'
import {
  type ExpresswayView,
  checkOnOff,
  checkSetting,
  checkWhich,
  expresswayVersion,
  expresswayView,
  refreshServers,
  restartExpressway,
  setExpressway,
  setExpresswayVersion,
} from '../expressway.js'
import {isOnboarded} from '../onboarding.js'
import {addExpresswayTrust, expresswayTrust, removeExpresswayTrust} from '../certificates.js'
import {FailedError} from '../../../../core/errors.js'
import {getExpressway} from '../config-store.js'

function print(ctx: {out: {line(s: string): void}}, e: ExpresswayView & {warnings?: string[]}): void {
  const rows: Array<[string, string]> = [
    ['Expressway deployed', e.deployed ? 'yes' : 'no'],
    ['Expressway release', e.version],
    ['Authorize by OAuth token with refresh', e.oauthRefresh ? 'On' : 'Off'],
    ['Mobile and Remote Access (MRA)', e.mra ? 'On' : 'Off'],
    ['Unified CM servers refreshed', e.refreshedAt ?? 'never'],
    ['Expressway-C restarted', e.cRestartedAt ?? 'never'],
    ['Expressway-E restarted', e.eRestartedAt ?? 'never'],
  ]
  // Keys padded to the longest, so every colon lines up (as show status does).
  const width = Math.max(...rows.map(([k]) => k.length))
  for (const [k, v] of rows) ctx.out.line(`${k.padEnd(width)} : ${v}`)
  for (const w of e.warnings ?? []) ctx.out.line(`Warning: ${w}`)
}

export const status = handler<ExpresswayView>({
  write: false,
  run(ctx) {
    const c = ctx.cluster()
    return expresswayView(getExpressway(ctx.store, c.id), expresswayVersion(ctx.store, c.id))
  },
  human: print,
})

export const set = handler<ExpresswayView & {warnings?: string[]}>({
  run(ctx, {args}) {
    const setting = checkSetting(args.setting)
    if (setting === 'version')
      return setExpresswayVersion(ctx.store, ctx.cluster(), args.value ?? '', isOnboarded(ctx.store, ctx.cluster()))
    return setExpressway(ctx.store, ctx.clock, ctx.cluster(), setting, checkOnOff(args.value))
  },
  human: print,
})

export const refresh = handler<ExpresswayView>({
  run(ctx) {
    return refreshServers(ctx.store, ctx.clock, ctx.cluster())
  },
  human(ctx, e) {
    ctx.out.line(
      `Expressway-C refreshed the Unified CM servers at ${e.refreshedAt} (Authz certificate synchronized). Restart Expressway-C next.`,
    )
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

/** `expressway trust add [NAME] [--node-certs]`, `expressway trust remove NAME`: Expressway-C's trusted certificates. */
export const trustAdd = handler<{trust: string[]}>({
  run(ctx, {args, flags}) {
    const c = ctx.cluster()
    if (!getExpressway(ctx.store, c.id).deployed)
      throw new FailedError('Expressway is not deployed: there is no Expressway-C to upload onto.', {
        code: 'EXPRESSWAY_NOT_DEPLOYED',
        fix: 'Deploy it first: `ucadmin expressway set deployed on`.',
      })
    return {trust: addExpresswayTrust(ctx.store, c, args.name ? [args.name] : [], flags['node-certs'] === true)}
  },
  human(ctx, r) {
    ctx.out.line(`Expressway-C trusts: ${r.trust.join(', ')}`)
  },
})

export const trustRemove = handler<{trust: string[]}>({
  run(ctx, {args}) {
    return {trust: removeExpresswayTrust(ctx.store, ctx.cluster(), args.name!)}
  },
  human(ctx, r) {
    ctx.out.line(`Expressway-C trusts: ${r.trust.length ? r.trust.join(', ') : 'nothing uploaded'}`)
  },
})

export const trustList = handler<{trust: string[]}>({
  write: false,
  run(ctx) {
    return {trust: expresswayTrust(ctx.store, ctx.cluster().id)}
  },
  human(ctx, r) {
    ctx.out.line(r.trust.length ? r.trust.join('\n') : 'Nothing uploaded onto Expressway-C.')
  },
})
