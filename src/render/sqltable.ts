import type {Writable} from 'node:stream'

import {type WidthFn, cucmCell, tableLine} from './table.js'

/** Where output goes, a chunk at a time; a promise makes the printer wait (backpressure). */
export type Write = (chunk: string) => void | Promise<void>

/**
 * Writes to a stream with backpressure: when the stream's buffer is full (a pipe whose reader is slower), the next
 * chunk waits for 'drain', so memory stays bounded. A reader that goes away (EPIPE, e.g. `| head`) ends the output
 * quietly; `done()` reports any other write error.
 */
export function streamWriter(stream: Writable): {write: Write; done(): void} {
  let failed: (Error & {code?: string}) | undefined
  const onError = (e: Error) => (failed = e)
  stream.on('error', onError)
  return {
    async write(chunk) {
      if (failed || stream.write(chunk)) return
      await new Promise<void>((resolve) => {
        const go = () => {
          stream.off('drain', go)
          stream.off('error', go)
          resolve()
        }
        stream.on('drain', go)
        stream.on('error', go)
      })
    },
    done() {
      stream.off('error', onError)
      if (failed && failed.code !== 'EPIPE') throw failed
    },
  }
}

const ASCII = /^[\x20-\x7e]*$/
const CHUNK = 64 * 1024

/** Collects lines and writes them in chunks of about 64 KiB (one write per line costs a system call each). */
class Chunks {
  private buf = ''
  constructor(private readonly write: Write) {}
  /** Adds text; true when a chunk is ready to flush. */
  add(text: string): boolean {
    this.buf += text
    return this.buf.length >= CHUNK
  }
  async flush(): Promise<void> {
    const b = this.buf
    this.buf = ''
    if (b) await this.write(b)
  }
}

/**
 * CUCM's `run sql` table for a result of any size, in bounded memory: a first pass over the rows measures each
 * column (the wider of its name and its longest value), a second pass prints; only one row, the widths and a chunk
 * of output (64 KiB) are held at a time, and a slow reader holds the printer back (see streamWriter). Plain ASCII is measured by length; if any text is not, string-width is loaded and the widths are
 * measured again (wide characters count 2). `rows` must give the same rows each time (read them in one snapshot).
 * Returns the number of rows.
 */
export async function printCucmTable(
  columns: string[],
  rows: () => Iterable<unknown[]>,
  write: Write,
): Promise<number> {
  let width: WidthFn = (t) => t.length
  const measure = () => {
    const widths = columns.map((c) => width(c))
    let ascii = columns.every((c) => ASCII.test(c))
    let count = 0
    for (const row of rows()) {
      count++
      for (let i = 0; i < widths.length; i++) {
        const text = cucmCell(row[i])
        if (ascii && !ASCII.test(text)) ascii = false
        const n = width(text)
        if (n > widths[i]) widths[i] = n
      }
    }
    return {widths, ascii, count}
  }
  let m = measure()
  if (!m.ascii) {
    const {default: stringWidth} = await import('string-width')
    width = stringWidth
    m = measure()
  }
  const out = new Chunks(write)
  out.add(`${tableLine(columns, m.widths, width)}\n${m.widths.map((n) => '='.repeat(n)).join(' ')}\n`)
  for (const row of rows())
    if (
      out.add(
        `${tableLine(
          row.map((v) => cucmCell(v)),
          m.widths,
          width,
        )}\n`,
      )
    )
      await out.flush()
  await out.flush()
  return m.count
}

/** Column names as JSON keys: a repeated name gets a suffix (pkid, pkid_2), so no value is lost. */
export function jsonKeys(columns: string[]): string[] {
  const seen = new Map<string, number>()
  return columns.map((c) => {
    const n = (seen.get(c) ?? 0) + 1
    seen.set(c, n)
    return n === 1 ? c : `${c}_${n}`
  })
}

/** A value as JSON carries it: blobs as hex, big integers as numbers. */
function jsonValue(v: unknown): unknown {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('hex')
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : v
  return v ?? null
}

/** A marker JSON.stringify writes for a 64-bit integer, replaced by its exact digits (a valid JSON number). */
const BIG = `\u0000big${process.pid}:`
/** The marker as JSON.stringify writes it: `"\u0000big<pid>:<digits>"`. */
const BIG_RE = new RegExp(`"\\\\u0000big${process.pid}:(-?\\d+)"`, 'g')

/** JSON.stringify that writes integers beyond 2^53 with all their digits. */
function stringifyExact(obj: unknown): string {
  let big = false
  const text = JSON.stringify(
    obj,
    (_k, v) => {
      if (typeof v !== 'bigint') return v
      big = true
      return `${BIG}${v}`
    },
    2,
  )
  return big ? text.replace(BIG_RE, '$1') : text
}

/**
 * The --json document of a SELECT, `{columns, rows, rowCount}` with rows as objects keyed by column, streamed a row
 * at a time; the text is exactly what JSON.stringify(document, null, 2) would give. Returns the number of rows.
 */
export async function printJsonResult(columns: string[], rows: Iterable<unknown[]>, write: Write): Promise<number> {
  const keys = jsonKeys(columns)
  const out = new Chunks(write)
  out.add(`{\n  "columns": ${JSON.stringify(keys, null, 2).replaceAll('\n', '\n  ')},\n  "rows": [`)
  let count = 0
  for (const row of rows) {
    const obj: Record<string, unknown> = {}
    for (let i = 0; i < keys.length; i++) obj[keys[i]] = jsonValue(row[i])
    if (out.add(`${count ? ',' : ''}\n    ${stringifyExact(obj).replaceAll('\n', '\n    ')}`)) await out.flush()
    count++
  }
  out.add(`${count ? '\n  ' : ''}],\n  "rowCount": ${count}\n}\n`)
  await out.flush()
  return count
}
