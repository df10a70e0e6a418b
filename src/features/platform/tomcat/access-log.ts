import {escapeControls, redact} from '../../../core/text.js'
import type {Store} from '../../../store/store.js'
import type {NodeRow} from '../../world/cluster/store.js'
import {appendTraceLines, deleteTraceFile, traceFiles} from '../traces/store.js'
import {ACCESS_LOG_DIR, TRACE_MAX_FILES, TRACE_MAX_FILE_BYTES} from '../traces/traces.js'

/**
 * Cisco Tomcat's access log of a node, under the active log partition as on a real node
 * (`file list activelog tomcat/logs/`, `file tail activelog tomcat/logs/localhost_access_log.*`): one file per
 * simulated day, `localhost_access_log.YYYY-MM-DD.txt`, then `...YYYY-MM-DD.N.txt` when a file is full, with the
 * traces' roll-over bounds. Lines are Tomcat's combined layout: client, account, simulated time, request line,
 * status, bytes, milliseconds. Query strings are redacted (passwords, tokens), and no body is ever logged.
 */
export {ACCESS_LOG_DIR}

export interface AccessEntry {
  at: number
  client: string
  account?: string
  method: string
  path: string
  status: number
  bytes: number
  ms: number
  userAgent?: string
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const two = (n: number) => String(n).padStart(2, '0')

export function accessTime(ms: number): string {
  const d = new Date(ms)
  return `${two(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} +0000`
}

/** A request target as logged: control characters escaped, secrets in the query string redacted, at most 400 characters. */
function target(path: string): string {
  const [p, q] = path.split(/\?(.*)/s, 2)
  const query =
    q === undefined
      ? ''
      : '?' +
        q
          .split('&')
          .map((kv) =>
            /^(?:j_password|password|pwd|token|refresh_?token|access_?token)=/i.test(kv)
              ? kv.replace(/=.*/s, '=<redacted>')
              : kv,
          )
          .join('&')
  return escapeControls(redact(p + query)).slice(0, 400)
}

export function accessLine(e: AccessEntry): string {
  const who = e.account ? escapeControls(e.account).slice(0, 64).replace(/\s/g, '_') : '-'
  const ua = e.userAgent ? escapeControls(e.userAgent).replace(/"/g, "'").slice(0, 200) : '-'
  return `${e.client} - ${who} [${accessTime(e.at)}] "${escapeControls(e.method).slice(0, 16)} ${target(e.path)} HTTP/1.1" ${e.status} ${e.bytes} ${Math.round(e.ms)} "${ua}"`
}

const dayFile = (at: number) => `localhost_access_log.${new Date(at).toISOString().slice(0, 10)}`

const byAge = (a: {lastAt: number; file: string}, b: {lastAt: number; file: string}) =>
  a.lastAt - b.lastAt || a.file.length - b.file.length || a.file.localeCompare(b.file)

function newest(store: Store, node: NodeRow) {
  return traceFiles(store, node.id, ACCESS_LOG_DIR).sort(byAge).at(-1)
}

/** Keeps room for one more file: the oldest files beyond TRACE_MAX_FILES - 1 are deleted. */
function prune(store: Store, node: NodeRow): void {
  const files = traceFiles(store, node.id, ACCESS_LOG_DIR).sort(byAge)
  for (const f of files.slice(0, Math.max(0, files.length - (TRACE_MAX_FILES - 1))))
    deleteTraceFile(store, node.id, ACCESS_LOG_DIR, f.file)
}

/** Appends entries (in order) to a node's access log, rolling over and pruning as the traces do. */
export function appendAccessLog(store: Store, node: NodeRow, entries: AccessEntry[]): void {
  let batch: Array<{at: number; line: string}> = []
  let file: string | undefined
  let bytes = 0
  const flush = () => {
    if (file && batch.length) appendTraceLines(store, node.id, ACCESS_LOG_DIR, file, batch)
    batch = []
  }
  for (const e of entries) {
    const line = accessLine(e)
    const size = Buffer.byteLength(line) + 1
    if (!file) {
      const cur = newest(store, node)
      const base = dayFile(e.at)
      if (cur && cur.file.startsWith(base)) {
        file = cur.file
        bytes = cur.bytes
      } else {
        file = `${base}.txt`
        bytes = 0
      }
    }
    const base = dayFile(e.at)
    if (!file.startsWith(base) || (bytes > 0 && bytes + size > TRACE_MAX_FILE_BYTES)) {
      flush()
      const n = file.startsWith(base) ? Number(/\.(\d+)\.txt$/.exec(file)?.[1] ?? '0') + 1 : 0
      file = n ? `${base}.${n}.txt` : `${base}.txt`
      bytes = 0
      prune(store, node)
    }
    batch.push({at: e.at, line})
    bytes += size
  }
  flush()
}
