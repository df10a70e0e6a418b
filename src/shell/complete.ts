import type {Manifest, ManifestCommand} from '../run/fast.js'
import {serviceCatalogue} from '../features/platform/services/services.js'
import {type ValueSource, valueCandidates} from './values.js'

/**
 * Tab completion for the admin: prompt, with readline's completer contract: given the line up to the cursor,
 * return [candidates, the text at the end of the line they replace]. Completes command words (in any letter case),
 * flags, `set cli pagination on|off`, and service names (whole multi-word names) after the service commands.
 */
export type Completer = (line: string) => [string[], string]

const BUILTINS = ['help', 'quit', 'exit', 'set']

export function makeCompleter(
  manifest: Manifest,
  visible: (c: ManifestCommand) => boolean,
  values?: ValueSource,
): Completer {
  const commands = Object.values(manifest.commands).filter(visible)
  const paths = commands.map((c) => c.id.split(':'))
  const services = () => serviceCatalogue().map((s) => s.name)

  /** The words that can follow `prefix` (already typed command words, lower case). */
  const nextWords = (prefix: string[]): string[] => {
    const out = new Set<string>()
    for (const p of paths) {
      if (p.length > prefix.length && prefix.every((w, i) => p[i].toLowerCase() === w)) out.add(p[prefix.length])
    }
    if (prefix.length === 0) for (const b of BUILTINS) out.add(b)
    return [...out].sort()
  }

  const findCommand = (ws: string[]): ManifestCommand | undefined => {
    const id = ws.map((w) => w.toLowerCase()).join(':')
    return commands.find((c) => c.id.toLowerCase() === id)
  }

  const pick = (cands: string[], partial: string): string[] =>
    cands.filter((c) => c.toLowerCase().startsWith(partial.toLowerCase()))

  return (line: string): [string[], string] => {
    const parts = line.replace(/^\s+/, '').split(/\s+/)
    const partial = parts.pop() ?? ''
    const prior = parts.filter(Boolean)
    const lower = prior.map((w) => w.toLowerCase())

    if (lower[0] === 'help') return [pick(nextWords(lower.slice(1)), partial), partial]
    if (lower[0] === 'set') {
      if (lower.length === 1) return [pick(['cli'], partial), partial]
      if (lower.length === 2 && lower[1] === 'cli') return [pick(['pagination'], partial), partial]
      if (lower.length === 3 && lower[1] === 'cli' && lower[2] === 'pagination')
        return [pick(['on', 'off'], partial), partial]
      return [[], partial]
    }

    // The longest run of leading words that is a command.
    let cmd: ManifestCommand | undefined
    let cmdWords = 0
    for (let i = prior.length; i > 0; i--) {
      const c = findCommand(prior.slice(0, i))
      if (c) {
        cmd = c
        cmdWords = i
        break
      }
    }
    if (cmd && partial.startsWith('-')) {
      const flags = Object.values(cmd.flags).map((f) => `--${f.name}`)
      return [pick(flags, partial), partial]
    }
    const extra = prior.slice(cmdWords)
    if (cmd && cmd.serviceWords !== undefined) {
      const before = cmd.serviceWords
      if (extra.length >= before) {
        const typed = [...extra.slice(before), partial].join(' ')
        return [pick(services(), typed), typed]
      }
      return [[], partial]
    }
    // Values: a flag's (--node HOST, --cluster NAME, options) or an argument's (hosts, clusters, parameter ids).
    const v = cmd && values ? valueCandidates(cmd, extra, values) : undefined
    if (Array.isArray(v)) return [pick(v, partial), partial]
    if (v === 'files') return [values?.files?.() ?? [], partial]
    if (extra.length === 0 || !cmd) {
      const prefix = cmd ? lower.slice(0, cmdWords) : lower
      // Words after a non-command prefix complete only if the prefix is a topic.
      return [pick(nextWords(prefix), partial), partial]
    }
    return [[], partial]
  }
}
