import type {Store} from './store.js'

export interface TraceFile {
  file: string
  lines: number
  firstAt: number
  lastAt: number
  bytes: number
}

export function appendTrace(store: Store, nodeId: number, dir: string, file: string, at: number, line: string): void {
  store.sql('INSERT INTO trace_lines(node_id, dir, file, at, line) VALUES (?, ?, ?, ?, ?)').run(nodeId, dir, file, at, line)
}

export function countTraceLines(store: Store, nodeId: number, dir: string, file: string): number {
  return store.sql<{n: number}>('SELECT count(*) AS n FROM trace_lines WHERE node_id = ? AND dir = ? AND file = ?').get(nodeId, dir, file)!.n
}

export function traceFiles(store: Store, nodeId: number, dir: string): TraceFile[] {
  return store
    .sql<TraceFile>(
      `SELECT file, count(*) AS lines, min(at) AS firstAt, max(at) AS lastAt, sum(length(CAST(line AS BLOB)) + 1) AS bytes
       FROM trace_lines WHERE node_id = ? AND dir = ? GROUP BY file ORDER BY file`,
    )
    .all(nodeId, dir)
}

export function traceDirs(store: Store, nodeId: number): string[] {
  return store.sql<{dir: string}>('SELECT DISTINCT dir FROM trace_lines WHERE node_id = ? ORDER BY dir').all(nodeId).map((r) => r.dir)
}

/** The last `n` lines of a trace file, oldest first. */
export function tailTrace(store: Store, nodeId: number, dir: string, file: string, n: number): string[] {
  return store
    .sql<{line: string}>('SELECT line FROM (SELECT id, line FROM trace_lines WHERE node_id = ? AND dir = ? AND file = ? ORDER BY id DESC LIMIT ?) ORDER BY id')
    .all(nodeId, dir, file, n)
    .map((r) => r.line)
}
