import {closeSync, constants, fstatSync, lstatSync, openSync, readSync, writeSync} from 'node:fs'

import {untrusted} from '../store/db.js'

/**
 * The local shell's history file (`shell_history` beside the state file, or UCADMIN_HISTFILE): the last lines
 * typed, redacted, mode 0600. It is a convenience, so a file that cannot be trusted is left alone with one message
 * instead of failing the shell: anything that is not a regular file (/dev/zero, a FIFO), a symbolic link, a file of
 * another user or one open to others (another local user could read the history or feed it). Reads are bounded.
 */

export const HISTORY_LINES = 500
/** At most this much of the end of the file is read (500 lines of up to 64 KiB would be more than anyone types). */
export const MAX_HISTORY_READ = 1024 * 1024

/** Why the history file is not used, if it is not (the message says what to do). */
export function historyProblem(path: string): string | undefined {
  let st: ReturnType<typeof lstatSync> | undefined
  try {
    st = lstatSync(path)
  } catch {
    st = undefined
  }
  const why = st && !st.isSymbolicLink() && !st.isFile() ? 'is not a regular file' : untrusted(path)
  if (why === undefined) return undefined
  return `The history file ${path} ${why}; history is not read or written (remove it, or set UCADMIN_HISTFILE to a file of your own).`
}

/** The last HISTORY_LINES lines of the file, reading at most MAX_HISTORY_READ bytes; [] when there is none. */
export function readHistory(path: string): string[] {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  } catch {
    return []
  }
  try {
    const st = fstatSync(fd)
    if (!st.isFile()) return []
    const size = st.size
    const length = Math.min(size, MAX_HISTORY_READ)
    const buf = Buffer.alloc(length)
    let got = 0
    while (got < length) {
      const n = readSync(fd, buf, got, length - got, size - length + got)
      if (n === 0) break
      got += n
    }
    let lines = buf.subarray(0, got).toString('utf8').split('\n')
    if (size > length) lines = lines.slice(1) // the first line read may be cut
    return lines.filter(Boolean).slice(-HISTORY_LINES)
  } finally {
    closeSync(fd)
  }
}

/** Writes the lines (already redacted), 0600, never through a symbolic link. */
export function writeHistory(path: string, lines: string[]): void {
  const fd = openSync(
    path,
    constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW | constants.O_NONBLOCK,
    0o600,
  )
  try {
    if (!fstatSync(fd).isFile()) return
    writeSync(fd, lines.length ? lines.join('\n') + '\n' : '')
  } finally {
    closeSync(fd)
  }
}
