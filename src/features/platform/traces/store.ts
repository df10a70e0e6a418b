import type {Store} from '../../../store/store.js'

export interface TraceFile {
  file: string
  lines: number
  firstAt: number
  lastAt: number
  bytes: number
}

export function appendTrace(store: Store, nodeId: number, dir: string, file: string, at: number, line: string): void {
  store
    .sql('INSERT INTO trace_lines(node_id, dir, file, at, line) VALUES (?, ?, ?, ?, ?)')
    .run(nodeId, dir, file, at, line)
  store
    .sql(
      `INSERT INTO trace_files(node_id, dir, file, lines, bytes, first_at, last_at) VALUES (?, ?, ?, 1, ?, ?, ?)
       ON CONFLICT(node_id, dir, file) DO UPDATE SET lines = lines + 1, bytes = bytes + excluded.bytes, last_at = excluded.last_at`,
    )
    .run(nodeId, dir, file, Buffer.byteLength(line) + 1, at, at)
}

/** Appends lines (in order) to one trace file: one row each, and the file's totals updated once. */
export function appendTraceLines(
  store: Store,
  nodeId: number,
  dir: string,
  file: string,
  rows: Array<{at: number; line: string}>,
): void {
  if (rows.length === 0) return
  const insert = store.sql('INSERT INTO trace_lines(node_id, dir, file, at, line) VALUES (?, ?, ?, ?, ?)')
  let bytes = 0
  for (const r of rows) {
    insert.run(nodeId, dir, file, r.at, r.line)
    bytes += Buffer.byteLength(r.line) + 1
  }
  store
    .sql(
      `INSERT INTO trace_files(node_id, dir, file, lines, bytes, first_at, last_at) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(node_id, dir, file) DO UPDATE SET lines = lines + excluded.lines, bytes = bytes + excluded.bytes, last_at = excluded.last_at`,
    )
    .run(nodeId, dir, file, rows.length, bytes, rows[0].at, rows.at(-1)!.at)
}

export function traceFiles(store: Store, nodeId: number, dir: string): TraceFile[] {
  return store
    .sql<TraceFile>(
      'SELECT file, lines, first_at AS firstAt, last_at AS lastAt, bytes FROM trace_files WHERE node_id = ? AND dir = ? ORDER BY file',
    )
    .all(nodeId, dir)
}

/** The file a service writes to now (the highest number), with its line count and size. */
export function currentTraceFile(
  store: Store,
  nodeId: number,
  dir: string,
): {file: string; lines: number; bytes: number} | undefined {
  return store
    .sql<{file: string; lines: number; bytes: number}>(
      'SELECT file, lines, bytes FROM trace_files WHERE node_id = ? AND dir = ? ORDER BY length(file) DESC, file DESC LIMIT 1',
    )
    .get(nodeId, dir)
}

/** Removes a service's oldest trace files on a node (by number), keeping the newest `keep`. */
export function pruneTraceFiles(store: Store, nodeId: number, dir: string, keep: number): number {
  const old = store
    .sql<{file: string}>(
      'SELECT file FROM trace_files WHERE node_id = ? AND dir = ? ORDER BY length(file) DESC, file DESC LIMIT -1 OFFSET ?',
    )
    .all(nodeId, dir, keep)
  for (const {file} of old) {
    store.sql('DELETE FROM trace_lines WHERE node_id = ? AND dir = ? AND file = ?').run(nodeId, dir, file)
    store.sql('DELETE FROM trace_files WHERE node_id = ? AND dir = ? AND file = ?').run(nodeId, dir, file)
  }
  return old.length
}

export function traceDirs(store: Store, nodeId: number): string[] {
  return store
    .sql<{dir: string}>('SELECT DISTINCT dir FROM trace_files WHERE node_id = ? ORDER BY dir')
    .all(nodeId)
    .map((r) => r.dir)
}

/** The last `n` lines of a trace file, oldest first. */
export function tailTrace(store: Store, nodeId: number, dir: string, file: string, n: number): string[] {
  return store
    .sql<{line: string}>(
      'SELECT line FROM (SELECT id, line FROM trace_lines WHERE node_id = ? AND dir = ? AND file = ? ORDER BY id DESC LIMIT ?) ORDER BY id',
    )
    .all(nodeId, dir, file, n)
    .map((r) => r.line)
}

/** Removes one trace file (a command's output file written again). */
export function deleteTraceFile(store: Store, nodeId: number, dir: string, file: string): void {
  store.sql('DELETE FROM trace_lines WHERE node_id = ? AND dir = ? AND file = ?').run(nodeId, dir, file)
  store.sql('DELETE FROM trace_files WHERE node_id = ? AND dir = ? AND file = ?').run(nodeId, dir, file)
}
