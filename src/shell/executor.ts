import {type Manifest, type ManifestCommand, matchCommand} from '../run/fast.js'
import type {Env, Input} from '../command/handler.js'
import type {IOStreams} from '../command/io.js'
import {Printer} from '../command/io.js'
import {reportError, runHandler} from '../run/runner.js'
import {UsageError} from '../core/errors.js'
import {suggest} from '../core/ids.js'
import {sessionForm, unquoteShellWord} from '../core/text.js'
import {parseInput, parseRawLine} from '../run/parse.js'
import type {Store} from '../store/store.js'
import {helpText} from './help.js'
import {checkDoor, doorRefusal} from '../run/door.js'
import type {Serial} from '../run/serial.js'
import {rawTail, splitWords} from './words.js'

/** Where commands are typed: the local `ucadmin shell` (prompt or script), or an SSH session. */
export type SessionKind = 'shell' | 'ssh'

export interface ExecutorConfig {
  /** The open state file; absent when `run` runs the commands elsewhere (a worker thread holds the file). */
  store?: Store
  manifest: Manifest
  /** The environment commands see (the shell's own, or the server's). */
  env: Env
  kind: SessionKind
  /** The session's node and cluster, applied to every command that does not name its own. */
  node?: string
  cluster?: string
  /** Over SSH a session stays on its node: commands may not name another node or cluster. */
  pinned?: boolean
  /** Runs command bodies one at a time when sessions share the store (the SSH server). */
  serial?: Serial
  /**
   * The state file is the session's own (a tenant's lab): commands with the ownLab policy (its snapshots, by name)
   * may run over SSH.
   */
  ownFile?: boolean
  /**
   * Runs a planned command somewhere else (`serve ssh --tenants`: on a worker thread that opens the tenant's state
   * file) with the environment `commandEnv` gives and this session's hint; default: the runner, here, on `store`.
   */
  run?: (ref: string, input: Input, io: IOStreams, opts: ExecuteOptions) => Promise<number>
}

/** A hint as typed at a session's prompt: `ucadmin X` without `ucadmin` where X runs in the session (see sessionForm). */
export function sessionHint(manifest: Manifest, kind: SessionKind, ownFile?: boolean): (text: string) => string {
  return (text) =>
    sessionForm(text, (words) => {
      const m = matchCommand(manifest, words)
      return m !== undefined && doorRefusal(m.command, kind, ownFile) === undefined
    })
}

export interface LineResult {
  /** blank: an empty line or a comment; quit: `quit`/`exit`; ran: anything else (a command, help, an error). */
  kind: 'blank' | 'quit' | 'ran'
  /** The exit code the same command would have as a process: 0, 1 or 2. */
  code: number
  /** The command asked for --json (then nothing but its JSON document is printed). */
  json: boolean
}

export interface ExecuteOptions {
  /** Asks `... Continue (y/n)?` on the session's terminal; without it, confirmations follow the CLI's rules. */
  confirm?: (question: string) => Promise<boolean>
  /** Run every command as if it had --json (`shell --json`: one JSON document per command). */
  json?: boolean
  /** Aborted when the session's client has gone: a command still waiting for its turn does not run. */
  signal?: AbortSignal
}

export const PAGINATION_OFF = 'Automatic pagination is turned off'
export const PAGINATION_ON = 'Automatic pagination is turned on'
export const FAILED_TEXT = 'Executed command unsuccessfully'

const HELP_WORDS = new Set(['--help', '-h'])

/**
 * Runs admin: command lines in-process on one open Store, through the same runner as the CLI (one transaction per
 * command, the same output and exit codes). Never throws and never exits: errors are printed and returned as exit
 * codes, so a session survives anything a command does.
 */
export class Executor {
  /** CUCM pages long output on a terminal until `set cli pagination off`. */
  pagination = true
  private readonly env: Env

  /** Commands whose statement is the rest of the line (run sql): `rawWords` in the manifest. */
  private readonly rawCommands: ManifestCommand[]

  constructor(private readonly cfg: ExecutorConfig) {
    this.rawCommands = Object.values(cfg.manifest.commands)
      .filter((c) => c.rawWords === true)
      .sort((a, b) => b.id.length - a.id.length)
    this.hint = sessionHint(cfg.manifest, cfg.kind, cfg.ownFile)
    this.env = {...cfg.env, UCADMIN_SESSION: cfg.kind}
    if (cfg.node) this.env.UCADMIN_NODE = cfg.node
    if (cfg.cluster) this.env.UCADMIN_CLUSTER = cfg.cluster
  }

  /** A hint as typed at this session's prompt: `ucadmin X` without `ucadmin` where X runs here (see sessionForm). */
  readonly hint: (text: string) => string

  /** The environment the session's commands see (the server's, with the session's account, node and cluster). */
  get commandEnv(): Env {
    return this.env
  }

  /** Whether a command is offered in this session (help, completion). */
  readonly visible = (c: ManifestCommand): boolean => this.refusal(c) === undefined

  async execute(line: string, io: IOStreams, opts: ExecuteOptions = {}): Promise<LineResult> {
    const trimmed = line.trim()
    if (trimmed === '' || trimmed.startsWith('#')) return {kind: 'blank', code: 0, json: false}
    const savedExit = process.exitCode
    let json = opts.json === true || /(^|\s)--json(\s|$)/.test(trimmed)
    try {
      const parsed = this.plan(trimmed, io.columns)
      if (parsed.kind === 'quit') return {kind: 'quit', code: 0, json: false}
      if (parsed.kind === 'text') {
        new Printer(io.out).lines(parsed.lines)
        return {kind: 'ran', code: 0, json: false}
      }
      if (opts.json) parsed.input.flags.json = true
      json = parsed.input.flags.json === true
      const code = this.cfg.run
        ? await this.cfg.run(parsed.ref, parsed.input, io, opts)
        : await runHandler(parsed.ref, parsed.input, {
            io,
            env: this.env,
            store: this.cfg.store,
            confirm: opts.confirm,
            hint: this.hint,
            queue: this.cfg.serial,
            signal: opts.signal,
          })
      return {kind: 'ran', code, json}
    } catch (error) {
      return {kind: 'ran', code: reportError(error, {io, env: this.env, json, hint: this.hint}), json}
    } finally {
      process.exitCode = savedExit
    }
  }

  /**
   * What a (non-blank) line means: quit, text to print (help, `set cli pagination`), or a handler and its input.
   * Throws a UsageError for lines that name no command this session runs, or give it bad input.
   */
  plan(
    line: string,
    columns = 80,
  ):
    | {kind: 'quit'}
    | {kind: 'text'; lines: string[]}
    | {kind: 'run'; ref: string; input: Input; command: ManifestCommand} {
    const {manifest} = this.cfg
    // A command pasted from bash (`ucadmin run sql "select * from t"`) runs as typed at the prompt.
    const bare = line.replace(/^\s*ucadmin\s+/i, '')
    for (const cmd of this.rawCommands) {
      const tail = rawTail(bare, cmd.id)
      if (tail === undefined) continue
      const ref = this.checkRunnable(cmd)
      const input = rawInput(cmd, tail)
      this.check(cmd, input)
      return {kind: 'run', ref, input, command: cmd}
    }
    let words = splitWords(line)
    if (words[0]?.toLowerCase() === 'ucadmin' && words.length > 1) words = words.slice(1)
    const lower = words.map((w) => w.toLowerCase())
    if ((lower[0] === 'quit' || lower[0] === 'exit') && words.length === 1) return {kind: 'quit'}
    if (lower[0] === 'help' || lower[0] === '?')
      return {kind: 'text', lines: helpText(manifest, words.slice(1), this.visible, columns)}
    if (lower[0] === 'set' && lower[1] === 'cli' && lower[2] === 'pagination') {
      if (words.length === 4 && (lower[3] === 'on' || lower[3] === 'off')) {
        this.pagination = lower[3] === 'on'
        return {kind: 'text', lines: [this.pagination ? PAGINATION_ON : PAGINATION_OFF]}
      }
      throw new UsageError('Say `set cli pagination on` or `set cli pagination off`.', {code: 'BAD_INPUT'})
    }
    const match = matchCommand(manifest, words)
    if (!match) throw this.unknown(words)
    const ref = this.checkRunnable(match.command)
    if (match.rest.some((w) => HELP_WORDS.has(w)))
      return {kind: 'text', lines: helpText(manifest, match.words, () => true, columns)}
    const input = parseWords(match.command, match.rest, match.words)
    this.check(match.command, input)
    return {kind: 'run', ref, input, command: match.command}
  }

  /** Why a command may not run in this session, if it may not: from its policy fields in the manifest. */
  private refusal(c: ManifestCommand): UsageError | undefined {
    return doorRefusal(c, this.cfg.kind, this.cfg.ownFile)
  }

  /** The session's rules for a parsed command: its pin (node, cluster), no files written on the server over SSH. */
  private check(c: ManifestCommand, input: Input): void {
    const {node, cluster} = this.cfg
    checkDoor(c, input, {
      kind: this.cfg.kind,
      manifest: this.cfg.manifest,
      pinned: this.cfg.pinned ? {node, cluster} : undefined,
      ownLab: this.cfg.ownFile,
    })
  }

  private checkRunnable(c: ManifestCommand): string {
    const no = this.refusal(c)
    if (no) throw no
    return c.handler!
  }

  private unknown(words: string[]): UsageError {
    const {manifest} = this.cfg
    const typed = words.filter((w) => !w.startsWith('-')).slice(0, 4)
    const lowerId = typed.map((w) => w.toLowerCase()).join(':')
    const visible = Object.values(manifest.commands).filter(this.visible)
    const under = visible.filter((c) => c.id.toLowerCase().startsWith(`${lowerId}:`))
    if (typed.length && under.length) {
      const next = [...new Set(under.map((c) => c.id.split(':')[typed.length]))].sort()
      return new UsageError(`Incomplete command: \`${typed.join(' ')}\` needs one of: ${next.join(', ')}.`, {
        code: 'INCOMPLETE_COMMAND',
        fix: `Type \`help ${typed.join(' ')}\` for details.`,
      })
    }
    const ids = visible.map((c) => c.id.replaceAll(':', ' '))
    let near = suggest(typed.join(' '), ids)
    if (near.length === 0)
      near = ids.filter((id) => id.startsWith(`${typed[0]?.toLowerCase() ?? '\u0000'} `)).slice(0, 5)
    return new UsageError(`"${typed.join(' ')}" is not a command.`, {
      code: 'UNKNOWN_COMMAND',
      fix: near.length
        ? `Did you mean ${near.map((n) => `\`${n}\``).join(' or ')}?`
        : 'Type `help` for the list of commands.',
    })
  }
}

/** The input of a raw-tail command (run sql) from the rest of its line: see parseRawLine in the one parser. */
export function rawInput(cmd: ManifestCommand, tail: string): Input {
  const input = parseRawLine(cmd, tail)
  // A statement in bash quotes, pasted from a hint or a bash line (no SQL statement starts with a quote): its text.
  const last = input.argv.length - 1
  const text = last >= 0 ? unquoteShellWord(input.argv[last]) : undefined
  if (text === undefined) return input
  const name = Object.keys(cmd.args ?? {})[last]
  return {...input, argv: [...input.argv.slice(0, last), text], args: name ? {...input.args, [name]: text} : input.args}
}

/** The words after a command, through the one parser, with the shell's own hint (`help ...`) after a refusal. */
export function parseWords(cmd: ManifestCommand, rest: string[], cmdWords: string[]): Input {
  return parseInput(cmd, rest, {fix: `Type \`help ${cmdWords.join(' ')}\` for details.`})
}
