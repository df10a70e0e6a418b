/** Bounds of a whole-number flag or argument (oclif's Flags.integer({min, max}) / Args.integer). */
export interface IntegerBounds {
  min?: number
  max?: number
}

/**
 * A whole number within bounds, or the one line that says why not (`LABEL must be a whole number from 1 to 100000,
 * not "abc".`): the single check behind every integer flag and argument, whichever path parsed it.
 */
export function checkInteger(label: string, text: string, b: IntegerBounds): number | string {
  const range =
    b.min !== undefined && b.max !== undefined
      ? ` from ${b.min} to ${b.max}`
      : b.min !== undefined
        ? ` of at least ${b.min}`
        : b.max !== undefined
          ? ` of at most ${b.max}`
          : ''
  const why = `${label} must be a whole number${range}, not "${text}".`
  if (!/^-?\d+$/.test(text)) return why
  const n = Number(text)
  if (!Number.isSafeInteger(n) || (b.min !== undefined && n < b.min) || (b.max !== undefined && n > b.max)) return why
  return n
}
