import type {Readable} from 'node:stream'

const SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM']
/** How a standard input says it has gone: its end, its close, or an error reading it. */
const STDIN_ENDS = ['end', 'close', 'error'] as const

/**
 * How a server is told to stop: SIGINT or SIGTERM, and, with `--exit-on-stdin-close`, the end of its standard input
 * (the process that started it holds that stdin: when that process goes, stdin ends, and so does the server, so a
 * crashed test run leaves no server behind). Returns what undoes it, for the server's `finally`.
 */
export function stopWhen(stop: (signal: NodeJS.Signals) => void, stdin: Readable, onStdinClose: boolean): () => void {
  const onStdinEnd = () => stop('SIGTERM')
  for (const signal of SIGNALS) process.on(signal, stop)
  if (onStdinClose) {
    for (const event of STDIN_ENDS) stdin.on(event, onStdinEnd)
    stdin.on('data', () => undefined)
    stdin.resume()
  }
  return () => {
    for (const signal of SIGNALS) process.off(signal, stop)
    if (onStdinClose) {
      for (const event of STDIN_ENDS) stdin.off(event, onStdinEnd)
      stdin.pause()
    }
  }
}
