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
    throw new UsageError(`"${text}" is not a duration.`, {
      fix: 'Give a positive duration such as 90s, 45m, 2h, 61d or 1h30m (units ms, s, m, h, d, w).',
    })
  }
  total = Math.round(total)
  if (total <= 0)
    throw new UsageError(`The duration "${text}" is zero.`, {fix: 'Give a positive duration such as 90s or 2h.'})
  if (total > 100 * 365 * UNITS.d)
    throw new UsageError(`The duration "${text}" is over 100 years.`, {fix: 'Give a shorter duration.'})
  return total
}

/** A duration as the largest whole units: 1h30m, 61d, 90s. */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s'
  const parts: string[] = []
  let rest = Math.abs(ms)
  for (const [u, size] of [
    ['d', UNITS.d],
    ['h', UNITS.h],
    ['m', UNITS.m],
    ['s', UNITS.s],
  ] as const) {
    if (rest >= size) {
      parts.push(`${Math.floor(rest / size)}${u}`)
      rest %= size
    }
  }
  if (rest) parts.push(`${rest}ms`)
  return (ms < 0 ? '-' : '') + parts.join('')
}

const ISO_INSTANT = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2}))?$/i

/**
 * ISO 8601 times with an explicit zone (`2026-03-01T09:00:00Z`, `...+01:00`), or a bare date (taken as UTC
 * midnight). A time without a zone is ambiguous and refused; so is a date or time that does not exist
 * (`2026-02-30`, `25:00`), which JavaScript's Date would quietly roll over into the next month or day.
 */
export function parseInstant(text: string): number {
  const t = text.trim()
  const m = ISO_INSTANT.exec(t)
  const bad = (why: string) =>
    new UsageError(`"${text}" is not ${why}.`, {
      code: 'BAD_TIME',
      fix: 'Use e.g. 2026-03-01T09:00:00Z or 2026-03-01T10:00:00+01:00.',
    })
  if (!m) {
    if (/^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?$/i.test(t))
      throw bad('a time with a zone (add Z for UTC, or an offset such as +01:00)')
    throw bad('an ISO 8601 time with a zone')
  }
  const [y, mo, d, h = '0', mi = '0', sec = '0'] = m.slice(1, 7).map((x) => x ?? undefined)
  const daysInMonth = new Date(Date.UTC(Number(y), Number(mo), 0)).getUTCDate()
  if (Number(mo) < 1 || Number(mo) > 12) throw bad(`a date that exists (there is no month ${mo})`)
  if (Number(d) < 1 || Number(d) > daysInMonth) throw bad(`a date that exists (${y}-${mo} has ${daysInMonth} days)`)
  if (Number(h) > 23 || Number(mi) > 59 || Number(sec) > 59)
    throw bad('a time of day that exists (00:00:00 to 23:59:59)')
  const zone = m[7]
  if (zone && zone.toUpperCase() !== 'Z') {
    const z = /^[+-](\d{2}):?(\d{2})$/.exec(zone)!
    if (Number(z[1]) > 14 || Number(z[2]) > 59) throw bad('a time with a valid zone offset (-14:00 to +14:00)')
  }
  const ms = Date.parse(
    m[4] === undefined ? `${t}T00:00:00Z` : t.replace(' ', 'T').replace(/([+-]\d{2})(\d{2})$/, '$1:$2'),
  )
  if (Number.isNaN(ms)) throw bad('an ISO 8601 time with a zone')
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
