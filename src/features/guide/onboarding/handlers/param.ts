import type {Input} from '../../../../command/handler.js'
import {handler} from '../../../../command/handler.js'
import {UsageError} from '../../../../core/errors.js'
import {
  type ParamScope,
  type ParamView,
  type SetParamResult,
  findParam,
  listParams,
  paramCatalogue,
  setParam,
} from '../parameters.js'
import {cucmTable} from '../../../../render/table.js'

function lister(scope: ParamScope) {
  return handler<{scope: ParamScope; parameters: ParamView[]}>({
    write: false,
    run(ctx, {argv}) {
      const service = scope === 'service' && argv.length ? argv.join(' ') : undefined
      if (service) findParam('service', paramCatalogue().find((p) => p.scope === 'service')!.name, service)
      return {scope, parameters: listParams(ctx.store, ctx.cluster(), scope, service)}
    },
    async human(ctx, r) {
      const rows = r.parameters.map((p) => [
        ...(scope === 'service' ? [p.service ?? ''] : []),
        p.name,
        p.value,
        p.default,
        p.allowed,
      ])
      ctx.out.lines(
        await cucmTable([...(scope === 'service' ? ['service'] : []), 'name', 'value', 'default', 'allowed'], rows),
      )
    },
  })
}

/** Splits `NAME... VALUE` (and, for service parameters, `SERVICE... NAME... VALUE`) typed as words or quoted. */
function nameAndValue(scope: ParamScope, argv: string[]): {service?: string; name: string; value: string} {
  if (argv.length < (scope === 'service' ? 3 : 2)) {
    const usage = scope === 'service' ? 'param service set "SERVICE" "NAME" VALUE' : `param ${scope} set "NAME" VALUE`
    throw new UsageError('Give the parameter name and the value.', {
      fix: `Usage: ucadmin ${usage} (quote names with spaces).`,
    })
  }
  const value = argv.at(-1)!
  let words = argv.slice(0, -1)
  let service: string | undefined
  if (scope === 'service') {
    const services = [
      ...new Set(
        paramCatalogue()
          .filter((p) => p.scope === 'service')
          .map((p) => p.service!),
      ),
    ]
    const joined = words.join(' ').toLowerCase()
    const hit = services.find(
      (s) => joined.startsWith(s.toLowerCase() + ' ') || words[0].toLowerCase() === s.toLowerCase(),
    )
    if (!hit)
      throw new UsageError(`No service parameters of "${words[0]}" are known.`, {
        fix: `Services with parameters: ${services.join(', ')}.`,
      })
    service = hit
    words = words[0].toLowerCase() === hit.toLowerCase() ? words.slice(1) : joined.slice(hit.length + 1).split(' ')
  }
  return {service, name: words.join(' '), value}
}

function setter(scope: ParamScope) {
  return handler<SetParamResult>({
    run(ctx, {argv}: Input) {
      const {service, name, value} = nameAndValue(scope, argv)
      const cluster = ctx.cluster()
      return setParam(ctx.store, ctx.clock, cluster, findParam(scope, name, service, cluster.version), value)
    },
    human(ctx, r) {
      ctx.out.line(
        r.changed
          ? `${r.param.name}: ${r.previous} -> ${r.param.value}`
          : `${r.param.name} is already ${r.param.value}.`,
      )
      if (r.restartRequired) ctx.out.line(r.restartRequired)
      if (r.afterChange) ctx.out.line(r.afterChange)
    },
  })
}

export const enterpriseList = lister('enterprise')
export const enterpriseSet = setter('enterprise')
export const serviceList = lister('service')
export const serviceSet = setter('service')
export const messagingList = lister('messaging')
export const messagingSet = setter('messaging')
export const jabberList = lister('jabber')
export const jabberSet = setter('jabber')
