import type {Input} from './handler.js'

export interface WordFlag {
  type: 'boolean' | 'option'
}

/**
 * Parses the input of a command whose words are taken verbatim (`static rawWords = true`, e.g. `run sql`): the
 * command's own long flags are recognised anywhere (`--json`, `--node HOST`, `--node=HOST`); every other word is
 * kept as typed, in order, even `-1`, `-` or `--x`; a bare `--` ends the flags and is dropped. SQL never needs a word
 * that is one of the command's flags (`--` starts a comment in SQL). Returns an error message for a flag missing
 * its value.
 */
export function parseWords(flagDefs: Record<string, WordFlag>, argv: string[]): Input | string {
  const flags: Record<string, unknown> = {}
  const words: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--') {
      words.push(...argv.slice(i + 1))
      break
    }
    const m = /^--([a-z][a-z0-9-]*)(?:=(.*))?$/s.exec(a)
    const name = m?.[1] ?? ''
    const def = Object.hasOwn(flagDefs, name) ? flagDefs[name] : undefined
    if (!m || !def) {
      words.push(a)
      continue
    }
    if (def.type === 'boolean') {
      if (m[2] !== undefined) return `--${name} takes no value.`
      flags[name] = true
    } else if (m[2] !== undefined) {
      flags[name] = m[2]
    } else if (i + 1 < argv.length) {
      flags[name] = argv[++i]
    } else {
      return `--${name} needs a value.`
    }
  }
  return {args: {statement: words[0]}, argv: words, flags}
}

/** --help before any `--`: the command's help is wanted (oclif shows it). */
export function wantsHelp(argv: string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false
    if (a === '--help') return true
  }
  return false
}
