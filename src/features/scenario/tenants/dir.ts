import {
  chmodSync,
  copyFileSync,
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
} from 'node:fs'
import {join, resolve} from 'node:path'

import Database from 'better-sqlite3'

import {FailedError, UsageError} from '../../../core/errors.js'
import {oneLine} from '../../../core/text.js'
import {setSetting} from '../../../store/settings.js'
import {Store} from '../../../store/store.js'
import {inspectSnapshot, restoreSnapshot} from '../labs/state.js'

/**
 * A folder of tenants (`serve ssh --tenants DIR`): one state file per tenant, `DIR/<tenant>.db`, named after the
 * SSH account that logs in to it, made from the folder's template `DIR/.template.db` on first login. Each file is a
 * whole ucadmin state (its own clock, clusters, snapshots in `DIR/<tenant>.db.snapshots/`); accounts and lock-outs
 * stay in the server's own state file. These functions are what `ucadmin tenants ...` and the server's pool share.
 */

/** A tenant's name: an account name (1 to 32 letters, digits, `_`, `.`, `-`, starting with a letter or `_`). */
export const TENANT_NAME = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/

/** The template every new tenant starts from, inside DIR (a dot file, so it is never a tenant). */
export const TEMPLATE_FILE = '.template.db'

/** When a tenant last logged in (real time, ISO), kept in the tenant's own settings. */
const LAST_LOGIN = 'tenant.lastLogin'

export function checkTenantName(name: string): string {
  if (!TENANT_NAME.test(name)) {
    throw new UsageError(`"${oneLine(name, 40)}" is not a tenant name.`, {
      code: 'BAD_TENANT',
      fix: 'A tenant is named after its account: 1 to 32 letters, digits, _, . or -, starting with a letter or _.',
    })
  }
  return name
}

/** Checks that DIR is a folder (exit 2 otherwise); its absolute path. */
export function tenantsDir(dir: string | undefined): string {
  if (!dir)
    throw new UsageError('Say which folder holds the tenants: --dir DIR, or UCADMIN_TENANTS=DIR.', {
      code: 'BAD_FLAG',
      fix: 'e.g. --dir ./class (the folder given to serve ssh --tenants or serve https --tenants).',
    })
  const abs = resolve(dir)
  let isDir = false
  try {
    isDir = statSync(abs).isDirectory()
  } catch {
    isDir = false
  }
  if (!isDir)
    throw new UsageError(`${oneLine(dir, 200)} is not a folder.`, {
      code: 'BAD_TENANTS_DIR',
      fix: 'Create it first (mkdir -m 700 DIR), or give the folder the server was started with (serve ssh|https --tenants DIR).',
    })
  return abs
}

export const tenantPath = (dir: string, name: string) => join(dir, `${checkTenantName(name)}.db`)
export const templatePath = (dir: string) => join(dir, TEMPLATE_FILE)

/** The snapshot every new tenant starts with: its starting lab, so `state restore template` puts it back. */
export const TEMPLATE_SNAPSHOT = 'template'

/**
 * Makes `DIR/<name>.db` from the template, atomically (a copy under a temporary name, renamed into place), mode
 * 0600, with the template as its first snapshot (`template`, a hard link: no extra space; a later template does not
 * change it). Returns false when there is no template (the tenant is then refused a login).
 */
export function createTenant(dir: string, name: string): boolean {
  const path = tenantPath(dir, name)
  if (existsSync(path)) return true
  const template = templatePath(dir)
  if (!existsSync(template)) return false
  const tmp = `${path}.${process.pid}.tmp`
  try {
    copyFileSync(template, tmp)
    chmodSync(tmp, 0o600)
    const snapshots = `${path}.snapshots`
    mkdirSync(snapshots, {recursive: true, mode: 0o700})
    const first = join(snapshots, `${TEMPLATE_SNAPSHOT}.db`)
    if (!existsSync(first)) {
      try {
        linkSync(template, first)
      } catch {
        copyFileSync(template, first)
      }
    }
    renameSync(tmp, path)
  } finally {
    rmSync(tmp, {force: true})
  }
  return true
}

/** Records a login in the tenant's own file (what `tenants list` shows as last login). */
export function recordLogin(store: Store, at: number): void {
  setSetting(store, LAST_LOGIN, new Date(at).toISOString())
}

export interface TenantInfo {
  name: string
  path: string
  /** The file, its WAL and its snapshots (bytes). */
  bytes: number
  lastLogin: string | null
  /** The tenant's simulated clock. */
  clock: string | null
  clusters: string[]
  current: string | null
  snapshots: number
  /** Why the file cannot be read, if it cannot. */
  problem?: string
}

const size = (p: string) => {
  try {
    return statSync(p).size
  } catch {
    return 0
  }
}

function folderSize(p: string): {bytes: number; files: number} {
  if (!existsSync(p)) return {bytes: 0, files: 0}
  const files = readdirSync(p).filter((f) => f.endsWith('.db'))
  return {bytes: files.reduce((n, f) => n + size(join(p, f)), 0), files: files.length}
}

/** What the trainer sees of one tenant; reads the file without writing to it. */
export function tenantInfo(dir: string, name: string): TenantInfo {
  const path = tenantPath(dir, name)
  if (!existsSync(path)) {
    const names = tenantNames(dir)
    throw new UsageError(`There is no tenant "${name}" in ${dir}.`, {
      code: 'UNKNOWN_TENANT',
      fix: names.length
        ? `Tenants: ${names.slice(0, 10).join(', ')}${names.length > 10 ? ', ...' : ''} (see \`ucadmin tenants list --dir ${dir}\`).`
        : 'A tenant appears when its account first logs in.',
    })
  }
  const snaps = folderSize(`${path}.snapshots`)
  const base = {name, path, bytes: size(path) + size(`${path}-wal`) + snaps.bytes, snapshots: snaps.files}
  try {
    const info = inspectSnapshot(path, `Tenant ${name}`)
    const db = new Database(path, {readonly: true, fileMustExist: true})
    try {
      const setting = (key: string) =>
        (db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as {value: string} | undefined)?.value
      const current = (
        db.prepare('SELECT name FROM clusters WHERE id = ?').get(Number(setting('current_cluster') ?? -1)) as
          {name: string} | undefined
      )?.name
      return {
        ...base,
        lastLogin: setting(LAST_LOGIN) ?? null,
        clock: info.clock,
        clusters: info.clusters,
        current: current ?? (info.clusters.length === 1 ? info.clusters[0] : null),
      }
    } finally {
      db.close()
    }
  } catch (error) {
    return {...base, lastLogin: null, clock: null, clusters: [], current: null, problem: (error as Error).message}
  }
}

export function tenantNames(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.db') && TENANT_NAME.test(f.slice(0, -3)))
    .map((f) => f.slice(0, -3))
    .sort()
}

/** `tenants reset NAME`: the tenant's lab becomes the template again (its snapshots are kept). */
export function resetTenant(dir: string, name: string): TenantInfo {
  const path = tenantPath(dir, name)
  const template = templatePath(dir)
  if (!existsSync(template)) {
    throw new FailedError(`${dir} has no template (${TEMPLATE_FILE}), so there is nothing to reset ${name} to.`, {
      code: 'NO_TEMPLATE',
      fix: 'Start serve ssh (or serve https) --tenants DIR --template LAB.yaml once (it writes the template), or delete the tenant instead.',
    })
  }
  const {lastLogin} = tenantInfo(dir, name)
  const store = Store.open(path)
  try {
    restoreSnapshot(store, {name: null, path: template}, path)
    // The lab goes back to the template; the account's last login is the trainer's record, kept.
    if (lastLogin) setSetting(store, LAST_LOGIN, lastLogin)
  } finally {
    store.close()
  }
  return tenantInfo(dir, name)
}

/**
 * `tenants delete NAME`: its file and snapshots. The next login of that account starts afresh from the template; a
 * session open meanwhile keeps working on the deleted lab until it logs out (the server notices the new file).
 */
export function deleteTenant(dir: string, name: string): {name: string; deleted: boolean} {
  tenantInfo(dir, name)
  const path = tenantPath(dir, name)
  for (const p of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      unlinkSync(p)
    } catch {
      // already gone
    }
  }
  rmSync(`${path}.snapshots`, {recursive: true, force: true})
  return {name, deleted: true}
}
