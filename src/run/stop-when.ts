import type {Readable} from 'node:stream'

/**
 * How a server is told to stop: SIGINT or SIGTERM, and, with `--exit-on-stdin-close`, the end of its standard input
 * (the process that started it holds that stdin: when that process goes, stdin ends, and so does the server, so a
 * crashed test run leaves no server behind). Returns what undoes it, for the server's `finally`.
 */
export function stopWhen(stop: (signal: NodeJS.Signals) => void, stdin: Readable, onStdinClose: boolean): () => void {
  const onSignal = (signal: NodeJS.Signals) => stop(signal)
  const onStdinEnd = () => stop('SIGTERM')
  process.on('SIGINT', onSignal)
  process.on('SIGTERM', onSignal)
  if (onStdinClose) {
    stdin.on('end', onStdinEnd)
    stdin.on('close', onStdinEnd)
    stdin.on('error', onStdinEnd)
    stdin.on('data', () => undefined)
    stdin.resume()
  }
  return () => {
    process.off('SIGINT', onSignal)
    process.off('SIGTERM', onSignal)
    if (onStdinClose) {
      stdin.off('end', onStdinEnd)
      stdin.off('close', onStdinEnd)
      stdin.off('error', onStdinEnd)
      stdin.pause()
    }
  }
}
