import {UsageError} from './errors.js'

const UNITS: Record<string, number> = {ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000}

/**
 * Durations for `sim clock advance`: a sequence of number+unit parts, `90s`, `45m`, `2h`, `61d`, `1h30m`.
 * Negative, fractional-less-than-ms, empty and malformed values are bad input.
 */
export function parseDuration(text: string): number {
  const t = text.trim().toLowerCase()
  if (!t) throw new UsageError('The duration is empty.', {fix: 'Give a duration such as 90s, 45m, 2h, 61d or 1h30m.'})
  const part = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/gy
  let total = 0
  let pos = 0
  let m: RegExpExecArray | null
  while ((m = part.exec(t)) !== null) {
    total += Number(m[1]) * UNITS[m[2]]
    pos = part.lastIndex
  }
  if (pos !== t.length || pos === 0) {
    throw new UsageError(`"${text}" is not a duration.`, {fix: 'Give a positive duration such as 90s, 45m, 2h, 61d or 1h30m (units ms, s, m, h, d, w).'})
  }
  total = Math.round(total)
  if (total <= 0) throw new UsageError(`The duration "${text}" is zero.`, {fix: 'Give a positive duration such as 90s or 2h.'})
  if (total > 100 * 365 * UNITS.d) throw new UsageError(`The duration "${text}" is over 100 years.`, {fix: 'Give a shorter duration.'})
  return total
}

/** A duration as the largest whole units: 1h30m, 61d, 90s. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s'
  const parts: string[] = []
  let rest = Math.abs(ms)
  for (const [u, size] of [['d', UNITS.d], ['h', UNITS.h], ['m', UNITS.m], ['s', UNITS.s]] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${u}`)
      rest %= size
    }
  }
  if (rest) parts.push(`${rest}ms`)
  return (ms < 0 ? '-' : '') + parts.join('')
}

/** ISO 8601 timestamps with an explicit zone (or a bare date, taken as UTC midnight). */
export function parseInstant(text: string): number {
  const t = text.trim()
  const ok = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:?\d{2}))?$/i.test(t)
  const ms = ok ? Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(t) ? `${t}T00:00:00Z` : t) : Number.NaN
  if (!ok || Number.isNaN(ms)) {
    throw new UsageError(`"${text}" is not an ISO 8601 time with a zone.`, {fix: 'Use e.g. 2026-03-01T09:00:00Z or 2026-03-01T10:00:00+01:00.'})
  }
  return ms
}

export function iso(ms: number): string {
  return new Date(ms).toISOString()
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const p2 = (n: number) => String(n).padStart(2, '0')

/** CUCM's `show status` date: `Mon Jan 05, 2026 09:00:00`. */
export function cucmDate(ms: number): string {
  const d = new Date(ms)
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${p2(d.getUTCDate())}, ${d.getUTCFullYear()} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`
}

/** log4j's time stamp as CUCM traces print it: `2026-01-05 09:00:00,000`. */
export function log4jTime(ms: number): string {
  return iso(ms).replace('T', ' ').replace('.', ',').replace('Z', '')
}

const parts = (ms: number) => {
  const d = new Date(ms)
  return {
    day: DAYS[d.getUTCDay()],
    mon: MONTHS[d.getUTCMonth()],
    date: d.getUTCDate(),
    year: d.getUTCFullYear(),
    time: `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`,
  }
}

/** `show status`'s Date as the real capture prints it: `Mon Mar 2, 2026 00:36:32` (day of month unpadded). */
export function statusDate(ms: number): string {
  const p = parts(ms)
  return `${p.day} ${p.mon} ${p.date}, ${p.year} ${p.time}`
}

/** `show network cluster`'s "using TCP since" date: `Sat Aug 9 02:49:37 2025`. */
export function sinceDate(ms: number): string {
  const p = parts(ms)
  return `${p.day} ${p.mon} ${p.date} ${p.time} ${p.year}`
}

/** The `date` command's form, as `Server Time:` and ntp print it: `Tue Aug  1 15:10:52 UTC 2023`. */
export function unixDate(ms: number): string {
  const p = parts(ms)
  return `${p.day} ${p.mon} ${String(p.date).padStart(2, ' ')} ${p.time} UTC ${p.year}`
}

/** uptime(1)'s duration: `79 days, 12:45`, ` 2:05`, `36 min` (as `show status` prints it after "up"). */
export function uptimeText(seconds: number): string {
  const days = Math.floor(seconds / 86_400)
  const h = Math.floor((seconds % 86_400) / 3600)
  const m = Math.floor((seconds % 3600) / 60)
  const dayPart = days ? `${days} day${days === 1 ? '' : 's'}, ` : ''
  return dayPart + (h ? `${String(h).padStart(2, ' ')}:${p2(m)}` : `${m} min`)
}
