import {handler} from '../../../../command/handler.js'
import {type CallResult, simCall} from '../calls.js'
import {
  type AddDeviceResult,
  type DeviceResult,
  addDevice,
  deleteDevice,
  markActive,
  setWifi,
  signIn,
  signOut,
} from '../devices.js'

export const call = handler<CallResult>({
  commitOnFailure: true,
  async run(ctx, {args, flags}) {
    // The call moves the clock step by step, then what follows a move runs (a due alarm upload is delivered), as
    // `sim clock advance` over the same span would.
    const {result} = await ctx.moveClock((clock) =>
      simCall(ctx.store, clock, ctx.cluster(), {
        caller: args.caller!,
        callee: args.callee!,
        answerAfter: flags['answer-after'] as number,
        noAnswer: flags['no-answer'] as boolean | undefined,
        answerOn: flags['answer-on'] as string | undefined,
        hangUpAfter: flags['hang-up-after'] as number,
        duration: flags.duration as number,
      }),
    )
    return result
  },
  human(ctx, r) {
    for (const e of r.events) ctx.out.line(`+${String(e.t).padStart(4)}s  ${e.event.padEnd(24)} ${e.detail}`)
    ctx.out.line(`${r.outcome}: ${r.detail}`)
  },
  exitCode: (r) => (r.outcome === 'failed' ? 1 : 0),
})

export const clientAdd = handler<AddDeviceResult>({
  run(ctx, {args, flags}) {
    const f = (k: string) => flags[k] as string | undefined
    return addDevice(ctx.store, ctx.clock, ctx.cluster(), {
      user: args.user!,
      platform: f('platform'),
      app: f('app'),
      node: f('node'),
      devicePool: f('device-pool'),
      mra: flags.mra as boolean | undefined,
      suspended: flags.suspended as boolean | undefined,
      count: flags.count as number | undefined,
      version: f('version'),
      os: f('os'),
      region: f('region'),
      ssid: f('ssid'),
      serviceProfile: f('service-profile'),
      number: f('number'),
      displayName: f('display-name'),
      externalName: f('external-name'),
      externalNumber: f('external-number'),
    })
  },
  human(ctx, r) {
    const who = r.count === 1 ? r.users[0] : `${r.count} clients (${r.users[0]}..${r.users.at(-1)})`
    const desktop = r.platform === 'windows' || r.platform === 'mac'
    const app = r.app === 'jabber' ? `Jabber ${r.version}` : `Webex App ${r.version}`
    ctx.out.line(
      `Added ${who}: ${app} on ${r.platform}${r.os ? ` ${r.os}` : ''}${desktop ? ', signed in' : `, ${r.mode}`}${r.node ? `, IM and Presence node ${r.node}${r.signedIn ? '' : ' (not signed in: XCP Router not running)'}` : ''}${r.devicePool ? `, device pool ${r.devicePool}` : ''}${r.mra ? ', over MRA' : ''}${r.region === 'china' ? ', Mainland China region' : ''}${r.ssid ? `, Wi-Fi ${r.ssid}` : ''}${r.serviceProfile !== 'Default' ? `, UC Service Profile ${r.serviceProfile}` : ''}.`,
    )
    for (const m of r.localPush) ctx.out.line(m)
  },
})

function deviceHandler(
  f: (
    s: Parameters<typeof markActive>[0],
    c: Parameters<typeof markActive>[1],
    cl: Parameters<typeof markActive>[2],
    user: string,
    dev: string | undefined,
  ) => DeviceResult,
) {
  return handler<DeviceResult>({
    run(ctx, {args, flags}) {
      return f(ctx.store, ctx.clock, ctx.cluster(), args.user!, flags.device as string | undefined)
    },
    human(ctx, r) {
      ctx.out.line(`${r.user} (${r.device}): ${r.action} at ${r.at}${r.notes.length ? `; ${r.notes.join('; ')}` : ''}`)
    },
  })
}

export const clientActive = deviceHandler(markActive)
export const clientSignOut = deviceHandler(signOut)
export const clientSignIn = deviceHandler(signIn)
export const clientDelete = deviceHandler(deleteDevice)

export const clientWifi = handler<DeviceResult & {ssid: string | null}>({
  run(ctx, {args}) {
    return setWifi(ctx.store, ctx.clock, ctx.cluster(), args.user!, args.ssid ?? '')
  },
  human(ctx, r) {
    ctx.out.line(
      `${r.user}: ${r.ssid ? `on Wi-Fi ${r.ssid}` : 'off Wi-Fi'}${r.notes.length ? `; ${r.notes.join('; ')}` : ''}`,
    )
  },
})
