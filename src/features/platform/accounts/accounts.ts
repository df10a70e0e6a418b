import {createHash, randomBytes, scrypt, timingSafeEqual} from 'node:crypto'

import {
  type AccountKeyRow,
  type AccountRow,
  accountKeys,
  claimWriteLock,
  deleteAccount,
  findAccount,
  insertAccount,
  insertAccountKey,
  listAccounts,
  setAccountTarget,
  updatePassword,
} from './store.js'
import type {Store} from '../../../store/store.js'
import type {Clock} from '../../world/clock/clock.js'
import {FailedError, UsageError} from '../../../core/errors.js'
import {iso} from '../../../core/time.js'
import {resolveCluster, resolveNode} from '../../world/cluster/topology.js'

/**
 * Accounts for `ucadmin serve ssh`: who may log in, with which password (an scrypt hash) or public keys, and on
 * which node a session lands. Passwords never pass through the command line, the store or the output in clear.
 */

export const MIN_PASSWORD_LENGTH = 6
export const MAX_PASSWORD_LENGTH = 256

/** scrypt cost: N=2^14, r=8, p=1 (16 MiB, tens of milliseconds), a 16-byte salt and a 32-byte key. */
const SCRYPT = {N: 16384, r: 8, p: 1, keylen: 32, maxmem: 64 * 1024 * 1024}

export function checkAccountName(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/.test(name)) {
    throw new UsageError(`"${name}" is not a valid account name.`, {
      code: 'BAD_ACCOUNT_NAME',
      fix: 'Use 1 to 32 letters, digits, "_", "." or "-", starting with a letter or "_" (e.g. admin).',
    })
  }
  return name
}

export function checkPassword(password: string): string {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new UsageError(`The password is shorter than ${MIN_PASSWORD_LENGTH} characters.`, {
      code: 'WEAK_PASSWORD',
      fix: `Give at least ${MIN_PASSWORD_LENGTH} characters.`,
    })
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new UsageError(`The password is longer than ${MAX_PASSWORD_LENGTH} characters.`, {
      code: 'BAD_PASSWORD',
      fix: 'Give a shorter password.',
    })
  }

  if (/[\u0000-\u001f\u007f]/.test(password)) {
    throw new UsageError('The password contains a control character (a line break, tab or similar).', {
      code: 'BAD_PASSWORD',
      fix: 'Give the password on one line of stdin; only its final line break is removed.',
    })
  }
  return password
}

/** A password read from stdin: everything, less one final line break. */
export function passwordFromStdin(text: string): string {
  return text.replace(/\r?\n$/, '')
}

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number, keylen: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, keylen, {N: n, r, p, maxmem: SCRYPT.maxmem}, (err, key) =>
      err ? reject(err) : resolve(key),
    )
  })
}

/** `scrypt$N$r$p$salt$hash` with base64 salt and hash. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(password, salt, SCRYPT.N, SCRYPT.r, SCRYPT.p, SCRYPT.keylen)
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64'), key.toString('base64')].join('$')
}

/** A hash that matches no password, checked for unknown accounts so that timing does not tell names apart. */
export const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA='

export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parts = (stored ?? DUMMY_HASH).split('$')
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false
  const [n, r, p] = parts.slice(1, 4).map(Number)
  const salt = Buffer.from(parts[4], 'base64')
  const want = Buffer.from(parts[5], 'base64')
  const got = await scryptAsync(password, salt, n, r, p, want.length || SCRYPT.keylen)
  return stored !== null && stored !== undefined && got.length === want.length && timingSafeEqual(got, want)
}

export interface AuthorizedKey {
  type: string
  blob: string
  comment: string | null
  fingerprint: string
}

/** OpenSSH's fingerprint of a key blob: `SHA256:` and unpadded base64. */
export function keyFingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`
}

const KEY_TYPES = new Set([
  'ssh-ed25519',
  'ssh-rsa',
  'ecdsa-sha2-nistp256',
  'ecdsa-sha2-nistp384',
  'ecdsa-sha2-nistp521',
])

/** The lines of an authorized_keys or .pub file: `type base64 [comment]`; blank lines and `#` comments skipped. */
export function parseAuthorizedKeys(text: string, source: string): AuthorizedKey[] {
  const keys: AuthorizedKey[] = []
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim()
    if (!line || line.startsWith('#')) continue
    const [type, b64, ...rest] = line.split(/\s+/)
    const bad = (why: string) =>
      new UsageError(`${source} line ${i + 1} is not a public key (${why}).`, {
        code: 'BAD_PUBLIC_KEY',
        fix: 'Give an OpenSSH public key file such as ~/.ssh/id_ed25519.pub (one "type base64 comment" line per key, no options).',
      })
    // The line is never quoted: a file given by mistake (a password file) must not be shown in the error.
    if (!KEY_TYPES.has(type)) {
      if (KEY_TYPES.has(b64)) throw bad('key options are not supported')
      throw bad(
        /^(ssh|ecdsa|sk)-[a-z0-9.@-]{1,60}$/.test(type)
          ? `unknown key type "${type}"`
          : `it does not start with a key type: ${[...KEY_TYPES].join(', ')}`,
      )
    }
    if (!b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) throw bad('the key data is not base64')
    const blob = Buffer.from(b64, 'base64')
    const len = blob.length >= 4 ? blob.readUInt32BE(0) : -1
    if (len < 0 || 4 + len > blob.length || blob.subarray(4, 4 + len).toString('latin1') !== type)
      throw bad(`the key data is not a ${type} key`)
    keys.push({type, blob: blob.toString('base64'), comment: rest.join(' ') || null, fingerprint: keyFingerprint(blob)})
  }
  if (keys.length === 0) {
    throw new UsageError(`${source} holds no public key.`, {
      code: 'BAD_PUBLIC_KEY',
      fix: 'Give an OpenSSH public key file such as ~/.ssh/id_ed25519.pub.',
    })
  }
  return keys
}

export interface AccountView {
  name: string
  /** Where its sessions land: a node host, or null for the server's --node (else the publisher). */
  node: string | null
  cluster: string | null
  password: boolean
  keys: Array<{type: string; fingerprint: string; comment: string | null}>
  createdAt: string
  changedAt: string
}

export function accountView(store: Store, a: AccountRow): AccountView {
  return {
    name: a.name,
    node: a.nodeHost,
    cluster: a.clusterName,
    password: a.passwordHash !== null,
    keys: accountKeys(store, a.id).map((k) => ({type: k.type, fingerprint: k.fingerprint, comment: k.comment})),
    createdAt: iso(a.createdAt),
    changedAt: iso(a.changedAt),
  }
}

export function requireAccount(store: Store, name: string): AccountRow {
  const a = findAccount(store, name)
  if (!a) {
    const names = listAccounts(store).map((x) => x.name)
    throw new FailedError(`There is no account ${name}.`, {
      code: 'UNKNOWN_ACCOUNT',
      fix: names.length ? `Accounts: ${names.join(', ')}.` : 'Add one: ucadmin account add NAME --password-stdin',
    })
  }
  return a
}

export interface NewAccount {
  name: string
  /** Already hashed (hashing is slow; it happens before the write transaction). */
  passwordHash: string | null
  node?: string
  cluster?: string
  keys: AuthorizedKey[]
}

/** Where an account's sessions land, checked now: the node (and cluster) must exist. */
export function accountTarget(
  store: Store,
  node?: string,
  cluster?: string,
): {nodeHost: string | null; clusterName: string | null} {
  if (!node && !cluster) return {nodeHost: null, clusterName: null}
  const c = resolveCluster(store, {cluster, node})
  const n = node ? resolveNode(store, c, node) : undefined
  return {nodeHost: n?.host ?? null, clusterName: c.name}
}

export function addAccount(store: Store, clock: Clock, a: NewAccount): AccountView {
  checkAccountName(a.name)
  if (a.passwordHash === null && a.keys.length === 0) {
    throw new UsageError(`Account ${a.name} would have neither a password nor a key.`, {
      code: 'NO_CREDENTIAL',
      fix: 'Give a password with --password-stdin, or a public key with --authorized-key FILE.',
    })
  }
  // The command runs in a deferred transaction (hashing and prompting hold no lock): take the write lock before
  // reading anything, so the snapshot cannot go stale.
  claimWriteLock(store)
  return store.atomic(() => {
    const now = clock.now()
    const id = insertAccount(store, {
      name: a.name,
      passwordHash: a.passwordHash,
      nodeHost: null,
      clusterName: null,
      createdAt: now,
      changedAt: now,
    })
    if (id === undefined) {
      throw new FailedError(`Account ${a.name} already exists.`, {
        code: 'ACCOUNT_EXISTS',
        fix: `Change its password with \`ucadmin account passwd ${a.name} --password-stdin\`, or delete it first.`,
      })
    }
    const target = accountTarget(store, a.node, a.cluster)
    setAccountTarget(store, id, target.nodeHost, target.clusterName)
    for (const k of a.keys) insertAccountKey(store, {accountId: id, ...k} satisfies AccountKeyRow)
    return accountView(store, findAccount(store, a.name)!)
  })
}

export function changePassword(store: Store, clock: Clock, name: string, hash: string): AccountView {
  claimWriteLock(store)
  if (!updatePassword(store, name, hash, clock.now())) requireAccount(store, name)
  return accountView(store, findAccount(store, name)!)
}

export function removeAccount(store: Store, name: string): {name: string; deleted: boolean} {
  requireAccount(store, name)
  deleteAccount(store, name)
  return {name, deleted: true}
}
