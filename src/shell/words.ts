import {UsageError} from '../core/errors.js'

/**
 * Splitting an admin: command line into words. Whitespace separates words; '...' keeps everything literally;
 * "..." keeps spaces and understands \" and \\; a backslash outside quotes escapes the next character.
 * Service names need no quotes (`utils service restart Cisco Tomcat`); `run sql` never goes through here (its
 * statement is taken verbatim, see rawTail).
 */
export function splitWords(line: string): string[] {
  const words: string[] = []
  let cur = ''
  let inWord = false
  let quote: '"' | "'" | undefined
  for (let i = 0; i < line.length; i++) {
    const c = line[i]
    if (quote === "'") {
      if (c === "'") quote = undefined
      else cur += c
      continue
    }
    if (quote === '"') {
      if (c === '"') quote = undefined
      else if (c === '\\' && (line[i + 1] === '"' || line[i + 1] === '\\')) cur += line[++i]
      else cur += c
      continue
    }
    if (/\s/.test(c)) {
      if (inWord) words.push(cur)
      cur = ''
      inWord = false
      continue
    }
    inWord = true
    if (c === "'" || c === '"') quote = c
    else if (c === '\\' && i + 1 < line.length) cur += line[++i]
    else cur += c
  }
  if (quote)
    throw new UsageError(`The command line has an unclosed ${quote === '"' ? 'double' : 'single'} quote.`, {
      code: 'UNCLOSED_QUOTE',
      fix: `Close the ${quote} quote.`,
    })
  if (inWord) words.push(cur)
  return words
}

/**
 * For a raw-tail command: the text after its command words, untouched (quotes, `--` and all), or undefined when the
 * line does not start with those words.
 */
export function rawTail(line: string, id: string): string | undefined {
  const words = id.split(':').map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
  const m = new RegExp(`^\\s*${words.join('\\s+')}(?:\\s+([\\s\\S]*))?$`, 'i').exec(line)
  return m ? (m[1] ?? '').trim() : undefined
}
