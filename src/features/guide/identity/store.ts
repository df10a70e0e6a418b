import type {Store} from '../../../store/store.js'

export interface IdentityToken {
  tokenHash: string
  orgId: string
  account: string
  issuedAt: number
  expiresAt: number
  revokedAt: number | null
}

export function issueToken(store: Store, t: Omit<IdentityToken, 'revokedAt'>): void {
  store
    .sql(
      'INSERT OR REPLACE INTO identity_tokens(token_hash, org_id, account, issued_at, expires_at, revoked_at) VALUES (?, ?, ?, ?, ?, NULL)',
    )
    .run(t.tokenHash, t.orgId, t.account, t.issuedAt, t.expiresAt)
}

/** How many refresh tokens the identity service has issued (seeds a seeded cluster's next token). */
export function issuedCount(store: Store): number {
  return store.sql<{n: number}>('SELECT count(*) AS n FROM identity_tokens').get()!.n
}

export function findToken(store: Store, hash: string): IdentityToken | undefined {
  return store
    .sql<IdentityToken>(
      'SELECT token_hash AS tokenHash, org_id AS orgId, account, issued_at AS issuedAt, expires_at AS expiresAt, revoked_at AS revokedAt FROM identity_tokens WHERE token_hash = ?',
    )
    .get(hash)
}

export function revokeToken(store: Store, hash: string, at: number): number {
  return store
    .sql('UPDATE identity_tokens SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL')
    .run(at, hash).changes
}

export interface NodeToken {
  nodeId: number
  loadedHash: string | null
  loadedAt: number | null
  accessExpiresAt: number | null
  lastFetchAt: number | null
  lastStatus: number | null
  failingSince: number | null
}

const NT =
  'node_id AS nodeId, loaded_hash AS loadedHash, loaded_at AS loadedAt, access_expires_at AS accessExpiresAt, last_fetch_at AS lastFetchAt, last_status AS lastStatus, failing_since AS failingSince'

export function getNodeToken(store: Store, nodeId: number): NodeToken {
  return (
    store.sql<NodeToken>(`SELECT ${NT} FROM node_tokens WHERE node_id = ?`).get(nodeId) ?? {
      nodeId,
      loadedHash: null,
      loadedAt: null,
      accessExpiresAt: null,
      lastFetchAt: null,
      lastStatus: null,
      failingSince: null,
    }
  )
}

export function saveNodeToken(store: Store, t: NodeToken): void {
  store
    .sql(
      `INSERT INTO node_tokens(node_id, loaded_hash, loaded_at, access_expires_at, last_fetch_at, last_status, failing_since) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(node_id) DO UPDATE SET loaded_hash = excluded.loaded_hash, loaded_at = excluded.loaded_at, access_expires_at = excluded.access_expires_at,
         last_fetch_at = excluded.last_fetch_at, last_status = excluded.last_status, failing_since = excluded.failing_since`,
    )
    .run(t.nodeId, t.loadedHash, t.loadedAt, t.accessExpiresAt, t.lastFetchAt, t.lastStatus, t.failingSince)
}

/** Expires every access token a cluster's nodes hold (sim fault token-expire). */
export function expireAccessTokens(store: Store, clusterId: number, at: number): void {
  store
    .sql(
      'UPDATE node_tokens SET access_expires_at = ? WHERE access_expires_at > ? AND node_id IN (SELECT id FROM nodes WHERE cluster_id = ?)',
    )
    .run(at, at, clusterId)
}

export interface TokenRun {
  clusterId: number
  sourceCluster: string
  tokenHash: string
  updatedAt: number
  updatedMark: number
}

export function getTokenRun(store: Store, clusterId: number): TokenRun | undefined {
  return store
    .sql<TokenRun>(
      'SELECT cluster_id AS clusterId, source_cluster AS sourceCluster, token_hash AS tokenHash, updated_at AS updatedAt, updated_mark AS updatedMark FROM token_runs WHERE cluster_id = ?',
    )
    .get(clusterId)
}

export function saveTokenRun(store: Store, r: TokenRun): void {
  store
    .sql(
      'INSERT OR REPLACE INTO token_runs(cluster_id, source_cluster, token_hash, updated_at, updated_mark) VALUES (?, ?, ?, ?, ?)',
    )
    .run(r.clusterId, r.sourceCluster, r.tokenHash, r.updatedAt, r.updatedMark)
}
