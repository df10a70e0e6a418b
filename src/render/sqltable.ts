import {type WidthFn, cucmCell, tableLine} from './table.js'

/** Where output goes, a chunk at a time. */
export type Write = (chunk: string) => void

const ASCII = /^[\x20-\x7e]*$/
const CHUNK = 64 * 1024

/** Collects lines and writes them in chunks of about 64 KiB (one write per line costs a system call each). */
class Chunks {
  private buf = ''
  constructor(private readonly write: Write) {}
  line(text: string): void {
    this.buf += text + '\n'
    if (this.buf.length >= CHUNK) this.flush()
  }
  text(text: string): void {
    this.buf += text
    if (this.buf.length >= CHUNK) this.flush()
  }
  flush(): void {
    if (this.buf) this.write(this.buf)
    this.buf = ''
  }
}

/**
 * CUCM's `run sql` table for a result of any size, in bounded memory: a first pass over the rows measures each
 * column (the wider of its name and its longest value), a second pass prints; only one row and the widths are held
 * at a time. Plain ASCII is measured by length; if any text is not, string-width is loaded and the widths are
 * measured again (wide characters count 2). `rows` must give the same rows each time (read them in one snapshot).
 * Returns the number of rows.
 */
export async function printCucmTable(columns: string[], rows: () => Iterable<unknown[]>, write: Write): Promise<number> {
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
  out.line(tableLine(columns, m.widths, width))
  out.line(m.widths.map((n) => '='.repeat(n)).join(' '))
  for (const row of rows()) out.line(tableLine(row.map((v) => cucmCell(v)), m.widths, width))
  out.flush()
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
  if (typeof v === 'bigint') return Number(v)
  return v ?? null
}

/**
 * The --json document of a SELECT, `{columns, rows, rowCount}` with rows as objects keyed by column, streamed a row
 * at a time; the text is exactly what JSON.stringify(document, null, 2) would give. Returns the number of rows.
 */
export function printJsonResult(columns: string[], rows: Iterable<unknown[]>, write: Write): number {
  const keys = jsonKeys(columns)
  const out = new Chunks(write)
  out.text(`{\n  "columns": ${JSON.stringify(keys, null, 2).replaceAll('\n', '\n  ')},\n  "rows": [`)
  let count = 0
  for (const row of rows) {
    const obj: Record<string, unknown> = {}
    for (let i = 0; i < keys.length; i++) obj[keys[i]] = jsonValue(row[i])
    out.text(`${count ? ',' : ''}\n    ${JSON.stringify(obj, null, 2).replaceAll('\n', '\n    ')}`)
    count++
  }
  out.text(`${count ? '\n  ' : ''}],\n  "rowCount": ${count}\n}\n`)
  out.flush()
  return count
}
