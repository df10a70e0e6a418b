import {hintForm} from '../../../../core/text.js'
import {type Ctx, handler} from '../../../../command/handler.js'
import {cucmTable} from '../../../../render/table.js'
import {
  type ServiceProfileView,
  type SetUcServiceParamResult,
  type UcServiceView,
  UC_SERVICE_TYPE,
  addUcService,
  listServiceProfiles,
  listUcServiceViews,
  setServiceProfile,
  setUcServiceParameter,
  showUcService,
} from '../service-profiles.js'

const ssidsText = (v: UcServiceView) => v.parameters.find((p) => p.id === 'local-push-ssid-list')?.value || '-'
const voipText = (v: UcServiceView) => v.parameters.find((p) => p.id === 'enable-voip-socket')?.value ?? '-'

async function printUcService(ctx: Ctx, v: UcServiceView) {
  ctx.out.line(`UC service ${v.name} (${v.type})${v.default ? ': the system default service profile\u2019s' : ''}`)
  if (v.description && !v.default) ctx.out.line(`Description: ${v.description}`)
  ctx.out.line(`Service profiles (Mobile): ${v.serviceProfiles.join(', ') || 'none'}`)
  ctx.out.lines(
    await cucmTable(
      ['parameter', 'value', 'default'],
      v.parameters.map((p) => [p.name, p.value === '' ? '(empty)' : p.value, p.default === '' ? '(empty)' : p.default]),
    ),
  )
}

/** `uc-service list`: the UC services of type Jabber Client Configuration (jabber-config.xml). */
export const ucServiceList = handler<{type: string; ucServices: UcServiceView[]}>({
  write: false,
  run(ctx) {
    return {type: UC_SERVICE_TYPE, ucServices: listUcServiceViews(ctx.store, ctx.cluster())}
  },
  async human(ctx, r) {
    ctx.out.lines(
      await cucmTable(
        ['name', 'LocalPushSSIDList', 'EnableVoipSocket', 'service profiles'],
        r.ucServices.map((v) => [v.name, ssidsText(v), voipText(v), v.serviceProfiles.join(', ') || '-']),
      ),
    )
  },
})

export const ucServiceShow = handler<UcServiceView>({
  write: false,
  run(ctx, {args}) {
    return showUcService(ctx.store, ctx.cluster(), args.name!)
  },
  async human(ctx, r) {
    await printUcService(ctx, r)
  },
})

export const ucServiceAdd = handler<UcServiceView>({
  run(ctx, {args, flags}) {
    return addUcService(ctx.store, ctx.clock, ctx.cluster(), {
      name: args.name!,
      description: flags.description as string | undefined,
      params: flags.param as string[] | undefined,
    })
  },
  async human(ctx, r) {
    ctx.out.line(`Added UC service ${r.name}.`)
    await printUcService(ctx, r)
    ctx.out.line(
      hintForm(
        ctx.env,
        `Select it in a service profile's Mobile slot: ucadmin service-profile set PROFILE --mobile "${r.name}"`,
      ),
    )
  },
})

export const ucServiceSet = handler<SetUcServiceParamResult>({
  run(ctx, {args}) {
    return setUcServiceParameter(ctx.store, ctx.clock, ctx.cluster(), args.name!, args.param!, args.value!)
  },
  human(ctx, r) {
    const show = (x: string) => (x === '' ? '(empty)' : x)
    ctx.out.line(
      r.changed
        ? `${r.ucService}: ${r.param.name}: ${show(r.previous)} -> ${show(r.param.value)}`
        : `${r.ucService}: ${r.param.name} is already ${show(r.param.value)}.`,
    )
    if (r.changed && r.serviceProfiles.length)
      ctx.out.line(
        hintForm(
          ctx.env,
          `Users of ${r.serviceProfiles.join(', ')}: their next push or call reads the new jabber-config.xml; a closed Local Push session opens again when the device rejoins its Wi-Fi (ucadmin sim client wifi USER SSID) or signs in again.`,
        ),
      )
  },
})

function profileRows(ps: ServiceProfileView[]): string[][] {
  return ps.map((p) => [
    p.name + (p.default ? ' (system default)' : ''),
    p.mobile ?? '-',
    p.localPushSsids.join(';') || '-',
    String(p.userCount),
  ])
}

export const serviceProfileList = handler<{serviceProfiles: ServiceProfileView[]}>({
  write: false,
  run(ctx) {
    return {serviceProfiles: listServiceProfiles(ctx.store, ctx.cluster())}
  },
  async human(ctx, r) {
    ctx.out.lines(
      await cucmTable(['name', 'mobile uc service', 'LocalPushSSIDList', 'users'], profileRows(r.serviceProfiles)),
    )
  },
})

export const serviceProfileSet = handler<{serviceProfile: ServiceProfileView; created: boolean}>({
  run(ctx, {args, flags}) {
    return setServiceProfile(ctx.store, ctx.clock, ctx.cluster(), {
      name: args.name!,
      mobile: flags.mobile as string | undefined,
      description: flags.description as string | undefined,
    })
  },
  human(ctx, r) {
    const p = r.serviceProfile
    ctx.out.line(
      `${r.created ? 'Added' : 'Changed'} service profile ${p.name}: Jabber Client Configuration (jabber-config.xml) Mobile ${p.mobile ?? 'none'}${p.mobile ? ` (LocalPushSSIDList ${p.localPushSsids.join(';') || 'empty'})` : ''}.`,
    )
    if (r.created)
      ctx.out.line(hintForm(ctx.env, `Give it to an end user: ucadmin service-profile assign USER "${p.name}"`))
  },
})
