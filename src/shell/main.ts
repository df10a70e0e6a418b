import {redact} from '../core/text.js'
import {HISTORY_LINES, historyProblem, readHistory, writeHistory} from './history.js'
import {dirname, join} from 'node:path'
import {createInterface} from 'node:readline'
import {Readable, Writable} from 'node:stream'
import {StringDecoder} from 'node:string_decoder'

import {readManifest} from '../run/fast.js'
import type {Env} from '../command/handler.js'
import type {IOStreams} from '../command/io.js'
import type {SessionMain} from '../command/session.js'
import {FailedError, UsageError} from '../core/errors.js'
import {defaultDbPath, openOptions} from '../store/db.js'
import {Store} from '../store/store.js'
import {makeCompleter} from './complete.js'
import {storeValues} from './values.js'
import {Executor} from './executor.js'
import {sessionBanner} from './banner.js'
import {KeyQueue, runInteractive, type TerminalPort} from './terminal.js'

/**
 * `ucadmin shell`: the admin: prompt on a terminal, or script mode when stdin is not a terminal. One Store stays
 * open for the whole session; every line runs in-process through the CLI's runner.
 */
export const shell: SessionMain = async (input, {io, env, root}) => {
  const jsonLines = input.flags.json === true
  if (jsonLines && io.stdinIsTTY) {
    throw new UsageError(
      'shell --json is script mode for programs (commands on stdin, one JSON document per line out).',
      {
        code: 'JSON_NEEDS_SCRIPT',
        fix: 'Pipe the commands in (`ucadmin shell --json < scenario.txt`), or add --json to single commands at the prompt.',
      },
    )
  }
  const manifest = readManifest(root)
  if (!manifest)
    throw new FailedError('oclif.manifest.json is missing, so the shell does not know the commands.', {
      fix: 'Run `npm run build`.',
    })
  const store = Store.open(defaultDbPath(env), openOptions(env))
  try {
    const exec = new Executor({
      store,
      manifest,
      env,
      kind: 'shell',
      node: input.flags.node as string | undefined,
      cluster: input.flags.cluster as string | undefined,
    })
    if (jsonLines) return await runJsonLines(exec, io, input.flags['keep-going'] === true)
    if (!io.stdinIsTTY) return await runScript(exec, io, input.flags['keep-going'] === true)
    const banner = sessionBanner(store, {
      node: (input.flags.node as string | undefined) ?? env.UCADMIN_NODE,
      cluster: (input.flags.cluster as string | undefined) ?? env.UCADMIN_CLUSTER,
    })
    return await runLocal(exec, io, env, makeCompleter(manifest, exec.visible, storeValues(store)), banner)
  } finally {
    store.close()
  }
}

/**
 * Script mode: one command per line, output exactly as the CLI prints it; `#` comments and blank lines skipped.
 * Stops at the first failing command with its exit code; with keepGoing runs everything and exits with the worst
 * code seen (2 over 1 over 0). Commands get an empty stdin, so none can swallow the rest of the script.
 */
export async function runScript(exec: Executor, io: IOStreams, keepGoing: boolean): Promise<number> {
  const cmdIo: IOStreams = {...io, in: Readable.from([]), stdinIsTTY: false}
  return eachLine(io, keepGoing, async (line) => {
    const r = await exec.execute(line, cmdIo)
    return r.kind === 'quit' ? 'quit' : r.kind === 'ran' ? r.code : 0
  })
}

/**
 * The loop of both script modes: runs `run` on each line of stdin in order; `run` returns the line's exit code or
 * 'quit'. Stops at the first failing line with its code, or with keepGoing runs every line and returns the worst.
 */
async function eachLine(
  io: IOStreams,
  keepGoing: boolean,
  run: (line: string, n: number) => Promise<number | 'quit'>,
): Promise<number> {
  const rl = createInterface({input: io.in, crlfDelay: Infinity, terminal: false})
  let worst = 0
  let n = 0
  try {
    for await (const line of rl) {
      n++
      const code = await run(line, n)
      if (code === 'quit') break
      if (code !== 0) {
        if (!keepGoing) {
          io.err.write(`ucadmin shell: stopped at line ${n} (exit ${code}): ${line.trim()}\n`)
          return code
        }
        worst = Math.max(worst, code)
      }
    }
  } finally {
    rl.close()
    if (io.in === process.stdin) process.stdin.pause()
  }
  return worst
}

/** Collects what a command writes, for `shell --json`. */
class Collector extends Writable {
  text = ''
  override _write(chunk: Buffer | string, _enc: BufferEncoding, done: () => void): void {
    this.text += typeof chunk === 'string' ? chunk : chunk.toString('utf8')
    done()
  }
}

/**
 * `shell --json`: script mode for programs. Each command runs as with --json and prints one line, a JSON document
 * (JSON Lines): `{line, command, exitCode, result}` or `{line, command, exitCode, error: {code, message, fix,
 * exitCode}}`; `result` is the command's own --json document, or `{output: [lines]}` for shell words without one
 * (help, `set cli pagination`). Anything a command wrote to stderr besides its error goes in `stderr`. Stops at
 * the first failing command (its exit code) unless keepGoing, exactly as script mode does.
 */
export async function runJsonLines(exec: Executor, io: IOStreams, keepGoing: boolean): Promise<number> {
  return eachLine(io, keepGoing, async (line, n) => {
    const out = new Collector()
    const err = new Collector()
    const cmdIo: IOStreams = {
      ...io,
      in: Readable.from([]),
      out,
      err,
      stdinIsTTY: false,
      stdoutIsTTY: false,
      color: false,
    }
    const r = await exec.execute(line, cmdIo, {json: true})
    if (r.kind === 'quit') return 'quit'
    if (r.kind === 'blank') return 0
    const doc: Record<string, unknown> = {line: n, command: line.trim(), exitCode: r.code}
    let parsed: unknown
    try {
      parsed = r.json ? JSON.parse(out.text) : undefined
    } catch {
      parsed = undefined
    }
    const isError =
      typeof parsed === 'object' &&
      parsed !== null &&
      'error' in parsed &&
      r.code !== 0 &&
      Object.keys(parsed).length === 1
    if (isError) doc.error = (parsed as {error: unknown}).error
    else if (parsed !== undefined) doc.result = parsed
    else doc.result = {output: out.text.split('\n').filter((l, i, a) => i < a.length - 1 || l !== '')}
    const stderr = err.text.split('\n').filter(Boolean)
    if (stderr.length && !isError) doc.stderr = stderr
    io.out.write(JSON.stringify(doc) + '\n')
    return r.code
  })
}

function historyFile(env: Env): string | undefined {
  if (env.UCADMIN_HISTFILE !== undefined) return env.UCADMIN_HISTFILE || undefined
  return join(dirname(defaultDbPath(env)), 'shell_history')
}

/** The admin: prompt on this process's terminal (raw mode; our own echo). */
async function runLocal(
  exec: Executor,
  io: IOStreams,
  env: Env,
  completer: ReturnType<typeof makeCompleter>,
  banner: string[],
): Promise<number> {
  const stdin = io.in as NodeJS.ReadStream
  const out = io.out as NodeJS.WriteStream
  const keys = new KeyQueue()
  const decoder = new StringDecoder('utf8')
  const onData = (d: Buffer | string) => keys.push(typeof d === 'string' ? d : decoder.write(d))
  const onEnd = () => keys.end()
  let reading = false
  const port: TerminalPort = {
    keys,
    write: (text, err) => (err ? io.err : io.out).write(text),
    rows: () => out.rows || 24,
    columns: () => out.columns || 80,
    paging: io.stdoutIsTTY,
    color: io.color,
    commandsMayPrompt: io.stdoutIsTTY,
    commandInput: () => stdin,
    acquire() {
      if (reading) return
      reading = true
      stdin.setRawMode?.(true)
      stdin.on('data', onData)
      stdin.resume()
    },
    release() {
      if (!reading) return
      reading = false
      stdin.off('data', onData)
      stdin.pause()
    },
  }
  let hist = historyFile(env)
  let history: string[] = []
  if (hist) {
    const problem = historyProblem(hist)
    if (problem) {
      io.err.write(`${problem}\n`)
      hist = undefined
    } else history = readHistory(hist)
  }
  const stop = () => keys.end()
  stdin.on('end', onEnd)
  for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.on(sig, stop)
  try {
    return await runInteractive(exec, port, {banner, completer, history})
  } finally {
    port.release?.()
    stdin.setRawMode?.(false)
    stdin.off('end', onEnd)
    for (const sig of ['SIGTERM', 'SIGHUP', 'SIGINT'] as const) process.off(sig, stop)
    if (hist) {
      try {
        // Secrets typed at the prompt (tokens, --password values) never reach the file.
        writeHistory(
          hist,
          history.slice(-HISTORY_LINES).map((l) => redact(l)),
        )
      } catch {
        // history is a convenience; never fail the session over it
      }
    }
  }
}
