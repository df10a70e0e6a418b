import {escapeControls} from '../../../core/text.js'
import type {NodeRow} from '../../world/cluster/store.js'
import type {Store} from '../../../store/store.js'

import {
  appendTrace,
  appendTraceLines,
  currentTraceFile,
  deleteTraceFile,
  pruneTraceFiles,
  tailTrace,
  traceDirs,
  traceFiles,
  type TraceFile,
} from './store.js'
import type {Clock} from '../../world/clock/clock.js'
import {UsageError} from '../../../core/errors.js'
import {log4jTime} from '../../../core/time.js'
import {deleteSetting, getSetting, setSetting} from '../../../store/settings.js'

/** Trace locations under the active log partition (/var/log/active), per service. */
export const TRACE_DIRS: Record<string, {dir: string; base: string; logger: string}> = {
  'Cisco Push Notification Service': {dir: 'cm/trace/ccmpns/log4j', base: 'ccmpns', logger: 'ccmpns.CCMPNServer'},
  'Cisco Management Agent Service': {dir: 'cm/trace/cmas/log4j', base: 'cmas', logger: 'cmas.ManagementAgent'},
  'Cisco XCP Config Manager': {
    dir: 'epas/trace/xcpconfigmgr/log',
    base: 'xcpconfigmgr',
    logger: 'xcpconfigmgr.ConfigManager',
  },
  'Cisco XCP Router': {dir: 'epas/trace/xcp/log', base: 'rtr-jsm', logger: 'xcp.router'},
  'Cisco Local Push Notification Service': {dir: 'cm/trace/lpns/log4j', base: 'lpns', logger: 'lpns.LocalPushServer'},
}

/** Cisco Tomcat's access log folder (written by `serve https`, src/features/tomcat/access-log.ts). */
export const ACCESS_LOG_DIR = 'tomcat/logs'

/** Every folder `file list activelog` knows, even before anything is written there. */
const knownDirs = (store: Store, node: NodeRow) =>
  new Set([...traceDirs(store, node.id), ...Object.values(TRACE_DIRS).map((t) => t.dir), ACCESS_LOG_DIR])

/**
 * Roll-over, as CUCM's trace settings do it (Maximum No. of Files, Maximum File Size): a service writes to
 * `<base>00001.log` until the next line would take it past TRACE_MAX_FILE_BYTES, then to the next number; only the
 * newest TRACE_MAX_FILES files of each service on each node are kept (the oldest is deleted). So a long simulation
 * keeps a bounded trace: the sizes are small (10 files of 32 KiB, about 2,300 lines per service and node) to keep
 * the state file small, not CUCM's defaults.
 */
export const TRACE_MAX_FILES = 10
export const TRACE_MAX_FILE_BYTES = 32 * 1024
/** The most lines one trace file can hold (every line is at least one byte): enough to read a whole file. */
export const TRACE_FILE_LINES = TRACE_MAX_FILE_BYTES

export type TraceLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR'

/**
 * The trace level a service writes at on a node (Serviceability's levels for the Java services, least detail first).
 * The guide (Traces): "By default, traces are set to the Info level", so DEBUG lines are written only once an
 * operator raises the level (`set trace enable Detailed SERVICE`; issue 20, item 12).
 */
export const SERVICE_TRACE_LEVELS = ['Fatal', 'Error', 'Warn', 'Info', 'Debug'] as const
export type ServiceTraceLevel = (typeof SERVICE_TRACE_LEVELS)[number]
export const DEFAULT_TRACE_LEVEL: ServiceTraceLevel = 'Info'
/** The levels of the CLI's `set trace enable LEVEL`, as the Java services' log4j levels take them. */
export const CLI_TRACE_LEVELS: Record<string, ServiceTraceLevel> = {
  Error: 'Error',
  Special: 'Info',
  State_Transition: 'Info',
  Significant: 'Info',
  Entry_exit: 'Debug',
  Arbitrary: 'Debug',
  Detailed: 'Debug',
}
const LINE_RANK: Record<TraceLevel, number> = {ERROR: 1, WARN: 2, INFO: 3, DEBUG: 4}
const levelKey = (nodeId: number, service: string) => `trace-level:${nodeId}:${service}`

export function traceLevel(store: Store, nodeId: number, service: string): ServiceTraceLevel {
  return (getSetting(store, levelKey(nodeId, service)) as ServiceTraceLevel | undefined) ?? DEFAULT_TRACE_LEVEL
}

export function setTraceLevel(store: Store, nodeId: number, service: string, level: ServiceTraceLevel): void {
  if (level === DEFAULT_TRACE_LEVEL) deleteSetting(store, levelKey(nodeId, service))
  else setSetting(store, levelKey(nodeId, service), level)
}

/** Whether a line of this level is written at the service's trace level on the node. */
function written(store: Store, nodeId: number, service: string, level: TraceLevel): boolean {
  return LINE_RANK[level] <= SERVICE_TRACE_LEVELS.indexOf(traceLevel(store, nodeId, service))
}

type Source = {thread: string; at: string}

const fileName = (base: string, n: number) => `${base}${String(n).padStart(5, '0')}.log`
const fileNumber = (file: string) => Number(/(\d+)\.log$/.exec(file)?.[1] ?? '0')

function traceLine(t: {logger: string}, at: number, level: TraceLevel, message: string, source: Source): string {
  const where = source.at ? ` (${source.at})` : ''
  return `${log4jTime(at)} ${level.padEnd(5)} [${source.thread}] ${t.logger}${where} - ${escapeControls(message)}`
}

/**
 * Appends one log4j line to a service's current trace file on a node, in the layout CUCM's Java services use:
 * `2026-01-05 09:00:00,000 DEBUG [thread] logger (Source.java:line) - message`. The message stays on its line:
 * control characters (a line break in an alarm text, a terminal escape) are written escaped, so no text can forge
 * a trace line.
 */
export function trace(
  store: Store,
  clock: Clock,
  node: NodeRow,
  service: string,
  level: TraceLevel,
  message: string,
  source: Source = {thread: 'main', at: ''},
): void {
  const t = TRACE_DIRS[service]
  if (!t || !written(store, node.id, service, level)) return
  const line = traceLine(t, clock.now(), level, message, source)
  const size = Buffer.byteLength(line) + 1
  const current = currentTraceFile(store, node.id, t.dir)
  let file = current?.file ?? fileName(t.base, 1)
  if (current && current.bytes > 0 && current.bytes + size > TRACE_MAX_FILE_BYTES) {
    file = fileName(t.base, fileNumber(current.file) + 1)
    appendTrace(store, node.id, t.dir, file, clock.now(), line)
    pruneTraceFiles(store, node.id, t.dir, TRACE_MAX_FILES)
    return
  }
  appendTrace(store, node.id, t.dir, file, clock.now(), line)
}

/**
 * The trace of `count` periodic occurrences of one line (at first, first + every, ...), whose text differs only in
 * its time and thread, so every line has the same length: the result of appending them one by one with roll-over,
 * computed in closed form. Only the lines that land in the files roll-over keeps are written.
 */
export function traceRun(
  store: Store,
  node: NodeRow,
  service: string,
  run: {first: number; every: number; count: number},
  line: (at: number) => {level: TraceLevel; message: string; source: Source},
): void {
  const t = TRACE_DIRS[service]
  if (!t || run.count <= 0 || !written(store, node.id, service, line(run.first).level)) return
  const text = (i: number) => {
    const at = run.first + i * run.every
    const l = line(at)
    return {at, text: traceLine(t, at, l.level, l.message, l.source)}
  }
  const size = Buffer.byteLength(text(0).text) + 1
  const perFile = Math.max(1, Math.floor(TRACE_MAX_FILE_BYTES / size))
  const current = currentTraceFile(store, node.id, t.dir)
  const curNo = current ? fileNumber(current.file) : 1
  const room =
    !current || current.bytes === 0 ? perFile : Math.max(0, Math.floor((TRACE_MAX_FILE_BYTES - current.bytes) / size))
  const fileOf = (i: number) => (i < room ? curNo : curNo + 1 + Math.floor((i - room) / perFile))
  const lastNo = fileOf(run.count - 1)
  const firstKept = lastNo - TRACE_MAX_FILES + 1
  const start = firstKept <= curNo ? 0 : room + (firstKept - curNo - 1) * perFile
  for (let i = start; i < run.count;) {
    const no = fileOf(i)
    const rows: Array<{at: number; line: string}> = []
    for (; i < run.count && fileOf(i) === no; i++) {
      const l = text(i)
      rows.push({at: l.at, line: l.text})
    }
    appendTraceLines(store, node.id, t.dir, fileName(t.base, no), rows)
  }
  if (lastNo > curNo) pruneTraceFiles(store, node.id, t.dir, TRACE_MAX_FILES)
}

function normalise(path: string): string {
  return path
    .trim()
    .replace(/^\/?var\/log\/active\//, '')
    .replace(/^\/+/, '')
    .replace(/\/+$/, '')
}

export interface Listing {
  path: string
  dirs: string[]
  files: TraceFile[]
}

/** `file list activelog PATH`: sub-directories and trace files under PATH on the node. */
export function listActivelog(store: Store, node: NodeRow, path: string): Listing {
  const p = normalise(path)
  const known = knownDirs(store, node)
  if (known.has(p)) return {path: p, dirs: [], files: traceFiles(store, node.id, p)}
  const prefix = p ? `${p}/` : ''
  const children = new Set<string>()
  for (const d of known) if (d.startsWith(prefix)) children.add(d.slice(prefix.length).split('/')[0])
  if (children.size === 0) throw unknownPath(path)
  return {path: p, dirs: [...children].sort(), files: []}
}

function unknownPath(path: string): UsageError {
  return new UsageError(`No such directory or file in activelog: "${path}".`, {
    code: 'UNKNOWN_PATH',
    fix: `Trace folders: ${Object.values(TRACE_DIRS)
      .map((t) => t.dir + '/')
      .join(', ')}.`,
  })
}

/** `file tail activelog PATH`: the last lines of a file, or of the newest file when PATH is a folder or a glob. */
/** The most lines `file tail` prints. */
export const MAX_TAIL_LINES = 100_000

/** The trace files a file-spec names on a node: one file, every file of a folder, or the files a glob matches. */
export function activelogFiles(store: Store, node: NodeRow, path: string): Array<{dir: string} & TraceFile> {
  let p = normalise(path)
  let pattern: RegExp | undefined
  if (p.includes('*')) {
    const slash = p.lastIndexOf('/')
    pattern = new RegExp(
      '^' +
        p
          .slice(slash + 1)
          .split('*')
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*') +
        '$',
    )
    p = p.slice(0, Math.max(0, slash))
  }
  const known = new Set([...traceDirs(store, node.id), ...Object.values(TRACE_DIRS).map((t) => t.dir)])
  if (known.has(p))
    return traceFiles(store, node.id, p)
      .filter((f) => !pattern || pattern.test(f.file))
      .map((f) => ({dir: p, ...f}))
  const slash = p.lastIndexOf('/')
  const dir = p.slice(0, Math.max(0, slash))
  const hit =
    known.has(dir) && !pattern ? traceFiles(store, node.id, dir).find((f) => f.file === p.slice(slash + 1)) : undefined
  if (!hit) throw unknownPath(path)
  return [{dir, ...hit}]
}

/** Every line of a trace file, oldest first. */
export function traceFileLines(store: Store, node: NodeRow, dir: string, file: string): string[] {
  return tailTrace(store, node.id, dir, file, TRACE_FILE_LINES)
}

/** The active log partition as CUCM names it in messages (`Searching path: /var/log/active/...`). */
export const ACTIVELOG = '/var/log/active'

/** Writes a whole file under the active log partition (a command's output file, e.g. ReplicationStatus.*.out). */
export function writeActivelogFile(
  store: Store,
  node: NodeRow,
  dir: string,
  file: string,
  at: number,
  lines: string[],
): void {
  deleteTraceFile(store, node.id, dir, file)
  appendTraceLines(
    store,
    node.id,
    dir,
    file,
    lines.map((line) => ({at, line})),
  )
}

export function tailActivelog(
  store: Store,
  node: NodeRow,
  path: string,
  lines: number,
): {file: string; lines: string[]} {
  let p = normalise(path)
  let pattern: RegExp | undefined
  const star = p.lastIndexOf('*')
  if (star >= 0) {
    const slash = p.lastIndexOf('/')
    const glob = p.slice(slash + 1)
    pattern = new RegExp(
      '^' +
        glob
          .split('*')
          .map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*') +
        '$',
    )
    p = p.slice(0, Math.max(0, slash))
  }
  const known = knownDirs(store, node)
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
