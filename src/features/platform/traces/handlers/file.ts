import {handler} from '../../../../command/handler.js'
import {UsageError} from '../../../../core/errors.js'
import {checkInteger} from '../../../../core/integers.js'
import {MAX_TAIL_LINES, type Listing, TRACE_FILE_LINES, listActivelog, tailActivelog} from '../traces.js'
import {cucmDate} from '../../../../core/time.js'

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
    // As on CUCM, the count may also follow the path (`file tail activelog PATH 20`).
    const extra = argv.slice(1)
    if (extra.length > 1 || (extra.length === 1 && flags.lines !== undefined)) {
      throw new UsageError(`Unexpected argument: ${extra[flags.lines === undefined ? 1 : 0]}.`, {code: 'USAGE', fix: 'Give one line count, e.g. `file tail activelog PATH 20`.'})
    }
    let lines = (flags.lines as number | undefined) ?? 10
    if (extra.length === 1) {
      const n = checkInteger('The line count', extra[0], {min: 1, max: MAX_TAIL_LINES})
      if (typeof n === 'string') throw new UsageError(n, {code: 'BAD_LINES', fix: 'E.g. `file tail activelog PATH 20`.'})
      lines = n
    }
    const node = ctx.node()
    return {node: node.host, ...tailActivelog(ctx.store, node, args.path!, lines)}
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
