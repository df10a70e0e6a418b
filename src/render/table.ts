import {escapeControls} from '../core/text.js'

/** A value as CUCM's CLI prints it: NULL for null, t/f for booleans, blanks for an empty string. */
export function cucmCell(value: unknown): string {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'boolean') return value ? 't' : 'f'
  if (typeof value === 'bigint') return value.toString()
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex')
  // A value cannot break the table's lines or reach the terminal as an escape code.
  return escapeControls(String(value).replace(/[\r\n\t]/g, ' '))
}

export type WidthFn = (text: string) => number

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/

/**
 * The display width of texts as a terminal shows them (wide CJK and emoji count 2, combining marks 0). Plain ASCII,
 * nearly every table, needs no library; string-width is loaded only when some text is not ASCII.
 */
export async function widthFor(texts: Iterable<string>): Promise<WidthFn> {
  for (const t of texts) {
    if (!PRINTABLE_ASCII.test(t)) {
      const {default: stringWidth} = await import('string-width')
      return stringWidth
    }
  }
  return (t) => t.length
}

/** Pads to a display width. */
export function padDisplay(text: string, width: number, w: WidthFn): string {
  const n = w(text)
  return n >= width ? text : text + ' '.repeat(width - n)
}

/** Column widths: the wider of each name and its longest value. */
export function columnWidths(columns: string[], rows: string[][], w: WidthFn): number[] {
  const widths = columns.map((c) => w(c))
  for (const row of rows) {
    for (let i = 0; i < widths.length; i++) {
      const n = w(row[i] ?? '')
      if (n > widths[i]) widths[i] = n
    }
  }
  return widths
}

/** One line of a CUCM table: left-aligned cells separated by one space, no trailing blanks. */
export function tableLine(cells: string[], widths: number[], w: WidthFn): string {
  return cells
    .map((c, i) => (i === cells.length - 1 ? c : padDisplay(c, widths[i], w)))
    .join(' ')
    .replace(/\s+$/, '')
}

/**
 * The table shape of CUCM's `run sql`: a header of column names, a line of `=` under each, then one line a row.
 * Columns are left-aligned, separated by one space, each as wide as the wider of its name and its longest value.
 * Control characters in cells are shown escaped.
 */
export async function cucmTable(columns: string[], given: string[][]): Promise<string[]> {
  // No cell can break the table's lines or reach the terminal as an escape code.
  const rows = given.map((r) => r.map((c) => escapeControls(c.replace(/[\r\n\t]/g, ' '))))
  const w = await widthFor([...columns, ...rows.flat()])
  const widths = columnWidths(columns, rows, w)
  return [
    tableLine(columns, widths, w),
    widths.map((n) => '='.repeat(n)).join(' '),
    ...rows.map((r) => tableLine(r, widths, w)),
  ]
}
