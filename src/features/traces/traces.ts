import {escapeControls} from '../../core/text.js'
import type {NodeRow} from '../cluster/store.js'
import type {Store} from '../../store/store.js'

import {appendTrace, currentTraceFile, tailTrace, traceDirs, traceFiles, type TraceFile} from './store.js'
import type {Clock} from '../clock/clock.js'
import {UsageError} from '../../core/errors.js'
import {log4jTime} from '../../core/time.js'

/** Trace locations under the active log partition (/var/log/active), per service. */
export const TRACE_DIRS: Record<string, {dir: string; base: string; logger: string}> = {
  'Cisco Push Notification Service': {dir: 'cm/trace/ccmpns/log4j', base: 'ccmpns', logger: 'ccmpns.CCMPNServer'},
  'Cisco Management Agent Service': {dir: 'cm/trace/cmas/log4j', base: 'cmas', logger: 'cmas.ManagementAgent'},
  'Cisco XCP Config Manager': {dir: 'epas/trace/xcpconfigmgr/log', base: 'xcpconfigmgr', logger: 'xcpconfigmgr.ConfigManager'},
  'Cisco XCP Router': {dir: 'epas/trace/xcp/log', base: 'rtr-jsm', logger: 'xcp.router'},
  'Cisco Local Push Notification Service': {dir: 'cm/trace/lpns/log4j', base: 'lpns', logger: 'lpns.LocalPushServer'},
}

/** Lines a trace file holds before the service rolls over to the next file, as log4j does. */
export const TRACE_FILE_LINES = 10_000

export type TraceLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR'

/**
 * Appends one log4j line to a service's current trace file on a node, in the layout CUCM's Java services use:
 * `2026-01-05 09:00:00,000 DEBUG [thread] logger (Source.java:line) - message`. The message stays on its line:
 * control characters (a line break in an alarm text, a terminal escape) are written escaped, so no text can forge
 * a trace line.
 */
export function trace(store: Store, clock: Clock, node: NodeRow, service: string, level: TraceLevel, message: string, source = {thread: 'main', at: ''}): void {
  const t = TRACE_DIRS[service]
  if (!t) return
  const current = currentTraceFile(store, node.id, t.dir)
  let file = current?.file ?? `${t.base}00001.log`
  if ((current?.lines ?? 0) >= TRACE_FILE_LINES) {
    const n = Number(/(\d+)\.log$/.exec(file)?.[1] ?? '0') + 1
    file = `${t.base}${String(n).padStart(5, '0')}.log`
  }
  const where = source.at ? ` (${source.at})` : ''
  appendTrace(store, node.id, t.dir, file, clock.now(), `${log4jTime(clock.now())} ${level.padEnd(5)} [${source.thread}] ${t.logger}${where} - ${escapeControls(message)}`)
}

function normalise(path: string): string {
  return path.trim().replace(/^\/?var\/log\/active\//, '').replace(/^\/+/, '').replace(/\/+$/, '')
}

export interface Listing {
  path: string
  dirs: string[]
  files: TraceFile[]
}

/** `file list activelog PATH`: sub-directories and trace files under PATH on the node. */
export function listActivelog(store: Store, node: NodeRow, path: string): Listing {
  const p = normalise(path)
  const dirs = traceDirs(store, node.id)
  const known = new Set([...dirs, ...Object.values(TRACE_DIRS).map((t) => t.dir)])
  if (known.has(p)) return {path: p, dirs: [], files: traceFiles(store, node.id, p)}
  const prefix = p ? `${p}/` : ''
  const children = new Set<string>()
  for (const d of known) if (d.startsWith(prefix)) children.add(d.slice(prefix.length).split('/')[0])
  if (children.size === 0) throw unknownPath(path)
  return {path: p, dirs: [...children].sort(), files: []}
}

function unknownPath(path: string): UsageError {
  return new UsageError(`No such directory or file in activelog: ${path}`, {
    code: 'UNKNOWN_PATH',
    fix: `Trace folders: ${Object.values(TRACE_DIRS).map((t) => t.dir + '/').join(', ')}`,
  })
}

/** `file tail activelog PATH`: the last lines of a file, or of the newest file when PATH is a folder or a glob. */
export function tailActivelog(store: Store, node: NodeRow, path: string, lines: number): {file: string; lines: string[]} {
  let p = normalise(path)
  let pattern: RegExp | undefined
  const star = p.lastIndexOf('*')
  if (star >= 0) {
    const slash = p.lastIndexOf('/')
    const glob = p.slice(slash + 1)
    pattern = new RegExp('^' + glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$')
    p = p.slice(0, Math.max(0, slash))
  }
  const known = new Set([...traceDirs(store, node.id), ...Object.values(TRACE_DIRS).map((t) => t.dir)])
  let dir: string
  let file: string | undefined
  if (known.has(p)) {
    dir = p
    const files = traceFiles(store, node.id, dir).filter((f) => !pattern || pattern.test(f.file))
    file = files.sort((a, b) => a.lastAt - b.lastAt || a.file.localeCompare(b.file)).at(-1)?.file
    if (!file) return {file: `${dir}/`, lines: []}
  } else {
    const slash = p.lastIndexOf('/')
    dir = p.slice(0, Math.max(0, slash))
    file = p.slice(slash + 1)
    if (!known.has(dir) || !traceFiles(store, node.id, dir).some((f) => f.file === file)) throw unknownPath(path)
  }
  return {file: `${dir}/${file}`, lines: tailTrace(store, node.id, dir, file, lines)}
}
