import Database from 'better-sqlite3'
import {
  accessSync,
  chmodSync,
  closeSync,
  constants,
  existsSync,
  lstatSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  readlinkSync,
  statSync,
} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join} from 'node:path'

import {FailedError, UsageError} from '../core/errors.js'
import {MIGRATIONS} from './migrations/index.js'

/** PRAGMA application_id of a ucadmin state file: "UCAD". */
export const APPLICATION_ID = 0x55_43_41_44
export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version
export const BUSY_TIMEOUT_MS = 15_000

type Env = Record<string, string | undefined>

/** The home folder from the system (node:os is loaded only when $HOME is not set). */
const homedir = (): string => (createRequire(import.meta.url)('node:os') as typeof import('node:os')).homedir()

/**
 * Where the state lives: $UCADMIN_DB, else <oclif data dir>/state.db. The data dir follows oclif's rules for this
 * CLI: $UCADMIN_DATA_DIR, else $XDG_DATA_HOME/ucadmin, else ~/.local/share/ucadmin (macOS and Windows likewise use
 * oclif's XDG layout), so it is known without loading oclif.
 */
export function defaultDbPath(env: Env = process.env): string {
  if (env.UCADMIN_DB) return env.UCADMIN_DB
  const dataDir =
    env.UCADMIN_DATA_DIR || join(env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share'), 'ucadmin')
  return join(dataDir, 'state.db')
}

const SQLITE_MAGIC = 'SQLite format 3\0'

function readHeader(path: string): Buffer {
  const fd = openSync(path, 'r')
  try {
    const buf = Buffer.alloc(100)
    const n = readSync(fd, buf, 0, 100, 0)
    return buf.subarray(0, n)
  } finally {
    closeSync(fd)
  }
}

function notOurs(path: string, why: string): FailedError {
  return new FailedError(`${path} is not a ucadmin state file (${why}); it was left untouched.`, {
    code: 'BAD_STATE_FILE',
    fix: 'Point UCADMIN_DB at another file, or move this one away to start afresh.',
  })
}

export interface OpenOptions {
  /**
   * Create the state file's folder if it is missing (default true): for the default data dir, not for a path the
   * user named with UCADMIN_DB, where a missing folder is a typo that must not start a silent new state.
   */
  createFolder?: boolean
}

/** The open options for the state file of an environment: a UCADMIN_DB folder must exist. */
export const openOptions = (env: Env = process.env): OpenOptions => ({createFolder: !env.UCADMIN_DB})

const FIX_PATH = 'Point UCADMIN_DB at a file you can read and write, in a folder you can write.'

function unusable(path: string, why: string, fix = FIX_PATH): UsageError {
  return new UsageError(`The state file ${path} cannot be used: ${why}; nothing was created or changed.`, {
    code: 'BAD_STATE_PATH',
    fix,
  })
}

/** Why a file system error makes a path unusable, in words. */
function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'ENAMETOOLONG':
      return 'the name is too long'
    case 'ENOTDIR':
      return 'a part of the path is not a folder'
    case 'EROFS':
      return 'the file system is read-only'
    case 'ELOOP':
      return 'too many symbolic links'
    case 'ENOENT':
      return 'a folder of the path does not exist'
    default:
      return code ?? (error as Error).message
  }
}

/**
 * Checks, before anything is created, that the path can hold a state file: a regular file (or nothing yet) that
 * this process can read and write, in a folder it can write (SQLite keeps its -wal and -shm files next to it).
 * Devices, folders, dangling symbolic links, names too long and missing permissions are refused with one line.
 * Returns whether the file exists.
 */
function checkPath(path: string): boolean {
  let link: ReturnType<typeof lstatSync> | undefined
  try {
    link = lstatSync(path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw unusable(path, fsReason(error))
  }
  if (link?.isSymbolicLink() && !existsSync(path)) {
    let to = '?'
    try {
      to = readlinkSync(path)
    } catch {
      // shown as ?
    }
    throw unusable(
      path,
      `it is a symbolic link to ${to}, which does not exist`,
      'Point UCADMIN_DB at the file itself, or remove the dangling link.',
    )
  }
  if (link) {
    const st = statSync(path)
    if (st.isDirectory())
      throw new UsageError(`${path} is a directory, not a state file.`, {
        code: 'BAD_STATE_PATH',
        fix: 'Set UCADMIN_DB to a file path.',
      })
    if (!st.isFile())
      throw unusable(path, 'it is not a regular file (a device, pipe or socket)', 'Point UCADMIN_DB at a regular file.')
    // The owner's mode bits count even for root (who passes every access check): a file made read-only stays so.
    if ((st.mode & 0o600) !== 0o600) {
      throw unusable(
        path,
        `it is ${st.mode & 0o400 ? 'read-only' : 'unreadable'} (mode ${(st.mode & 0o777).toString(8)})`,
        'Give yourself read and write permission (chmod 600), or point UCADMIN_DB at another file.',
      )
    }
    try {
      accessSync(path, constants.R_OK | constants.W_OK)
    } catch (error) {
      const ro = (error as NodeJS.ErrnoException).code === 'EACCES' || (error as NodeJS.ErrnoException).code === 'EROFS'
      throw unusable(
        path,
        ro ? 'it is not readable and writable by this user' : fsReason(error),
        'Give yourself read and write permission (chmod 600), or point UCADMIN_DB at another file.',
      )
    }
  }
  // The nearest existing folder must be writable (a new file, or SQLite's -wal and -shm files, go there).
  let dir = dirname(path)
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir)
  try {
    const st = statSync(dir)
    if (!st.isDirectory()) throw unusable(path, `${dir} is not a folder`)
    if ((st.mode & 0o300) !== 0o300)
      throw unusable(path, `the folder ${dir} is not writable (mode ${(st.mode & 0o777).toString(8)})`)
    accessSync(dir, constants.W_OK | constants.X_OK)
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw unusable(path, `the folder ${dir} is not writable (${fsReason(error)})`)
  }
  return link !== undefined
}

/**
 * Why a file (or folder) that belongs with the state file cannot be trusted, if it cannot: one another local user
 * created (e.g. in a shared folder such as /tmp), a symbolic link, or one open to others could let them read or
 * swap what ucadmin writes there. A missing one is fine (ucadmin creates it itself, private).
 */
export function untrusted(path: string, {modeToo = true, allow = 0} = {}): string | undefined {
  let st: ReturnType<typeof lstatSync>
  try {
    st = lstatSync(path)
  } catch {
    return undefined
  }
  const uid = process.getuid?.()
  if (st.isSymbolicLink()) return 'is a symbolic link'
  if (uid !== undefined && st.uid !== uid) return `belongs to another user (uid ${st.uid})`
  if (modeToo && st.mode & (st.isDirectory() ? 0o077 : 0o066) & ~allow)
    return `is open to others (mode ${(st.mode & 0o777).toString(8)})`
  return undefined
}

/**
 * Refuses (exit 2, one line, nothing changed) a file or folder beside the state file that cannot be trusted. `allow`:
 * permission bits others may have (SQLite gives -wal and -shm the state file's own mode, so a state file made
 * readable by others has readable companions).
 */
export function checkBeside(statePath: string, path: string, allow = 0): void {
  const why = untrusted(path, {allow})
  if (why === undefined) return
  throw new UsageError(`The state file ${statePath} cannot be used: ${path} ${why}; nothing was changed.`, {
    code: 'UNSAFE_STATE_FOLDER',
    fix: `Remove ${path} if you did not make it, and keep the state file in a folder only you can write (e.g. ~/lab.db or "$(mktemp -d)/state.db").`,
  })
}

/** An existing empty file (e.g. made by mktemp or touch) open to others is made 0600 before it holds any state. */
function tightenEmpty(path: string): void {
  const st = statSync(path)
  if (st.size > 0 || (st.mode & 0o077) === 0) return
  try {
    chmodSync(path, 0o600)
  } catch (error) {
    throw unusable(
      path,
      `it is readable by others (mode ${(st.mode & 0o777).toString(8)}) and cannot be made private (${fsReason(error)})`,
      'Run chmod 600 on it, or point UCADMIN_DB at another file.',
    )
  }
}

/**
 * Opens (creating on first use, mode 0600) and migrates the state file. A path that cannot hold one, a file that
 * is not a ucadmin database, is corrupt, or comes from a newer schema gives a clear error and is never modified.
 */
export function openDatabase(path: string, opts: OpenOptions = {}): Database.Database {
  if (path === ':memory:' || path === '' || /^file:/i.test(path)) {
    // SQLite would open a private in-memory database (every change lost at exit) or parse a URI.
    throw new UsageError(
      `UCADMIN_DB=${path || '""'} is not a file: ucadmin keeps its state in a file, and this would lose every change.`,
      {
        code: 'BAD_STATE_PATH',
        fix: 'Point UCADMIN_DB at a file path, e.g. ~/lab.db or "$(mktemp -d)/state.db".',
      },
    )
  }
  let fresh = false
  // SQLite opens a -wal or -shm file it finds beside the state file: one planted by another user would receive
  // every change (password hashes included).
  let stateMode = 0
  try {
    stateMode = statSync(path).mode & 0o066
  } catch {
    // not created yet: its companions must be private
  }
  for (const suffix of ['-wal', '-shm', '-journal']) checkBeside(path, `${path}${suffix}`, stateMode)
  if (!checkPath(path)) {
    if (opts.createFolder === false && !existsSync(dirname(path))) {
      throw new UsageError(`The folder of the state file ${path} does not exist; nothing was created.`, {
        code: 'NO_STATE_FOLDER',
        fix: `Create it (mkdir -p ${dirname(path)}) or point UCADMIN_DB at a file in an existing folder.`,
      })
    }
    try {
      mkdirSync(dirname(path), {recursive: true, mode: 0o700})
      closeSync(openSync(path, 'wx', 0o600))
      fresh = true
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw unusable(path, fsReason(error))
    }
  } else {
    const why = untrusted(path, {modeToo: false})
    if (why !== undefined && !why.startsWith('is a symbolic link'))
      throw unusable(path, `it ${why}`, 'Point UCADMIN_DB at a file of your own.')
    tightenEmpty(path)
  }

  if (!fresh && statSync(path).size > 0) {
    const header = readHeader(path)
    // A header not written yet (short or zeros: another process creating the file this moment) is left to SQLite,
    // which reads under its locks; anything else that is not SQLite's is refused before SQLite touches it.
    const unwritten = header.every((b) => b === 0)
    if (!unwritten && (header.length < 100 || header.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC)) {
      throw notOurs(path, 'not an SQLite database')
    }
  }

  let db: Database.Database
  try {
    db = new Database(path, {fileMustExist: true})
  } catch (error) {
    const code = (error as {code?: string}).code
    if (code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY' || code === 'SQLITE_PERM')
      throw unusable(path, (error as Error).message)
    throw notOurs(path, (error as Error).message)
  }

  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`)
    // One read transaction, so another process's first use (which commits the id, the version and the tables
    // together) is seen whole or not at all.
    const {appId, version, pages, blank} = db.transaction(() => {
      const appId = db.pragma('application_id', {simple: true}) as number
      const version = db.pragma('user_version', {simple: true}) as number
      const pages = db.pragma('page_count', {simple: true}) as number
      // A file another process is creating right now has pages (the WAL header) before it has its id: with no
      // schema object and no version yet, it is a new state file, not another application's.
      const blank =
        appId === 0 &&
        version === 0 &&
        (db.prepare('SELECT count(*) AS n FROM sqlite_master').get() as {n: number}).n === 0
      return {appId, version, pages, blank}
    })()
    if (pages > 0 && appId !== APPLICATION_ID && !blank) {
      db.close()
      throw notOurs(path, "it holds another application's data")
    }
    if (version > SCHEMA_VERSION) {
      db.close()
      throw new FailedError(
        `${path} was written by a newer ucadmin (schema ${version}; this one knows up to ${SCHEMA_VERSION}); it was left untouched.`,
        {code: 'NEWER_SCHEMA', fix: 'Upgrade ucadmin, or point UCADMIN_DB at another file.'},
      )
    }
    if (db.pragma('journal_mode', {simple: true}) !== 'wal') db.pragma('journal_mode = WAL')
    db.pragma('synchronous = NORMAL')
    db.pragma('foreign_keys = ON')
    if (version < SCHEMA_VERSION) migrate(db, version)
  } catch (error) {
    if (db.open) db.close()
    if (error instanceof FailedError || error instanceof UsageError) throw error
    const code = (error as {code?: string}).code ?? ''
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') throw notOurs(path, 'the file is corrupt')
    if (
      code.startsWith('SQLITE_READONLY') ||
      code.startsWith('SQLITE_CANTOPEN') ||
      code === 'SQLITE_PERM' ||
      code.startsWith('SQLITE_IOERR')
    ) {
      throw unusable(path, (error as Error).message)
    }
    throw error
  }
  return db
}

/** Applies every migration above `from`, each in its own IMMEDIATE transaction, so racing first uses are safe. */
function migrate(db: Database.Database, from: number, to = SCHEMA_VERSION): void {
  for (const m of MIGRATIONS) {
    if (m.version <= from || m.version > to) continue
    db.exec('BEGIN IMMEDIATE')
    try {
      // Another process may have migrated while we waited for the lock.
      const now = db.pragma('user_version', {simple: true}) as number
      if (now >= m.version) {
        db.exec('COMMIT')
        continue
      }
      if (m.version === 1) db.pragma(`application_id = ${APPLICATION_ID}`)
      if (typeof m.up === 'string') db.exec(m.up)
      else m.up(db)
      db.pragma(`user_version = ${m.version}`)
      db.exec('COMMIT')
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK')
      // A schema change that does not apply (a file written by a development build whose migrations differ):
      // one line, and the file as it was (the migration rolled back).
      throw new FailedError(
        `${db.name} could not be brought to schema ${m.version} (${m.name}): ${(error as Error).message}; it stays at schema ${m.version - 1}.`,
        {
          code: 'BAD_STATE_FILE',
          fix: 'It was probably written by another build of ucadmin: use that build, or point UCADMIN_DB at another file to start afresh.',
        },
      )
    }
  }
}

/** A schema object as sqlite_master lists it (SQLite's own `sqlite_%` objects left out). */
export interface SchemaObject {
  type: string
  name: string
  tbl: string
  sql: string | null
}

/** The schema objects of an attached or main database, by type and name. */
export function schemaObjects(db: Database.Database, schema = 'main'): SchemaObject[] {
  return db
    .prepare(
      `SELECT type, name, tbl_name AS tbl, sql FROM "${schema.replaceAll('"', '""')}".sqlite_master WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name`,
    )
    .all() as SchemaObject[]
}

const references = new Map<number, Map<string, string | null>>()

/**
 * The current schema as the build wrote it (dist/store/schema.json, by scripts/bundle.mjs from these migrations), so
 * that a process restoring a snapshot need not run every migration in memory first; undefined from the sources.
 */
function builtReference(): Map<string, string | null> | undefined {
  try {
    const built = JSON.parse(readFileSync(new URL('schema.json', import.meta.url), 'utf8')) as {
      version: number
      objects: Array<[string, string | null]>
    }
    return built.version === SCHEMA_VERSION ? new Map(built.objects) : undefined
  } catch {
    return undefined
  }
}

/** What this ucadmin's migrations make up to a schema version: `type name` → sql (computed once, in memory). */
export function referenceSchema(version = SCHEMA_VERSION): Map<string, string | null> {
  let reference = references.get(version) ?? (version === SCHEMA_VERSION ? builtReference() : undefined)
  if (reference) references.set(version, reference)
  else {
    const db = new Database(':memory:')
    try {
      migrate(db, 0, version)
      reference = new Map(schemaObjects(db).map((o) => [`${o.type} ${o.name}`, o.sql]))
      references.set(version, reference)
    } finally {
      db.close()
    }
  }
  return reference
}

/**
 * Why a database of a schema version is not exactly what ucadmin makes (an extra trigger, view, table or index,
 * a missing or altered one), or undefined when it is.
 */
export function schemaMismatch(db: Database.Database, version = SCHEMA_VERSION, schema = 'main'): string | undefined {
  const want = referenceSchema(version)
  const have = schemaObjects(db, schema)
  for (const o of have) {
    const key = `${o.type} ${o.name}`
    if (!want.has(key)) return `it has a ${o.type} ucadmin does not make: ${o.name}`
    if (want.get(key) !== o.sql) return `its ${o.type} ${o.name} differs from ucadmin's`
  }
  const names = new Set(have.map((o) => `${o.type} ${o.name}`))
  for (const key of want.keys()) if (!names.has(key)) return `it lacks ucadmin's ${key}`
  return undefined
}
