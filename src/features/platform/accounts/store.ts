import type {Store} from '../../../store/store.js'

export interface AccountRow {
  id: number
  name: string
  passwordHash: string | null
  nodeHost: string | null
  clusterName: string | null
  createdAt: number
  changedAt: number
}

export interface AccountKeyRow {
  accountId: number
  fingerprint: string
  type: string
  /** The key blob, base64 (as in authorized_keys). */
  blob: string
  comment: string | null
}

export interface HostKeyRow {
  type: string
  /** OpenSSH private key file text. */
  privateKey: string
  /** `type base64` as in known_hosts. */
  publicKey: string
  fingerprint: string
  createdAt: number
}

const ACCOUNT_COLUMNS = `id, name, password_hash AS passwordHash, node_host AS nodeHost, cluster_name AS clusterName,
  created_at AS createdAt, changed_at AS changedAt`

/**
 * Takes the write lock now with a write that changes nothing: for commands that run in a deferred transaction
 * (to prompt or hash before locking) and must not read before they hold the lock.
 */
export function claimWriteLock(store: Store): void {
  store.sql('UPDATE accounts SET id = id WHERE 0').run()
}

export function listAccounts(store: Store): AccountRow[] {
  return store.sql<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts ORDER BY name`).all()
}

export function findAccount(store: Store, name: string): AccountRow | undefined {
  return store.sql<AccountRow>(`SELECT ${ACCOUNT_COLUMNS} FROM accounts WHERE name = ?`).get(name)
}

/** Inserts an account; returns its id, or undefined when the name is taken. */
export function insertAccount(store: Store, a: Omit<AccountRow, 'id'>): number | undefined {
  const r = store
    .sql(
      'INSERT INTO accounts(name, password_hash, node_host, cluster_name, created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(name) DO NOTHING',
    )
    .run(a.name, a.passwordHash, a.nodeHost, a.clusterName, a.createdAt, a.changedAt)
  return r.changes === 1 ? Number(r.lastInsertRowid) : undefined
}

/** Sets the password hash; false when there is no such account. */
export function updatePassword(store: Store, name: string, hash: string, at: number): boolean {
  return (
    store.sql('UPDATE accounts SET password_hash = ?, changed_at = ? WHERE name = ?').run(hash, at, name).changes === 1
  )
}

export function setAccountTarget(store: Store, id: number, nodeHost: string | null, clusterName: string | null): void {
  store.sql('UPDATE accounts SET node_host = ?, cluster_name = ? WHERE id = ?').run(nodeHost, clusterName, id)
}

export function deleteAccount(store: Store, name: string): boolean {
  return store.sql('DELETE FROM accounts WHERE name = ?').run(name).changes === 1
}

export function insertAccountKey(store: Store, k: AccountKeyRow): void {
  store
    .sql(
      'INSERT INTO account_keys(account_id, fingerprint, type, blob, comment) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING',
    )
    .run(k.accountId, k.fingerprint, k.type, k.blob, k.comment)
}

export function accountKeys(store: Store, accountId: number): AccountKeyRow[] {
  return store
    .sql<AccountKeyRow>(
      'SELECT account_id AS accountId, fingerprint, type, blob, comment FROM account_keys WHERE account_id = ? ORDER BY rowid',
    )
    .all(accountId)
}

export function getHostKey(store: Store, type: string): HostKeyRow | undefined {
  return store
    .sql<HostKeyRow>(
      'SELECT type, private_key AS privateKey, public_key AS publicKey, fingerprint, created_at AS createdAt FROM ssh_host_keys WHERE type = ?',
    )
    .get(type)
}

/** Stores a host key unless one of that type exists (two servers starting at once keep the first). */
export function insertHostKey(store: Store, k: HostKeyRow): void {
  store
    .sql(
      'INSERT INTO ssh_host_keys(type, private_key, public_key, fingerprint, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT(type) DO NOTHING',
    )
    .run(k.type, k.privateKey, k.publicKey, k.fingerprint, k.createdAt)
}

/** Every host key of the state (one per type). */
export function allHostKeys(store: Store): HostKeyRow[] {
  return store.db
    .prepare(
      'SELECT type, private_key AS privateKey, public_key AS publicKey, fingerprint, created_at AS createdAt FROM ssh_host_keys ORDER BY type',
    )
    .all() as HostKeyRow[]
}

/** The host keys become exactly these (a restore keeps the server's identity: clients would see a new host). */
export function replaceHostKeys(store: Store, keys: HostKeyRow[]): void {
  store.db.prepare('DELETE FROM ssh_host_keys').run()
  const put = store.db.prepare(
    'INSERT INTO ssh_host_keys(type, private_key, public_key, fingerprint, created_at) VALUES (?, ?, ?, ?, ?)',
  )
  for (const k of keys) put.run(k.type, k.privateKey, k.publicKey, k.fingerprint, k.createdAt)
}
