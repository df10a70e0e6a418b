import type {Manifest, ManifestCommand} from '../run/fast.js'
import {UsageError} from '../core/errors.js'
import {suggest} from '../core/ids.js'

/**
 * `help` inside the admin: shell, built from oclif.manifest.json (no oclif in the session): the command list,
 * a topic's commands, or one command's usage, flags and examples, written as typed at the prompt (no `ucadmin`).
 */

interface HelpFlag {
  name: string
  type: 'boolean' | 'option'
  char?: string
  description?: string
  required?: boolean
  multiple?: boolean
  options?: string[]
  helpGroup?: string
}

type HelpCommand = ManifestCommand & {
  summary?: string
  description?: string
  examples?: Array<string | {command: string; description?: string}>
  hidden?: boolean
  flags: Record<string, HelpFlag>
  args: Record<string, {name: string; required?: boolean; description?: string}>
}

/** The shell's own commands, shown after the manifest's. */
export const BUILTIN_HELP: Array<[string, string]> = [
  ['help [COMMAND]', "Show the commands, or one command's usage (also COMMAND --help)."],
  ['set cli pagination on|off', 'Page long output (on by default on a terminal): Press <enter>, <space> or <q>.'],
  ['quit, exit', 'Leave the shell.'],
]

const words = (id: string) => id.replaceAll(':', ' ')

function firstSentence(text = ''): string {
  const line = text.split('\n')[0].trim()
  return line
}

function wrap(text: string, width: number, indent: string): string[] {
  const out: string[] = []
  for (const para of text.split('\n')) {
    let line = ''
    for (const w of para.split(/\s+/).filter(Boolean)) {
      if (line && indent.length + line.length + 1 + w.length > width) {
        out.push(indent + line)
        line = w
      } else line = line ? `${line} ${w}` : w
    }
    out.push(indent + line)
  }
  return out
}

function listing(cmds: HelpCommand[], width: number): string[] {
  const names = cmds.map((c) => words(c.id))
  const pad = Math.min(Math.max(...names.map((n) => n.length), 10) + 2, 40)
  const lines: string[] = []
  for (const [i, c] of cmds.entries()) {
    const name = names[i]
    // The whole summary, wrapped to the terminal's width under its column (never cut).
    const text = wrap(firstSentence(c.summary ?? c.description), Math.max(width, pad + 2 + 20), ' '.repeat(pad + 2))
    if (name.length >= pad) lines.push(`  ${name}`, ...text)
    else lines.push(`  ${name.padEnd(pad)}${text[0].trimStart()}`, ...text.slice(1))
  }
  return lines
}

function usage(c: HelpCommand): string {
  const parts = [words(c.id)]
  const args = Object.values(c.args ?? {})
  for (const [i, a] of args.entries()) {
    const last = i === args.length - 1
    const name = a.name.toUpperCase() + (last && c.strict === false ? '...' : '')
    parts.push(a.required ? name : `[${name}]`)
  }
  for (const f of Object.values(c.flags)) {
    if (f.required) parts.push(`--${f.name} ${f.name.toUpperCase()}`)
  }
  if (Object.values(c.flags).some((f) => !f.required)) parts.push('[FLAGS]')
  return parts.join(' ')
}

function commandHelp(c: HelpCommand, width: number): string[] {
  const lines = [`Usage: ${usage(c)}`, '']
  if (c.summary) lines.push(...wrap(c.summary, width, '  '))
  if (c.description && c.description !== c.summary) lines.push('', ...wrap(c.description, width, '  '))
  const args = Object.values(c.args ?? {})
  if (args.length) {
    lines.push('', 'Arguments:')
    const pad = Math.max(...args.map((a) => a.name.length)) + 4
    for (const a of args) lines.push(`  ${a.name.toUpperCase().padEnd(pad)}${a.description ?? ''}`)
  }
  const flags = Object.values(c.flags).sort(
    (a, b) => Number(a.helpGroup === 'GLOBAL') - Number(b.helpGroup === 'GLOBAL'),
  )
  if (flags.length) {
    lines.push('', 'Flags:')
    const label = (f: HelpFlag) =>
      `${f.char ? `-${f.char}, ` : ''}--${f.name}${f.type === 'option' ? ` ${f.options ? f.options.join('|') : f.name.toUpperCase()}` : ''}`
    const pad = Math.min(Math.max(...flags.map((f) => label(f).length)) + 2, 34)
    for (const f of flags) {
      const l = label(f)
      const desc = f.description ?? ''
      // Said once: a description that already says "repeatable" or "required" gets no second mention.
      const d = `${desc}${f.required && !/required/i.test(desc) ? ' (required)' : ''}${f.multiple && !/repeatable/i.test(desc) ? ' (repeatable)' : ''}`
      lines.push(l.length >= pad ? `  ${l}\n  ${' '.repeat(pad)}${d}` : `  ${l.padEnd(pad)}${d}`)
    }
  }
  const examples = (c.examples ?? [])
    .map((e) => (typeof e === 'string' ? e : e.command))
    .map((e) => e.replace(/<%= config\.bin %> /g, ''))
  if (examples.length) lines.push('', 'Examples:', ...examples.map((e) => `  ${e}`))
  return lines.flatMap((l) => l.split('\n'))
}

/**
 * The help text for `help WORDS...`; `visible` says which commands this session offers. Throws a UsageError for
 * words that name nothing.
 */
export function helpText(
  manifest: Manifest,
  typed: string[],
  visible: (c: ManifestCommand) => boolean,
  width = 80,
): string[] {
  const all = (Object.values(manifest.commands) as HelpCommand[])
    .filter((c) => !c.hidden && visible(c))
    .sort((a, b) => a.id.localeCompare(b.id))
  const w = typed.map((x) => x.toLowerCase())
  if (w.length === 0) {
    return [
      'Commands (type `help COMMAND` for details; command words in any letter case):',
      ...listing(all, width),
      '',
      'Shell:',
      ...BUILTIN_HELP.map(([n, d]) => `  ${n.padEnd(28)}${d}`),
    ]
  }
  const id = w.join(':')
  const exact = all.find((c) => c.id.toLowerCase() === id || (c.aliases ?? []).some((a) => a.toLowerCase() === id))
  const under = all.filter((c) => c.id.toLowerCase().startsWith(`${id}:`))
  if (exact) {
    const lines = commandHelp(exact, width)
    if (under.length) lines.push('', 'Sub-commands:', ...listing(under, width))
    return lines
  }
  if (under.length) return [`${words(id)} commands:`, ...listing(under, width)]
  const near = suggest(
    w.join(' '),
    all.map((c) => words(c.id)),
  )
  throw new UsageError(`There is no help for "${typed.join(' ')}": no such command.`, {
    code: 'UNKNOWN_COMMAND',
    fix: near.length ? `Did you mean \`help ${near[0]}\`?` : 'Type `help` for the list of commands.',
  })
}
