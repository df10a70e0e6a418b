import {createRequire} from 'node:module'

/** A stable UUID (version 5 layout) from a name: pkids that are the same on every run. */
export function stableUuid(...parts: string[]): string {
  // node:crypto costs start-up time; load it only when an id is made.
  const {createHash} = createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')
  const h = createHash('sha1').update(parts.join('\u0000')).digest()
  h[6] = (h[6] & 0x0f) | 0x50
  h[8] = (h[8] & 0x3f) | 0x80
  const x = h.subarray(0, 16).toString('hex')
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20, 32)}`
}

/** Closest candidates to a mistyped word, for "did you mean". */
export function suggest(input: string, candidates: string[], max = 3): string[] {
  // Loaded on first use: only a mistyped word pays for it, not every command's start-up.
  const {distance} = createRequire(import.meta.url)('fastest-levenshtein') as typeof import('fastest-levenshtein')
  const norm = input.toLowerCase()
  const scored = candidates
    .map((c) => {
      const lc = c.toLowerCase()
      const d = distance(norm, lc)
      const contains = lc.includes(norm) || norm.includes(lc)
      return {c, score: contains ? Math.min(d, 2) : d}
    })
    .filter((s) => s.score <= Math.max(2, Math.floor(Math.max(norm.length, 4) / 3)))
    .sort((a, b) => a.score - b.score || a.c.localeCompare(b.c))
  return scored.slice(0, max).map((s) => s.c)
}
