import Database from 'better-sqlite3'
import {closeSync, copyFileSync, existsSync, lstatSync, mkdirSync, mkdtempSync, openSync, readSync, readdirSync, renameSync, rmSync, statSync, unlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {basename, dirname, join, resolve} from 'node:path'

import {UsageError} from '../../../core/errors.js'
import {iso} from '../../../core/time.js'
import {EPOCH} from '../../world/clock/clock.js'
import {APPLICATION_ID, SCHEMA_VERSION, checkBeside, openDatabase, schemaMismatch} from '../../../store/db.js'
import type {Store} from '../../../store/store.js'
import {allHostKeys, replaceHostKeys} from '../../platform/accounts/store.js'

/**
 * Snapshots of the whole state file (`state save|restore|list|delete|reset`).
 *
 * - A save copies the live file with SQLite's online backup API (one step, so one read transaction: consistent
 *   while other processes write) into a temporary file beside the target, switches it to a single-file rollback
 *   journal, and renames it into place (mode 0600). Named snapshots live in `<state file>.snapshots/NAME.db`.
 * - A restore never replaces the state file (other processes keep their open connections and the file keeps its
 *   inode and 0600 mode): inside one IMMEDIATE transaction on the live file it drops every table, index and
 *   trigger and recreates them with the snapshot's rows (ATTACHed read-only); when the schemas are the same (the
 *   usual case) it empties and refills the tables instead, dropping and recreating only the triggers. Readers in WAL mode see the old
 *   state until the commit and the new one after it, never half of each; writers queue on the busy timeout.
 *   A snapshot of an older schema is migrated in a temporary copy first; one of a newer schema, or a file that is
 *   not ucadmin's, is refused before anything is touched.
 */

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/
const SQLITE_MAGIC = 'SQLite format 3\0'

export interface SnapshotRef {
  /** The snapshot's name, or null when it was given as a path. */
  name: string | null
  path: string
}

/** Where named snapshots of a state file live: a folder beside it, `<state file>.snapshots/`. */
export function snapshotDir(statePath: string): string {
  return join(dirname(resolve(statePath)), `${basename(statePath)}.snapshots`)
}

/** NAME (letters, digits, - and _) or PATH (anything with a /). */
export function snapshotRef(statePath: string, text: string): SnapshotRef {
  const t = text ?? ''
  if (t.includes('/')) return {name: null, path: resolve(t)}
  if (!NAME.test(t)) {
    throw new UsageError(`"${t}" is neither a snapshot name nor a path.`, {
      code: 'BAD_SNAPSHOT_NAME',
      fix: 'A name is 1-64 letters, digits, - or _ (e.g. baseline); a path has a / in it (e.g. ./lab.db).',
    })
  }
  return {name: t, path: join(snapshotDir(statePath), `${t}.db`)}
}

function unknownSnapshot(statePath: string, ref: SnapshotRef): UsageError {
  if (ref.name === null) return new UsageError(`No snapshot file at ${ref.path}.`, {code: 'UNKNOWN_SNAPSHOT', fix: 'Check the path, or save one with `ucadmin state save PATH`.'})
  const names = listSnapshotNames(statePath)
  return new UsageError(`No snapshot named "${ref.name}".`, {
    code: 'UNKNOWN_SNAPSHOT',
    fix: names.length ? `Snapshots: ${names.join(', ')} (see \`ucadmin state list\`).` : 'Save one first with `ucadmin state save NAME`.',
  })
}

function listSnapshotNames(statePath: string): string[] {
  const dir = snapshotDir(statePath)
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.db') && NAME.test(f.slice(0, -3)))
    .map((f) => f.slice(0, -3))
    .sort()
}

function header(path: string): Buffer {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.alloc(100)
    return buf.subarray(0, readSync(fd, buf, 0, 100, 0))
  } finally {
    closeSync(fd)
  }
}

export interface SnapshotInfo {
  schema: number
  /** The simulated clock when the snapshot was taken. */
  clock: string
  clusters: string[]
}

/**
 * Checks that a file is a ucadmin state file this ucadmin can load (exit 2 otherwise) and reads what `state list`
 * shows. Opens it read-only; never writes to it.
 */
export function inspectSnapshot(path: string, what = path): SnapshotInfo {
  const bad = (why: string, code = 'NOT_A_SNAPSHOT', fix = 'Give a file written by `ucadmin state save`.') =>
    new UsageError(`${what} is not a ucadmin snapshot (${why}); nothing was changed.`, {code, fix})
  const st = statSync(path)
  if (st.isDirectory()) throw bad('it is a directory')
  // A FIFO, device or socket could block the read forever, or change between the checks and the use.
  if (!st.isFile()) throw bad('it is not a regular file')
  const h = header(path)
  if (h.length < 100 || h.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC) throw bad('not an SQLite database')
  let db: Database.Database | undefined
  try {
    db = new Database(path, {readonly: true, fileMustExist: true})
    const appId = db.pragma('application_id', {simple: true}) as number
    const version = db.pragma('user_version', {simple: true}) as number
    if (appId !== APPLICATION_ID) throw bad("it holds another application's data")
    if (version > SCHEMA_VERSION) {
      throw new UsageError(`${what} was written by a newer ucadmin (schema ${version}; this one knows up to ${SCHEMA_VERSION}); nothing was changed.`, {
        code: 'NEWER_SCHEMA',
        fix: 'Upgrade ucadmin to restore it.',
      })
    }
    // Only ucadmin's own tables, indexes and triggers: a trigger added to a snapshot would run inside every later
    // command (an account delete that deletes nothing), and other tables under ucadmin's id break every command.
    const mismatch = schemaMismatch(db, version)
    if (mismatch) throw bad(mismatch)
    const clock = (db.prepare("SELECT value FROM settings WHERE key = 'clock'").get() as {value: string} | undefined)?.value
    const clusters = (db.prepare('SELECT name FROM clusters ORDER BY name').all() as Array<{name: string}>).map((r) => r.name)
    return {schema: version, clock: iso(clock === undefined ? EPOCH : Number(clock)), clusters}
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw bad(`it cannot be read: ${(error as Error).message}`)
  } finally {
    db?.close()
  }
}

export interface SaveResult {
  name: string | null
  path: string
  bytes: number
  replaced: boolean
  clock: string
  clusters: string[]
}

/** The inode of a path, when it exists (so a second name for the live file is recognised). */
function sameFile(a: string, b: string): boolean {
  try {
    const x = statSync(a)
    const y = statSync(b)
    return x.dev === y.dev && x.ino === y.ino
  } catch {
    return false
  }
}

/**
 * The folder of named snapshots, created private (0700) when missing; one that is not the user's own or is open to
 * others is refused (another user could read the snapshots or swap one in).
 */
function privateSnapshotDir(statePath: string, create: boolean): string {
  const dir = snapshotDir(statePath)
  checkBeside(statePath, dir)
  if (create) {
    mkdirSync(dir, {recursive: true, mode: 0o700})
    checkBeside(statePath, dir) // made by someone else between the check and the mkdir
  }
  return dir
}

/** Temporary copies a save writes beside its target: `.NAME.db.PID.tmp` (and SQLite's -journal of it). */
const TMP = /^\.(.+)\.(\d+)\.tmp(-journal|-wal|-shm)?$/

function alive(pid: number): boolean {
  if (pid === process.pid) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/**
 * Removes the temporary copies that saves killed part-way left in a folder (of the given target only, in a
 * folder that is not the snapshots folder): their process is gone.
 */
function removeStaleCopies(dir: string, target?: string): void {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return
  }
  for (const f of names) {
    const m = TMP.exec(f)
    if (!m || (target !== undefined && m[1] !== target) || alive(Number(m[2]))) continue
    try {
      rmSync(join(dir, f), {force: true})
    } catch {
      // another user's file in a shared folder: not ours to remove
    }
  }
}

/**
 * Whether an existing file may be replaced by a save: only a snapshot ucadmin wrote (a rollback-journal SQLite file
 * of ucadmin's schema), never a live state file (WAL mode, or with a -wal or -shm file beside it, or the state file
 * itself under another name), whatever its id says.
 */
function checkReplaceable(path: string, live: string): void {
  const refuse = (why: string) =>
    new UsageError(`${path} exists and ${why}; nothing was written.`, {code: 'NOT_A_SNAPSHOT', fix: 'Give a new path, or a snapshot written by `ucadmin state save`.'})
  if (sameFile(path, live)) throw refuse('is the state file itself')
  const st = lstatSync(path)
  if (st.isSymbolicLink()) throw refuse('is a symbolic link')
  if (!st.isFile()) throw refuse('is not a regular file')
  inspectSnapshot(path, `${path} exists and`)
  // Byte 18 of the header: 1 for a rollback journal (what a save writes), 2 for WAL (every live state file).
  if (header(path)[18] !== 1) throw refuse('is a live state file (WAL mode), not a snapshot')
  for (const suffix of ['-wal', '-shm', '-journal']) if (existsSync(`${path}${suffix}`)) throw refuse(`is in use (${basename(path)}${suffix} is beside it)`)
}

/** `state save NAME|PATH`: an online backup of the live state into the snapshot (replacing an older snapshot). */
export async function saveSnapshot(store: Store, ref: SnapshotRef): Promise<SaveResult> {
  const live = resolve(store.path)
  if (ref.path === live || sameFile(ref.path, live)) throw new UsageError('A snapshot cannot be saved over the state file itself.', {code: 'BAD_SNAPSHOT_PATH', fix: 'Give another name or path.'})
  const dir = dirname(ref.path)
  if (ref.name !== null) privateSnapshotDir(live, true)
  else if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`The folder ${dir} does not exist.`, {code: 'BAD_SNAPSHOT_PATH', fix: 'Create it first, or give another path.'})
  let replaced = false
  try {
    lstatSync(ref.path)
    replaced = true
  } catch {
    // a new file
  }
  // Never overwrite a file that is not a snapshot (a typo in PATH must not destroy someone's data).
  if (replaced) checkReplaceable(ref.path, live)
  // A save killed part-way left its copy behind: its process is gone, so the copy goes now.
  removeStaleCopies(dir, ref.name === null ? basename(ref.path) : undefined)
  const tmp = join(dir, `.${basename(ref.path)}.${process.pid}.tmp`)
  try {
    rmSync(tmp, {force: true})
    closeSync(openSync(tmp, 'wx', 0o600))
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    throw new UsageError(`Cannot write the snapshot's temporary copy ${tmp} (${code || (error as Error).message}); nothing was written.`, {
      code: 'BAD_SNAPSHOT_PATH',
      fix: 'Save into a folder only you can write.',
    })
  }
  try {
    await store.db.backup(tmp, {progress: () => 0x7fff_ffff})
    const copy = new Database(tmp)
    try {
      copy.pragma('journal_mode = DELETE')
    } finally {
      copy.close()
    }
    // Checked again right before the rename: a live file may have appeared at the path meanwhile.
    if (replaced) checkReplaceable(ref.path, live)
    else if (existsSync(ref.path)) throw new UsageError(`${ref.path} appeared while saving; nothing was written.`, {code: 'NOT_A_SNAPSHOT', fix: 'Save again.'})
    renameSync(tmp, ref.path)
  } catch (error) {
    for (const f of [tmp, `${tmp}-wal`, `${tmp}-shm`, `${tmp}-journal`]) rmSync(f, {force: true})
    throw error
  }
  const info = inspectSnapshot(ref.path)
  return {name: ref.name, path: ref.path, bytes: statSync(ref.path).size, replaced, clock: info.clock, clusters: info.clusters}
}

/**
 * Replaces every table of the live state with the source file's, in one IMMEDIATE transaction on the live
 * connection (see the module comment). The source must be of the current schema.
 */
function replaceState(store: Store, source: string): void {
  const db = store.db
  const q = (name: string) => `"${name.replaceAll('"', '""')}"`
  db.pragma('foreign_keys = OFF')
  db.prepare('ATTACH DATABASE ? AS snap').run(source)
  try {
    store.begin(true)
    try {
      // The SSH host key is the server's identity, not lab state: it survives restores and resets.
      const hostKeys = allHostKeys(store)
      type Obj = {type: string; name: string; sql: string | null}
      const objects = (schema: string) =>
        db.prepare(`SELECT type, name, sql FROM ${schema}.sqlite_master WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL ORDER BY rowid`).all() as Obj[]
      const mine = objects('main')
      const theirs = objects('snap')
      const sameSchema = mine.length === theirs.length && mine.every((o, i) => o.type === theirs[i].type && o.name === theirs[i].name && o.sql === theirs[i].sql)
      // Triggers go first and come back last, so copying rows fires none of them.
      for (const o of mine.filter((x) => x.type === 'trigger' || x.type === 'view')) db.exec(`DROP ${o.type.toUpperCase()} IF EXISTS main.${q(o.name)}`)
      if (sameSchema) {
        // The usual case (a snapshot of this schema): empty and refill the tables, keeping their definitions.
        for (const o of theirs.filter((x) => x.type === 'table')) {
          db.exec(`DELETE FROM main.${q(o.name)}`)
          db.exec(`INSERT INTO main.${q(o.name)} SELECT * FROM snap.${q(o.name)}`)
        }
      } else {
        for (const o of mine.filter((x) => x.type === 'table')) db.exec(`DROP TABLE IF EXISTS main.${q(o.name)}`)
        for (const o of theirs.filter((x) => x.type === 'table')) {
          db.exec(o.sql!)
          db.exec(`INSERT INTO main.${q(o.name)} SELECT * FROM snap.${q(o.name)}`)
        }
      }
      const hasSeq = (schema: string) => db.prepare(`SELECT 1 FROM ${schema}.sqlite_master WHERE name = 'sqlite_sequence'`).get() !== undefined
      if (hasSeq('main')) db.exec('DELETE FROM main.sqlite_sequence')
      if (hasSeq('snap') && hasSeq('main')) db.exec('INSERT INTO main.sqlite_sequence SELECT * FROM snap.sqlite_sequence')
      for (const o of theirs.filter((x) => x.type === 'trigger' || x.type === 'view' || (x.type === 'index' && !sameSchema))) db.exec(o.sql!)
      const version = db.pragma('snap.user_version', {simple: true}) as number
      db.pragma(`main.user_version = ${version}`)
      db.pragma(`main.application_id = ${APPLICATION_ID}`)
      if (hostKeys.length) replaceHostKeys(store, hostKeys)
      store.commit()
    } catch (error) {
      store.rollback()
      throw error
    }
  } finally {
    db.exec('DETACH DATABASE snap')
    db.pragma('foreign_keys = ON')
  }
}

export interface RestoreResult {
  name: string | null
  path: string
  clock: string
  clusters: string[]
  /** The snapshot's schema, when it was older and was migrated on the way in. */
  migratedFrom?: number
}

/** `state restore NAME|PATH`: the live state becomes the snapshot's, atomically for every other process. */
export function restoreSnapshot(store: Store, ref: SnapshotRef, statePath: string): RestoreResult {
  if (ref.name !== null) privateSnapshotDir(statePath, false)
  if (!existsSync(ref.path)) throw unknownSnapshot(statePath, ref)
  if (ref.path === resolve(store.path) || sameFile(ref.path, store.path)) throw new UsageError('That is the state file itself.', {code: 'BAD_SNAPSHOT_PATH', fix: 'Give a snapshot name or another file.'})
  const info = inspectSnapshot(ref.path, ref.name === null ? ref.path : `Snapshot "${ref.name}"`)
  if (info.schema === SCHEMA_VERSION) {
    replaceState(store, ref.path)
    return {name: ref.name, path: ref.path, clock: info.clock, clusters: info.clusters}
  }
  // An older snapshot: migrate a private copy, never the snapshot itself.
  const tmp = mkdtempSync(join(tmpdir(), 'ucadmin-restore-'))
  try {
    const copy = join(tmp, 'snapshot.db')
    copyFileSync(ref.path, copy)
    openDatabase(copy).close()
    replaceState(store, copy)
  } finally {
    rmSync(tmp, {recursive: true, force: true})
  }
  return {name: ref.name, path: ref.path, clock: info.clock, clusters: info.clusters, migratedFrom: info.schema}
}

/** `state reset [--at TIME]`: an empty state (as a new state file has), its clock at `at` if given. */
export function resetState(store: Store, at?: number): void {
  const tmp = mkdtempSync(join(tmpdir(), 'ucadmin-reset-'))
  try {
    const fresh = join(tmp, 'fresh.db')
    const db = openDatabase(fresh)
    try {
      if (at !== undefined) db.prepare("INSERT INTO settings(key, value) VALUES ('clock', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(at))
    } finally {
      db.close()
    }
    replaceState(store, fresh)
  } finally {
    rmSync(tmp, {recursive: true, force: true})
  }
}

export interface ListedSnapshot extends Partial<SnapshotInfo> {
  name: string
  path: string
  bytes: number
  savedAt: string
  /** Why it cannot be restored, if it cannot. */
  problem?: string
}

/** `state list`: the named snapshots beside the state file, by name. */
export function listSnapshots(statePath: string): {directory: string; snapshots: ListedSnapshot[]} {
  const directory = privateSnapshotDir(statePath, false)
  const snapshots = listSnapshotNames(statePath).map((name): ListedSnapshot => {
    const path = join(directory, `${name}.db`)
    const st = statSync(path)
    const base = {name, path, bytes: st.size, savedAt: st.mtime.toISOString()}
    try {
      return {...base, ...inspectSnapshot(path)}
    } catch (error) {
      return {...base, problem: (error as Error).message}
    }
  })
  return {directory, snapshots}
}

/** `state delete NAME`. */
export function deleteSnapshot(statePath: string, ref: SnapshotRef): {name: string; path: string} {
  if (ref.name === null) throw new UsageError('`state delete` takes a snapshot name, not a path.', {code: 'BAD_SNAPSHOT_NAME', fix: 'Remove a snapshot file given by path with rm.'})
  if (!existsSync(ref.path)) throw unknownSnapshot(statePath, ref)
  unlinkSync(ref.path)
  return {name: ref.name, path: ref.path}
}
