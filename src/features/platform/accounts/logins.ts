import type {Store} from '../../../store/store.js'

/**
 * The failed-login limit of `ucadmin serve ssh`, kept in the state file (migration 008). An attempt counts from
 * the moment it starts, before its password hash is checked, so a burst of parallel attempts cannot all pass the
 * check; when the attempts of a key (`user:NAME` or `addr:IP`) within the window reach the limit, the key is locked
 * for the whole window, whatever happens meanwhile. Real time (ms): this is a network matter, not simulated time.
 */

/** The window of the failed-login limit, and the default limit within it (serve ssh and serve https). */
export const LOCKOUT_WINDOW_MS = 15 * 60_000
export const DEFAULT_LOCKOUT = 10

export interface LoginLimits {
  /** Attempts (running or failed) per key within windowMs that lock the key. */
  lockout: number
  windowMs: number
}

export type AttemptStart =
  {ok: true; ids: number[]} | {ok: false; key: string; until: number} | {ok: false; busy: true; key: string}

/** Locks a key until a time (keeps a later lock). */
function lock(store: Store, key: string, until: number): void {
  store
    .sql(
      'INSERT INTO ssh_lockouts(key, until) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET until = max(until, excluded.until)',
    )
    .run(key, until)
}

function lockedUntil(store: Store, key: string, now: number): number | undefined {
  const r = store.sql<{until: number}>('SELECT until FROM ssh_lockouts WHERE key = ?').get(key)
  return r && r.until > now ? r.until : undefined
}

function counted(store: Store, key: string, since: number): {failed: number; running: number} {
  return store
    .sql<{failed: number; running: number}>(
      'SELECT coalesce(sum(failed), 0) AS failed, coalesce(sum(1 - failed), 0) AS running FROM ssh_login_attempts WHERE key = ? AND at > ?',
    )
    .get(key, since)!
}

/**
 * Starts a login attempt for these keys (in the caller's write transaction): refused when a key is locked or its
 * failures within the window reach the limit (the key is then locked); `busy` when the failures plus the attempts
 * still running would reach it (the caller waits for those to end and asks again, so a burst can never have more
 * than the limit checked, and parallel good logins only queue); otherwise recorded as running. Also forgets attempts
 * and locks older than the window.
 */
export function startAttempt(
  store: Store,
  keys: string[],
  now: number,
  limits: LoginLimits,
  server: string | null = null,
): AttemptStart {
  const since = now - limits.windowMs
  store.sql('DELETE FROM ssh_login_attempts WHERE at <= ?').run(since)
  // Attempts still marked running whose server is gone never end: they no longer count.
  store
    .sql(
      'DELETE FROM ssh_login_attempts WHERE failed = 0 AND (server IS NULL OR server NOT IN (SELECT id FROM ssh_servers))',
    )
    .run()
  store.sql('DELETE FROM ssh_lockouts WHERE until <= ?').run(now)
  for (const key of keys) {
    const until = lockedUntil(store, key, now)
    if (until !== undefined) return {ok: false, key, until}
    const n = counted(store, key, since)
    if (n.failed >= limits.lockout) {
      lock(store, key, now + limits.windowMs)
      return {ok: false, key, until: now + limits.windowMs}
    }
    if (n.failed + n.running >= limits.lockout) return {ok: false, busy: true, key}
  }
  const ids = keys.map((key) =>
    Number(
      store.sql('INSERT INTO ssh_login_attempts(key, at, server) VALUES (?, ?, ?)').run(key, now, server)
        .lastInsertRowid,
    ),
  )
  return {ok: true, ids}
}

/**
 * Ends an attempt: a success removes it; a failure keeps it (marked failed) and locks each key whose count within
 * the window has reached the limit. Returns the keys locked now.
 */
export function endAttempt(store: Store, ids: number[], success: boolean, now: number, limits: LoginLimits): string[] {
  if (success) {
    for (const id of ids) store.sql('DELETE FROM ssh_login_attempts WHERE id = ?').run(id)
    return []
  }
  const locked: string[] = []
  for (const id of ids) {
    const row = store.sql<{key: string}>('UPDATE ssh_login_attempts SET failed = 1 WHERE id = ? RETURNING key').get(id)
    if (!row) continue
    const n = store
      .sql<{n: number}>('SELECT count(*) AS n FROM ssh_login_attempts WHERE key = ? AND failed = 1 AND at > ?')
      .get(row.key, now - limits.windowMs)!.n
    if (n >= limits.lockout) {
      lock(store, row.key, now + limits.windowMs)
      locked.push(row.key)
    }
  }
  return locked
}

/** How long a server may go without refreshing its row before it counts as gone (real time, ms). */
export const SERVER_LIVENESS_MS = 30_000

/** How often a server (serve ssh, serve https) refreshes its row in ssh_servers (real time, ms). */
export const SERVER_HEARTBEAT_MS = 10_000

/** Whether a process of this pid exists on this machine (heartbeat's `alive`). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * A server's row (written when it starts and refreshed while it runs), after forgetting the servers that are gone:
 * not seen within SERVER_LIVENESS_MS, or on this machine with no process of their pid (`alive` says).
 */
export function heartbeat(
  store: Store,
  server: {id: string; hostname: string; pid: number},
  now: number,
  alive: (pid: number) => boolean,
): void {
  store
    .sql(
      'INSERT INTO ssh_servers(id, hostname, pid, seen) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET seen = excluded.seen',
    )
    .run(server.id, server.hostname, server.pid, now)
  for (const s of store
    .sql<{id: string; hostname: string; pid: number; seen: number}>(
      'SELECT id, hostname, pid, seen FROM ssh_servers WHERE id <> ?',
    )
    .all(server.id)) {
    if (s.seen < now - SERVER_LIVENESS_MS || (s.hostname === server.hostname && !alive(s.pid)))
      store.sql('DELETE FROM ssh_servers WHERE id = ?').run(s.id)
  }
}

/** A server that stops: its row and its attempts still running go. */
export function serverGone(store: Store, id: string): void {
  store.sql('DELETE FROM ssh_login_attempts WHERE failed = 0 AND server = ?').run(id)
  store.sql('DELETE FROM ssh_servers WHERE id = ?').run(id)
}

/** Whether any of these keys is locked now (a remembered good login is still refused while its name or address is). */
export function anyLocked(store: Store, keys: string[], now: number): boolean {
  return keys.some((k) => lockedUntil(store, k, now) !== undefined)
}
