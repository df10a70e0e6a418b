import {handler} from '../../../../command/handler.js'
import {type LicenseView, licenseView, registerSmartLicensing, setLicensingMode, syncLicenses} from '../licensing.js'

function print(ctx: {out: {line(s: string): void}}, v: LicenseView): void {
  const mode = {
    smart: 'Smart Licensing',
    plm: 'Cisco Prime License Manager',
    slr: 'Smart Licensing with Specific License Reservation',
    none: 'not licensed',
  }[v.mode]
  ctx.out.line(`Licensing: ${mode}`)
  if (v.licensesSynchronized !== null)
    ctx.out.line(`Licenses synchronized: ${v.licensesSynchronized ? `yes (${v.synchronizedAt})` : 'no'}`)
  if (v.smart) {
    ctx.out.line(`Registration status: ${v.smart.registered ? 'Registered' : 'Unregistered'}`)
    if (!v.smart.registered)
      ctx.out.line(
        `License authorization: ${v.smart.status}${v.smart.status === 'Evaluation Mode' ? ` (${v.smart.evaluationDaysLeft} days left, until ${v.smart.evaluationEndsAt})` : ` (ended ${v.smart.evaluationEndsAt})`}`,
      )
  }
}

export const register = handler<LicenseView>({
  run(ctx) {
    return registerSmartLicensing(ctx.store, ctx.cluster())
  },
  human: print,
})

export const status = handler<LicenseView>({
  write: false,
  run(ctx) {
    return licenseView(ctx.store, ctx.cluster())
  },
  human: print,
})

export const sync = handler<LicenseView>({
  run(ctx) {
    return syncLicenses(ctx.store, ctx.clock, ctx.cluster())
  },
  human: print,
})

export const mode = handler<LicenseView>({
  run(ctx, {args}) {
    return setLicensingMode(ctx.store, ctx.cluster(), args.mode!)
  },
  human: print,
})
