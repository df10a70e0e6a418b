/**
 * Safe HTML by tagged templates: every interpolated value is escaped unless it is already Html (made by html`` or
 * raw()). Arrays are joined; null, undefined and false print nothing. Pages never concatenate strings into markup.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text
  }
}

const ESC: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c])
}

type Value = Html | string | number | boolean | null | undefined | Value[]

function part(v: Value): string {
  if (v === null || v === undefined || v === false) return ''
  if (v instanceof Html) return v.text
  if (Array.isArray(v)) return v.map(part).join('')
  return escapeHtml(String(v))
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0]
  for (let i = 0; i < values.length; i++) out += part(values[i]) + strings[i + 1]
  return new Html(out)
}

/** Markup written by this module's callers as a constant (never user input). */
export function raw(text: string): Html {
  return new Html(text)
}

/** A URL with its query, each value encoded. */
export function url(path: string, query: Record<string, string | undefined> = {}): string {
  const q = Object.entries(query)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v!)}`)
    .join('&')
  return q ? `${path}?${q}` : path
}
