import {mkdirSync, writeFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'

import {handler} from '../../../../command/handler.js'
import {FailedError, UsageError} from '../../../../core/errors.js'
import {checkInteger} from '../../../../core/integers.js'
import {
  ACTIVELOG,
  MAX_TAIL_LINES,
  type Listing,
  TRACE_FILE_LINES,
  activelogFiles,
  listActivelog,
  tailActivelog,
  traceFileLines,
} from '../traces.js'
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
      throw new UsageError(`Unexpected argument: ${extra[flags.lines === undefined ? 1 : 0]}.`, {
        code: 'USAGE',
        fix: 'Give one line count, e.g. `file tail activelog PATH 20`.',
      })
    }
    let lines = (flags.lines as number | undefined) ?? 10
    if (extra.length === 1) {
      const n = checkInteger('The line count', extra[0], {min: 1, max: MAX_TAIL_LINES})
      if (typeof n === 'string')
        throw new UsageError(n, {code: 'BAD_LINES', fix: 'E.g. `file tail activelog PATH 20`.'})
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

/** Quantified groups holding a quantifier or an alternative (`(a+)+`, `(a|a)*`) and back-references can take
 * exponential time on a line: a search refuses them, so no pattern can hold the node (or a shared server). */
const SLOW_PATTERN = /\((?:[^()\\]|\\.)*(?:[+*?|}]|\\.)(?:[^()\\]|\\.)*\)(?:[+*]|\{\d)|\\[1-9]/
/** The longest pattern `file search` takes. */
const MAX_PATTERN = 500
/** At most this many unbounded repeats (`*`, `+`, `{n,}`): their backtracking grows as a line's length to that power. */
const MAX_UNBOUNDED = 2
/** The part of a line a pattern is matched against (trace lines are far shorter). */
const MAX_LINE = 4096
/** Wall-clock bound of one search (as run sql has one): past it the search stops with an error. */
const SEARCH_LIMIT_MS = 10_000

function unboundedRepeats(pattern: string): number {
  const bare = pattern.replace(/\\./g, 'x').replace(/\[(?:[^\]\\]|\\.)*\]/g, 'x')
  return (bare.match(/[*+]|\{\d+,\}/g) ?? []).length
}

export interface SearchResult {
  node: string
  path: string
  pattern: string
  ignoreCase: boolean
  files: Array<{file: string; matches: string[]}>
}

/**
 * `file search activelog FILE-SPEC REGEXP [ignorecase] [reltime days|hours|minutes N]`, CUCM's documented form: the
 * lines of the named trace files that match, under `Searching path:` and each `Searching file:`, then
 * `Search completed`. reltime keeps files written to within that time (on the simulated clock).
 */
export const search = handler<SearchResult>({
  write: false,
  run(ctx, {args, argv}) {
    const pattern = args.regexp!
    const opts = argv.slice(2).map((w) => w.toLowerCase())
    let ignoreCase = false
    let since: number | undefined
    for (let i = 0; i < opts.length; i++) {
      if (opts[i] === 'ignorecase') ignoreCase = true
      else if (opts[i] === 'reltime') {
        const unit = {days: 86_400_000, hours: 3_600_000, minutes: 60_000}[opts[i + 1] as 'days']
        const n = checkInteger('The reltime value', opts[i + 2] ?? '', {min: 1, max: 100_000})
        if (!unit || typeof n === 'string')
          throw new UsageError('reltime takes a unit and a number: reltime days|hours|minutes N.', {
            code: 'USAGE',
            fix: 'E.g. `file search activelog cm/trace/ccmpns/log4j/* 400 reltime hours 2`.',
          })
        since = ctx.clock.now() - n * unit
        i += 2
      } else {
        throw new UsageError(`Unknown option "${argv[i + 2]}".`, {
          code: 'USAGE',
          fix: 'Options: ignorecase, reltime days|hours|minutes N.',
        })
      }
    }
    if (pattern.length > MAX_PATTERN || SLOW_PATTERN.test(pattern) || unboundedRepeats(pattern) > MAX_UNBOUNDED) {
      throw new UsageError(
        `The pattern could take too long on a long trace (a repeated group that repeats inside, a back-reference, more than ${MAX_UNBOUNDED} unbounded repeats, or over ${MAX_PATTERN} characters).`,
        {code: 'SLOW_PATTERN', fix: 'Search for a plainer pattern, e.g. fetchAndStoreAccessToken.*400.'},
      )
    }
    let re: RegExp
    try {
      re = new RegExp(pattern, ignoreCase ? 'i' : '')
    } catch (error) {
      throw new UsageError(
        `Invalid regular expression: ${pattern} (${(error as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '')}).`,
        {code: 'BAD_PATTERN', fix: 'Escape special characters with a backslash, e.g. \\(.'},
      )
    }
    const node = ctx.node()
    const files = activelogFiles(ctx.store, node, args.path!).filter((f) => since === undefined || f.lastAt >= since)
    const deadline = performance.now() + SEARCH_LIMIT_MS
    const within = () => {
      if (performance.now() <= deadline) return true
      throw new FailedError(`The search took longer than ${SEARCH_LIMIT_MS / 1000} s; it was stopped.`, {
        code: 'SEARCH_TOO_LONG',
        fix: 'Narrow it: one file instead of a folder, reltime, or a plainer pattern.',
      })
    }
    return {
      node: node.host,
      path: args.path!,
      pattern,
      ignoreCase,
      files: files.map((f) => ({
        file: `${f.dir}/${f.file}`,
        matches: traceFileLines(ctx.store, node, f.dir, f.file).filter(
          (l) => within() && re.test(l.slice(0, MAX_LINE)),
        ),
      })),
    }
  },
  human(ctx, r) {
    ctx.out.line(`Searching path: ${ACTIVELOG}/${r.path.replace(/^\/+/, '')}`)
    for (const f of r.files) {
      ctx.out.line(`Searching file: ${ACTIVELOG}/${f.file}`)
      ctx.out.lines(f.matches)
    }
    ctx.out.line('Search completed')
  },
})

export interface GetResult {
  node: string
  directory: string
  files: Array<{file: string; bytes: number; path: string}>
  bytes: number
}

/**
 * `file get activelog FILE-SPEC [--to DIR]`: copies the named trace files of the node to a local folder (CUCM sends
 * them to an SFTP server), keeping their activelog paths under it. Prints CUCM's summary lines. Refused over SSH
 * (the command's refusedOverSsh: a session never writes files on the server).
 */
export const get = handler<GetResult>({
  write: false,
  run(ctx, {args, flags}) {
    const node = ctx.node()
    const files = activelogFiles(ctx.store, node, args.path!)
    if (files.length === 0)
      throw new FailedError(`No files match ${args.path}.`, {
        code: 'NO_FILES',
        fix: `List them with \`file list activelog ${args.path!.replace(/[^/]*\*[^/]*$/, '')}\`.`,
      })
    const directory = resolve((flags.to as string | undefined) ?? '.')
    const out: GetResult['files'] = []
    try {
      for (const f of files) {
        const rel = `${f.dir}/${f.file}`
        if (rel.split('/').some((part) => part === '..' || part === '')) continue
        const path = join(directory, node.host, rel)
        mkdirSync(dirname(path), {recursive: true})
        const text = traceFileLines(ctx.store, node, f.dir, f.file)
          .map((l) => `${l}\n`)
          .join('')
        writeFileSync(path, text)
        out.push({file: rel, bytes: Buffer.byteLength(text), path})
      }
    } catch (error) {
      throw new FailedError(
        `Cannot write to ${directory} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
        {code: 'CANNOT_WRITE', fix: 'Give a folder you can write with --to DIR.'},
      )
    }
    return {node: node.host, directory, files: out, bytes: out.reduce((a, f) => a + f.bytes, 0)}
  },
  human(ctx, r) {
    ctx.out.line('Please wait while the system is gathering files info ...done.')
    ctx.out.line('Sub-directories were not traversed.')
    ctx.out.line(`Number of files affected: ${r.files.length}`)
    ctx.out.line(`Total size in Bytes: ${r.bytes}`)
    ctx.out.line(`Total size in Kbytes: ${r.bytes / 1024}`)
    ctx.out.line('Transfer completed.')
    ctx.err.line(
      `Wrote ${r.files.length} file${r.files.length === 1 ? '' : 's'} of ${r.node} under ${join(r.directory, r.node)}.`,
    )
  },
})
