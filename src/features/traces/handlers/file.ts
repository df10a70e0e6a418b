import {handler} from '../../../cli/handler.js'
import {UsageError} from '../../../core/errors.js'
import {type Listing, TRACE_FILE_LINES, listActivelog, tailActivelog} from '../traces.js'
import {cucmDate} from '../../../core/time.js'

export const list = handler<Listing & {node: string}>({
  write: false,
  run(ctx, {args}) {
    const node = ctx.node()
    return {node: node.host, ...listActivelog(ctx.store, node, args.path ?? '')}
  },
  human(ctx, r) {
    for (const d of r.dirs) ctx.out.line(`<dir>    ${d}`)
    for (const f of r.files) ctx.out.line(`${cucmDate(f.lastAt)}  ${String(f.bytes).padStart(10)}  ${f.file}`)
    ctx.out.line(`dir count = ${r.dirs.length}, file count = ${r.files.length}`)
  },
})

export const tail = handler<{node: string; file: string; lines: string[]}>({
  write: false,
  run(ctx, {args, argv, flags}) {
    const extra = argv.slice(1)
    const fromWords = extra.find((w) => /^\d+$/.test(w))
    const raw = (flags.lines as string | undefined) ?? fromWords ?? '10'
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 100_000) {
      throw new UsageError(`--lines must be a whole number from 1 to 100000, not "${raw}".`, {code: 'BAD_LINES'})
    }
    const node = ctx.node()
    return {node: node.host, ...tailActivelog(ctx.store, node, args.path!, Number(raw))}
  },
  human(ctx, r) {
    ctx.out.lines(r.lines)
  },
})

/** `file view activelog FILE`: the whole file (the admin: shell pages it with CUCM's file pager on a terminal). */
export const view = handler<{node: string; file: string; lines: string[]}>({
  write: false,
  run(ctx, {args}) {
    const node = ctx.node()
    return {node: node.host, ...tailActivelog(ctx.store, node, args.path!, TRACE_FILE_LINES)}
  },
  human(ctx, r) {
    ctx.out.lines(r.lines)
  },
})
