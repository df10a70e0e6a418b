import type {Readable, Writable} from 'node:stream'
import {createRequire} from 'node:module'

/**
 * The streams a command talks to. Commands never touch process.stdout directly: the same command runs from oclif,
 * inside the admin: shell, inside an SSH channel and in tests, each handing in its own streams.
 */
export interface IOStreams {
  in: Readable
  out: Writable
  err: Writable
  /** stdin is a terminal: prompts are allowed. */
  stdinIsTTY: boolean
  /** stdout is a terminal: colour and progress indicators are allowed. */
  stdoutIsTTY: boolean
  /** Colour on (a TTY, and neither NO_COLOR nor --json). */
  color: boolean
  /** Width of the terminal, for wrapping; 80 when unknown. */
  columns: number
}

type Env = Record<string, string | undefined>

export function colorWanted(isTTY: boolean, env: Env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true
  if (env.TERM === 'dumb') return false
  return isTTY
}

/**
 * The process's own streams. `quietPipes`: a reader that goes away (`ucadmin utils service list | head`) ends the
 * output quietly, as on any Unix tool, instead of an EPIPE error.
 */
export function systemStreams(env: Env = process.env, opts: {quietPipes?: boolean} = {}): IOStreams {
  const quiet = (s: NodeJS.WriteStream) => {
    if (opts.quietPipes)
      s.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error
      })
    return s
  }
  const stdoutIsTTY = Boolean(process.stdout.isTTY)
  let err: NodeJS.WriteStream | undefined
  return {
    // process.stdin is made on first use (a few ms): commands that never read it do not pay for it.
    get in() {
      return process.stdin
    },
    out: quiet(process.stdout),
    // process.stderr is made on first use too (a pipe loads node:net): a command that prints no error does not pay.
    get err() {
      return (err ??= quiet(process.stderr))
    },
    // Asked only when needed (node:tty, and with it node:net, costs a few ms at start-up): a command whose output is
    // not a terminal never asks, and the runners look at stdout first.
    get stdinIsTTY() {
      return (createRequire(import.meta.url)('node:tty') as typeof import('node:tty')).isatty(0)
    },
    stdoutIsTTY,
    color: colorWanted(stdoutIsTTY, env),
    columns: process.stdout.columns || 80,
  }
}

/** Writes whole lines to a stream. */
export class Printer {
  constructor(
    private readonly stream: Writable,
    private readonly eol = '\n',
  ) {}

  line(text = ''): void {
    this.stream.write(text + this.eol)
  }

  lines(lines: Iterable<string>): void {
    for (const l of lines) this.line(l)
  }

  write(text: string): void {
    this.stream.write(text)
  }
}
