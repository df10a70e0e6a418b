import {handler} from '../../../../command/handler.js'
import {UsageError} from '../../../../core/errors.js'
import {suggest} from '../../../../core/ids.js'
import {
  CLI_TRACE_LEVELS,
  DEFAULT_TRACE_LEVEL,
  type ServiceTraceLevel,
  TRACE_DIRS,
  setTraceLevel,
  traceLevel,
} from '../traces.js'

/**
 * `set trace enable LEVEL TNAME` and `set trace disable TNAME` (issue 20, item 12): the trace level of a service on
 * the node the session runs on. TNAME is the service's trace name (its trace file base: ccmpns, cmas, xcpconfigmgr,
 * rtr-jsm, lpns) or its service name. The Java services take the CLI's levels as log4j levels: Detailed, Arbitrary
 * and Entry_exit write DEBUG lines (the token-fetch detail); disable returns to the default, Info.
 */

export interface TraceLevelResult {
  node: string
  service: string
  tname: string
  level: ServiceTraceLevel
  previous: ServiceTraceLevel
}

function checkService(raw: string): {service: string; tname: string} {
  const r = raw.trim().toLowerCase()
  for (const [service, t] of Object.entries(TRACE_DIRS))
    if (t.base === r || service.toLowerCase() === r) return {service, tname: t.base}
  const names = Object.values(TRACE_DIRS).map((t) => t.base)
  const near = suggest(raw, names)
  throw new UsageError(`Unknown trace name "${raw}".`, {
    code: 'UNKNOWN_TRACE',
    fix: near.length ? `Did you mean ${near[0]}?` : `Trace names: ${names.join(', ')}.`,
  })
}

function checkLevel(raw: string): ServiceTraceLevel {
  const hit = Object.keys(CLI_TRACE_LEVELS).find((l) => l.toLowerCase() === raw.trim().toLowerCase())
  if (!hit)
    throw new UsageError(`Unknown trace level "${raw}".`, {
      code: 'BAD_LEVEL',
      fix: `Use one of ${Object.keys(CLI_TRACE_LEVELS).join(', ')}.`,
    })
  return CLI_TRACE_LEVELS[hit]
}

const human = (ctx: {out: {line(s: string): void}}, r: TraceLevelResult) => {
  ctx.out.line(
    `Trace level of ${r.service} (${r.tname}) on ${r.node}: ${r.level}${r.level === r.previous ? ' (unchanged)' : ` (was ${r.previous})`}.`,
  )
}

export const enable = handler<TraceLevelResult>({
  run(ctx, {args}) {
    const level = checkLevel(args.level!)
    const {service, tname} = checkService(args.tname!)
    const node = ctx.node()
    const previous = traceLevel(ctx.store, node.id, service)
    setTraceLevel(ctx.store, node.id, service, level)
    return {node: node.host, service, tname, level, previous}
  },
  human,
})

export const disable = handler<TraceLevelResult>({
  run(ctx, {args}) {
    const {service, tname} = checkService(args.tname!)
    const node = ctx.node()
    const previous = traceLevel(ctx.store, node.id, service)
    setTraceLevel(ctx.store, node.id, service, DEFAULT_TRACE_LEVEL)
    return {node: node.host, service, tname, level: DEFAULT_TRACE_LEVEL, previous}
  },
  human,
})
