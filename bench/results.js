// Every benchmark writes its table into one file, bench/RESULTS.md, in a section of its own between markers.
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

export const RESULTS = fileURLToPath(new URL('RESULTS.md', import.meta.url))

/** Replaces (or appends) the section `name` of bench/RESULTS.md with a heading and the markdown body. */
export function writeSection(name, heading, body) {
  const start = `<!-- ${name}:begin -->`
  const end = `<!-- ${name}:end -->`
  let text = existsSync(RESULTS)
    ? readFileSync(RESULTS, 'utf8')
    : '# Benchmark results\n\nWritten by `npm run bench` (each script updates its own section).\n'
  const block = `${start}\n## ${heading}\n\n${body.trim()}\n${end}`
  text = text.includes(start)
    ? text.replace(new RegExp(`${start}[\\s\\S]*?${end}`), () => block)
    : `${text.trimEnd()}\n\n${block}\n`
  writeFileSync(RESULTS, text)
}
