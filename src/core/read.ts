import {closeSync, fstatSync, openSync, readSync} from 'node:fs'

import {UsageError} from './errors.js'

/**
 * Input read with a size limit: stdin and files (`run sql -`, `--file`, `--password-stdin`, `--authorized-key`,
 * `alarms decrypt --file`, `--token-stdin`). Past the limit the command exits 2 with one line, having read at most
 * limit + 1 bytes (so /dev/zero or an endless pipe cannot exhaust memory).
 */

export const KiB = 1024
export const MiB = 1024 * 1024

function size(n: number): string {
  return n >= MiB ? `${n / MiB} MiB` : `${n / KiB} KiB`
}

function tooLarge(what: string, limit: number, fix?: string): UsageError {
  return new UsageError(`${what} is larger than ${size(limit)}; nothing was read further.`, {
    code: 'INPUT_TOO_LARGE',
    fix: fix ?? `Give at most ${size(limit)}.`,
  })
}

/** Reads a stream to its end, as UTF-8, refusing more than limit bytes. */
export async function readStreamLimited(
  stream: NodeJS.ReadableStream,
  limit: number,
  what: string,
  fix?: string,
): Promise<string> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const c of stream) {
    const b = Buffer.isBuffer(c) ? c : Buffer.from(String(c))
    total += b.length
    if (total > limit) throw tooLarge(what, limit, fix)
    chunks.push(b)
  }
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Reads a file (or a device, FIFO...) as UTF-8, refusing more than limit bytes. File system errors are thrown as
 * they are (callers word them).
 */
export function readFileLimited(path: string, limit: number, what: string, fix?: string): string {
  const fd = openSync(path, 'r')
  try {
    const st = fstatSync(fd)
    if (st.isDirectory()) throw Object.assign(new Error(`EISDIR: ${path} is a directory`), {code: 'EISDIR'})
    if (st.isFile() && st.size > limit) throw tooLarge(what, limit, fix)
    const buf = Buffer.alloc(Math.min(limit + 1, st.isFile() ? st.size + 1 : limit + 1))
    let n = 0
    for (;;) {
      if (n === buf.length) {
        if (n > limit) throw tooLarge(what, limit, fix)
        break
      }
      const got = readSync(fd, buf, n, buf.length - n, null)
      if (got === 0) break
      n += got
    }
    if (n > limit) throw tooLarge(what, limit, fix)
    return buf.subarray(0, n).toString('utf8')
  } finally {
    closeSync(fd)
  }
}
