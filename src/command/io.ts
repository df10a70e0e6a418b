import type {Readable, Writable} from 'node:stream'
import {isatty} from 'node:tty'

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

/** The process's own streams. */
export function systemStreams(env: Env = process.env): IOStreams {
  const stdoutIsTTY = Boolean(process.stdout.isTTY)
  return {
    // process.stdin is made on first use (a few ms): commands that never read it do not pay for it.
    get in() {
      return process.stdin
    },
    out: process.stdout,
    err: process.stderr,
    stdinIsTTY: isatty(0),
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
