import {Readable, Writable} from 'node:stream'

import type {IOStreams} from '../command/io.js'
import type {Completer} from './complete.js'
import {type Executor, FAILED_TEXT} from './executor.js'

/**
 * The interactive admin: prompt, the same on a local terminal and in an SSH channel: a small line discipline of its
 * own (echo, editing with backspace and arrows, history, tab completion) that writes nothing but the typed
 * characters, plain backspaces and line ends, so `admin:` is always alone at the start of its line with nothing
 * after it, as drivers that automate CUCM (expect, paramiko, netmiko, Unicon) expect.
 */

export const PROMPT = 'admin:'
/** The longest line the editor takes (characters); further typed characters ring the bell. */
export const MAX_LINE = 64 * 1024
export const PAGER_TEXT = 'Press <enter> for 1 line, <space> for one page, or <q> to quit'
/** The pager prompt as CUCM sends it: bold, then erase to the end of the line (what Unicon's VOS pattern matches). */
export const PAGER_PROMPT = `\x1b[1m${PAGER_TEXT}\x1b[0m\x1b[K`
/** After a key at the pager prompt: back to the start of the line, blank the prompt out, back again. */
export const PAGER_CLEAR = `\r${' '.repeat(PAGER_TEXT.length)}\r`

/** Keys typed, as a queue the editor and the pager read from. Escape sequences arrive as one key; CR LF as one CR. */
export class KeyQueue {
  private readonly keys: string[] = []
  private head = 0
  private waiter?: (key: string | null) => void
  private ended = false
  private lastCR = false
  /** Called on every input (the SSH server's idle timer). */
  onInput?: () => void

  push(data: string): void {
    this.onInput?.()
    let i = 0
    while (i < data.length) {
      const c = data[i]
      if (c === '\n' && this.lastCR) {
        this.lastCR = false
        i++
        continue
      }
      this.lastCR = c === '\r'
      if (c === '\x1b') {
        const m = /^\x1b(\[[0-9;]*[~A-Za-z]|O[A-Za-z])/.exec(data.slice(i))
        const key = m ? m[0] : c
        this.deliver(key)
        i += key.length
        continue
      }
      const cp = data.codePointAt(i)!
      const ch = String.fromCodePoint(cp)
      this.deliver(ch)
      i += ch.length
    }
  }

  private deliver(key: string): void {
    const w = this.waiter
    if (w) {
      this.waiter = undefined
      w(key)
    } else this.keys.push(key)
  }

  /** No more input (EOF, channel closed, shutting down). */
  end(): void {
    this.ended = true
    const w = this.waiter
    this.waiter = undefined
    w?.(null)
  }

  /** The next key, or null once input has ended. */
  next(): Promise<string | null> {
    if (this.head < this.keys.length) {
      const key = this.keys[this.head++]
      // A queue with a read position (shift() copies the array: pasted text would cost quadratic time).
      if (this.head > 1024 && this.head * 2 > this.keys.length) {
        this.keys.splice(0, this.head)
        this.head = 0
      }
      return Promise.resolve(key)
    }
    if (this.ended) return Promise.resolve(null)
    return new Promise((resolve) => {
      this.waiter = resolve
    })
  }
}

function commonPrefix(items: string[]): string {
  if (items.length === 0) return ''
  let p = items[0]
  for (const s of items.slice(1)) {
    let i = 0
    while (i < p.length && i < s.length && p[i].toLowerCase() === s[i].toLowerCase()) i++
    p = p.slice(0, i)
  }
  return p
}

/** Reads lines with echo and editing. Writes go through `write`, which turns `\n` into the terminal's line end. */
export class LineEditor {
  history: string[] = []
  private buf = ''
  private cur = 0
  private prompt = ''
  private overflow = false

  constructor(
    private readonly keys: KeyQueue,
    private readonly write: (text: string) => void,
    private readonly completer?: Completer,
    private readonly maxHistory = 500,
  ) {}

  /** Moves from the current line state to (line, cursor) with backspaces, text and blanks only. */
  private redraw(line: string, cursor: number): void {
    let common = 0
    while (common < this.buf.length && common < line.length && this.buf[common] === line[common]) common++
    const from = Math.min(this.cur, common)
    let out = '\b'.repeat(this.cur - from) + line.slice(from)
    const extra = Math.max(0, this.buf.length - line.length)
    out += ' '.repeat(extra) + '\b'.repeat(extra)
    out += '\b'.repeat(line.length - cursor)
    if (out) this.write(out)
    this.buf = line
    this.cur = cursor
  }

  /** Reads one line after writing `prompt`; null when input ends first. `record`: keep it in the history. */
  async readLine(prompt: string, record = true): Promise<string | null> {
    this.prompt = prompt
    this.buf = ''
    this.cur = 0
    this.overflow = false
    let hist = this.history.length
    let draft = ''
    this.write(prompt)
    for (;;) {
      const key = await this.keys.next()
      if (key === null) return null
      const {buf, cur} = this
      switch (key) {
        case '\r':
        case '\n': {
          this.write('\n')
          if (this.overflow) {
            // Part of the line was dropped: running the rest could do something else (an UPDATE without its WHERE).
            this.write(
              `Error: The line is longer than ${MAX_LINE} characters; it was not run. Put long statements in a file: run sql --file FILE.\n`,
            )
            return ''
          }
          const line = this.buf
          if (record && line.trim() && this.history.at(-1) !== line) {
            this.history.push(line)
            if (this.history.length > this.maxHistory) this.history.shift()
          }
          return line
        }
        case '\x03': // Ctrl-C: drop the line
          this.write('^C\n')
          return ''
        case '\x04': // Ctrl-D: end on an empty line, else delete under the cursor
          if (buf === '') {
            this.write('\n')
            return null
          }
          if (cur < buf.length) this.redraw(buf.slice(0, cur) + buf.slice(cur + 1), cur)
          break
        case '\x7f':
        case '\b':
          if (cur > 0) this.redraw(buf.slice(0, cur - 1) + buf.slice(cur), cur - 1)
          break
        case '\x1b[3~':
          if (cur < buf.length) this.redraw(buf.slice(0, cur) + buf.slice(cur + 1), cur)
          break
        case '\x15': // Ctrl-U
          this.redraw(buf.slice(cur), 0)
          break
        case '\x0b': // Ctrl-K
          this.redraw(buf.slice(0, cur), cur)
          break
        case '\x17': {
          // Ctrl-W: the word before the cursor
          const start = buf.slice(0, cur).replace(/\S+\s*$/, '').length
          this.redraw(buf.slice(0, start) + buf.slice(cur), start)
          break
        }
        case '\x01':
        case '\x1b[H':
        case '\x1bOH':
        case '\x1b[1~':
          this.redraw(buf, 0)
          break
        case '\x05':
        case '\x1b[F':
        case '\x1bOF':
        case '\x1b[4~':
          this.redraw(buf, buf.length)
          break
        case '\x1b[D':
        case '\x1bOD':
        case '\x02':
          if (cur > 0) this.redraw(buf, cur - 1)
          break
        case '\x1b[C':
        case '\x1bOC':
        case '\x06':
          if (cur < buf.length) this.redraw(buf, cur + 1)
          break
        case '\x1b[A':
        case '\x1bOA':
        case '\x10':
          if (hist > 0) {
            if (hist === this.history.length) draft = buf
            hist--
            this.redraw(this.history[hist], this.history[hist].length)
          }
          break
        case '\x1b[B':
        case '\x1bOB':
        case '\x0e':
          if (hist < this.history.length) {
            hist++
            const line = hist === this.history.length ? draft : this.history[hist]
            this.redraw(line, line.length)
          }
          break
        case '\x0c': // Ctrl-L: show the line again
          this.write(`\n${this.prompt}${buf}${'\b'.repeat(buf.length - cur)}`)
          break
        case '\t':
          this.complete()
          break
        default:
          if (key.length > 0 && !key.startsWith('\x1b') && key.codePointAt(0)! >= 0x20) {
            if (buf.length + key.length > MAX_LINE) {
              // A line has a bound (a pasted megabyte must not hold the session or the server): ring the bell.
              if (!this.overflow) this.write('\x07')
              this.overflow = true
            } else if (cur === buf.length) {
              // Typing at the end (the common case, and pasted text): no redraw, so a long line costs linear time.
              this.write(key)
              this.buf = buf + key
              this.cur = this.buf.length
            } else this.redraw(buf.slice(0, cur) + key + buf.slice(cur), cur + key.length)
          }
      }
    }
  }

  private complete(): void {
    if (!this.completer) return
    const before = this.buf.slice(0, this.cur)
    const after = this.buf.slice(this.cur)
    let hits: string[]
    let sub: string
    try {
      ;[hits, sub] = this.completer(before)
    } catch {
      return
    }
    const head = before.slice(0, before.length - sub.length)
    if (hits.length === 0) {
      this.write('\x07')
      return
    }
    if (hits.length === 1) {
      const text = head + hits[0] + (after.startsWith(' ') ? '' : ' ')
      this.redraw(text + after, text.length)
      return
    }
    const prefix = commonPrefix(hits)
    if (prefix.length > sub.length) {
      const text = head + prefix
      this.redraw(text + after, text.length)
      return
    }
    const list = hits.some((h) => h.includes(' ')) ? hits.join('\n') : hits.join('  ')
    this.write(`\n${list}\n${this.prompt}${this.buf}${'\b'.repeat(after.length)}`)
  }
}

/**
 * A command's output on the way to the terminal. Output passes straight through until a screenful has been
 * written; the rest is held and shown page by page after the command, with CUCM's pager prompt. A page is counted
 * in output lines, as CUCM's pager counts them (a line wider than the terminal still counts as one).
 */
/**
 * The most output a session's pager holds for its client (characters): what a command printed beyond it is dropped
 * and counted (one line after the pager says so). The same bound as a channel's unread output in the SSH server.
 */
export const MAX_HELD_OUTPUT = 8 * 1024 * 1024

/** The line after paged output that did not fit in the pager. */
export function droppedLine(chars: number): string {
  return `(${chars} more characters not shown: the pager holds at most ${MAX_HELD_OUTPUT / 1024 / 1024} MiB. Narrow the command, or use --json or an exec request.)\n`
}

/**
 * A command's output on the way to the terminal. Output passes straight through until a screenful has been
 * written; the rest is held (at most MAX_HELD_OUTPUT, in large chunks) and shown page by page after the command,
 * with CUCM's pager prompt. A page is counted in output lines, as CUCM's pager counts them (a line wider than the
 * terminal still counts as one).
 */
export class OutputSink {
  private lines = 0
  private readonly held: Array<{text: string; err: boolean}> = []
  private heldChars = 0
  private dropped = 0
  private holding = false
  readonly out: Writable
  readonly err: Writable

  /** `pageLines`: lines per page (0: no paging). */
  constructor(
    private readonly target: (text: string, err: boolean) => void,
    private readonly pageLines: number,
  ) {
    const stream = (err: boolean) =>
      new Writable({
        decodeStrings: false,
        write: (chunk, _enc, cb) => {
          this.write(String(chunk), err)
          cb()
        },
      })
    this.out = stream(false)
    this.err = stream(true)
  }

  private write(text: string, err: boolean): void {
    if (!this.pageLines) {
      this.target(text, err)
      return
    }
    let rest = text
    while (!this.holding && rest) {
      const nl = rest.indexOf('\n')
      const piece = nl < 0 ? rest : rest.slice(0, nl + 1)
      rest = rest.slice(piece.length)
      this.target(piece, err)
      if (piece.endsWith('\n')) {
        this.lines += 1
        if (this.lines >= this.pageLines) this.holding = true
      }
    }
    if (rest) this.hold(rest, err)
  }

  private hold(text: string, err: boolean): void {
    const room = MAX_HELD_OUTPUT - this.heldChars
    if (text.length > room) {
      this.dropped += text.length - Math.max(room, 0)
      if (room <= 0) return
      text = text.slice(0, room)
    }
    this.heldChars += text.length
    const last = this.held.at(-1)
    if (last && last.err === err && last.text.length < 64 * 1024) last.text += text
    else this.held.push({text, err})
  }

  private reset(): void {
    this.held.length = 0
    this.heldChars = 0
    this.dropped = 0
    this.holding = false
    this.lines = 0
  }

  /** Writes whatever is held, without paging (before a question is asked). */
  flush(): void {
    for (const h of this.held.splice(0)) this.target(h.text, h.err)
    if (this.dropped) this.target(droppedLine(this.dropped), true)
    this.reset()
  }

  /**
   * After the command: pages through what is held. `drained` (an SSH channel) resolves once the client has read
   * enough of what was sent: keys typed ahead (a pasted run of spaces) never make the pager send more than that.
   */
  async finish(keys: KeyQueue, drained?: () => Promise<void>): Promise<void> {
    let chunk = 0
    let offset = 0
    const nextLine = (): {text: string; err: boolean} | undefined => {
      while (chunk < this.held.length && offset >= this.held[chunk].text.length) {
        this.held[chunk].text = ''
        chunk++
        offset = 0
      }
      const c = this.held[chunk]
      if (!c) return undefined
      const nl = c.text.indexOf('\n', offset)
      const end = nl < 0 ? c.text.length : nl + 1
      const text = c.text.slice(offset, end)
      offset = end
      return {text, err: c.err}
    }
    const more = () =>
      chunk < this.held.length && (offset < this.held[chunk].text.length || chunk + 1 < this.held.length)
    let quit = false
    while (more()) {
      if (drained) await drained()
      this.target(PAGER_PROMPT, false)
      let take = 0
      for (;;) {
        const key = await keys.next()
        if (key === null || key === 'q' || key === 'Q' || key === '\x03') take = -1
        else if (key === ' ') take = this.pageLines
        else if (key === '\r' || key === '\n') take = 1
        else continue
        break
      }
      if (take < 0) {
        // Quit: the pager line stays and the prompt comes on a line of its own.
        this.target('\n', false)
        quit = true
        break
      }
      this.target(PAGER_CLEAR, false)
      let n = 0
      while (n < take) {
        const l = nextLine()
        if (!l) break
        this.target(l.text, l.err)
        if (l.text.endsWith('\n')) n++
      }
    }
    if (this.dropped && !quit) this.target(droppedLine(this.dropped), true)
    this.reset()
  }
}

/** The file viewer's prompt (`file view`), as Unicon's VOS pattern matches it: bold, on a line of its own. */
export function filePagerPrompt(from: number, to: number, total: number): string {
  return `\x1b[1m\noptions: q=quit, n=next, p=prev, b=begin, e=end (lines ${from} - ${to} of ${total}) : \x1b[0m`
}

/**
 * `file view` on a terminal: the whole output is held, then shown a page at a time with the file viewer's prompt;
 * n (or space, Enter) next, p previous, b first, e last page, q quit. Output that fits on one page is not paged.
 */
export class FileViewSink {
  private readonly lines: string[] = []
  private partial = ''
  private chars = 0
  private dropped = 0
  readonly out: Writable
  readonly err: Writable

  constructor(
    private readonly target: (text: string, err: boolean) => void,
    private readonly pageLines: number,
  ) {
    this.out = new Writable({
      decodeStrings: false,
      write: (chunk, _enc, cb) => {
        const text = String(chunk)
        if (this.chars + text.length > MAX_HELD_OUTPUT) {
          this.dropped += text.length
          cb()
          return
        }
        this.chars += text.length
        const parts = (this.partial + text).split('\n')
        this.partial = parts.pop()!
        for (const p of parts) this.lines.push(p)
        cb()
      },
    })
    // Errors are not part of the file: they go straight through.
    this.err = new Writable({
      decodeStrings: false,
      write: (chunk, _enc, cb) => {
        this.target(String(chunk), true)
        cb()
      },
    })
  }

  flush(): void {}

  async finish(keys: KeyQueue, drained?: () => Promise<void>): Promise<void> {
    if (this.partial) this.lines.push(this.partial)
    if (this.dropped) this.target(droppedLine(this.dropped), true)
    const total = this.lines.length
    const size = this.pageLines
    const show = (start: number) => {
      for (const l of this.lines.slice(start, start + size)) this.target(`${l}\n`, false)
    }
    if (total <= size) {
      show(0)
      return
    }
    const last = Math.floor((total - 1) / size) * size
    let start = 0
    for (;;) {
      if (drained) await drained()
      show(start)
      this.target(filePagerPrompt(start + 1, Math.min(start + size, total), total), false)
      let next = start
      for (;;) {
        const key = await keys.next()
        if (key === null || key === 'q' || key === 'Q' || key === '\x03') next = -1
        else if (key === 'n' || key === 'N' || key === ' ' || key === '\r' || key === '\n')
          next = Math.min(start + size, last)
        else if (key === 'p' || key === 'P') next = Math.max(start - size, 0)
        else if (key === 'b' || key === 'B') next = 0
        else if (key === 'e' || key === 'E') next = last
        else continue
        break
      }
      this.target('\n', false)
      if (next < 0) return
      start = next
    }
  }
}

/** The terminal an interactive session runs on: a local TTY or an SSH channel. */
export interface TerminalPort {
  keys: KeyQueue
  /** Writes text to the terminal; `\n` is turned into the terminal's line end here. */
  write(text: string, err?: boolean): void
  /** Terminal height and width (24 x 80 when unknown). */
  rows(): number
  columns(): number
  /** Whether to page long output at all (a screen is known). */
  paging: boolean
  color: boolean
  /** Commands may prompt on their own (a local TTY: stdin is handed to the command while it runs). */
  commandsMayPrompt: boolean
  /** Aborted when the client has gone (an SSH channel closed): a command not started yet does not run. */
  signal?: AbortSignal
  /** Resolves once the client has read enough of what was sent (SSH flow control); the pagers wait for it. */
  drained?(): Promise<void>
  /** The stdin a command gets while it runs (default: an empty stream). */
  commandInput?(): Readable
  /** Local TTY: stop reading keys while a command owns stdin (release) and start again (acquire). */
  acquire?(): void
  release?(): void
}

/** The login banner's fixed part, as the real CLI prints it after the password. */
export const BANNER = [
  'Command Line Interface is starting up, please wait ...',
  '',
  '   Welcome to the Platform Command Line Interface',
  '',
]

/** The VM a node runs on, as the banner's `VMware Installation:` block describes it. */
export interface BannerHardware {
  vcpus: number
  cpuType: string
  diskGb: number
  ramMb: number
}

/**
 * The login banner in the real order: starting up, welcome, then the node's `VMware Installation:` block (as
 * Unicon's recorded VOS login shows it), each block followed by a blank line; nothing CUCM does not print.
 */
export function loginBanner(hw?: BannerHardware): string[] {
  if (!hw) return [...BANNER]
  return [
    ...BANNER,
    'VMware Installation:',
    `  ${hw.vcpus} vCPU: ${hw.cpuType}`,
    `  Disk 1: ${hw.diskGb}GB, Partitions aligned`,
    `  ${hw.ramMb} Mbytes RAM`,
    '',
  ]
}

function isFileView(exec: Executor, line: string): boolean {
  try {
    const p = exec.plan(line.trim())
    return p.kind === 'run' && p.command.filePager === true && p.input.flags.json !== true
  } catch {
    return false
  }
}

/**
 * The admin: prompt loop: banner, prompt, read a line, run it, page its output, and again until quit/exit or the end
 * of input. Returns 0 (an interactive session ends normally whatever its commands did).
 */
export async function runInteractive(
  exec: Executor,
  port: TerminalPort,
  opts: {banner?: string[]; completer?: Completer; history?: string[]} = {},
): Promise<number> {
  const editor = new LineEditor(port.keys, (t) => port.write(t), opts.completer)
  if (opts.history) editor.history = opts.history
  for (const l of opts.banner ?? []) port.write(`${l}\n`)
  for (;;) {
    port.acquire?.()
    const line = await editor.readLine(PROMPT)
    if (line === null) break
    if (line.trim() === '') continue
    const paging = port.paging && exec.pagination
    const pageLines = Math.max(port.rows() - 1, 1)
    // file view has a pager of its own on a terminal, whatever `set cli pagination` says.
    const sink =
      port.paging && isFileView(exec, line)
        ? new FileViewSink(port.write.bind(port), pageLines)
        : new OutputSink(port.write.bind(port), paging ? pageLines : 0)
    const confirm = async (question: string): Promise<boolean> => {
      sink.flush()
      port.acquire?.()
      const answer = await editor.readLine(`${question} Continue (y/n)?`, false)
      port.release?.()
      return /^\s*y(es)?\s*$/i.test(answer ?? '')
    }
    const io: IOStreams = {
      in: port.commandInput?.() ?? Readable.from([]),
      out: sink.out,
      err: sink.err,
      stdinIsTTY: port.commandsMayPrompt,
      stdoutIsTTY: port.commandsMayPrompt,
      color: port.color,
      columns: port.columns(),
    }
    port.release?.()
    const r = await exec.execute(line, io, {confirm, signal: port.signal})
    port.acquire?.()
    await sink.finish(port.keys, port.drained?.bind(port))
    if (r.kind === 'quit') break
    if (r.kind === 'ran' && r.code !== 0 && !r.json) port.write(`${FAILED_TEXT}\n`)
  }
  return 0
}
