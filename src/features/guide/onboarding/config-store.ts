import type {Store} from '../../../store/store.js'

/** Parameter values that differ from their catalogue default. */
export interface ParamValue {
  paramId: string
  value: string
  changedAt: number
  changedMark: number
}

export function paramValues(store: Store, clusterId: number): ParamValue[] {
  return store
    .sql<ParamValue>(
      'SELECT param_id AS paramId, value, changed_at AS changedAt, changed_mark AS changedMark FROM params WHERE cluster_id = ?',
    )
    .all(clusterId)
}

export function paramValue(store: Store, clusterId: number, paramId: string): ParamValue | undefined {
  return store
    .sql<ParamValue>(
      'SELECT param_id AS paramId, value, changed_at AS changedAt, changed_mark AS changedMark FROM params WHERE cluster_id = ? AND param_id = ?',
    )
    .get(clusterId, paramId)
}

export function setParamValue(
  store: Store,
  clusterId: number,
  paramId: string,
  value: string,
  at: number,
  mark: number,
): void {
  store
    .sql(
      'INSERT INTO params(cluster_id, param_id, value, changed_at, changed_mark) VALUES (?, ?, ?, ?, ?) ON CONFLICT(cluster_id, param_id) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at, changed_mark = excluded.changed_mark',
    )
    .run(clusterId, paramId, value, at, mark)
}

export interface ExpresswayRow {
  clusterId: number
  deployed: boolean
  oauthRefresh: boolean
  mra: boolean
  refreshedAt: number | null
  cRestartedAt: number | null
  eRestartedAt: number | null
  /** The order of the steps (a restart counts only after the refresh): sequence numbers, larger is later. */
  refreshedSeq: number | null
  cRestartedSeq: number | null
  eRestartedSeq: number | null
  changedAt: number | null
}

export function getExpressway(store: Store, clusterId: number): ExpresswayRow {
  const r = store
    .sql<Record<string, number | null>>(
      'SELECT deployed, oauth_refresh AS oauthRefresh, mra, refreshed_at AS refreshedAt, c_restarted_at AS cRestartedAt, e_restarted_at AS eRestartedAt, refreshed_seq AS refreshedSeq, c_restarted_seq AS cRestartedSeq, e_restarted_seq AS eRestartedSeq, changed_at AS changedAt FROM expressway WHERE cluster_id = ?',
    )
    .get(clusterId)
  // Expressway's default: "Authorize by OAuth token with refresh" On, MRA off.
  if (!r)
    return {
      clusterId,
      deployed: true,
      oauthRefresh: true,
      mra: false,
      refreshedAt: null,
      cRestartedAt: null,
      eRestartedAt: null,
      refreshedSeq: null,
      cRestartedSeq: null,
      eRestartedSeq: null,
      changedAt: null,
    }
  return {
    clusterId,
    deployed: r.deployed === 1,
    oauthRefresh: r.oauthRefresh === 1,
    mra: r.mra === 1,
    refreshedAt: r.refreshedAt,
    cRestartedAt: r.cRestartedAt,
    eRestartedAt: r.eRestartedAt,
    refreshedSeq: r.refreshedSeq,
    cRestartedSeq: r.cRestartedSeq,
    eRestartedSeq: r.eRestartedSeq,
    changedAt: r.changedAt,
  }
}

export function saveExpressway(store: Store, e: ExpresswayRow): void {
  store
    .sql(
      `INSERT INTO expressway(cluster_id, deployed, oauth_refresh, mra, refreshed_at, c_restarted_at, e_restarted_at, refreshed_seq, c_restarted_seq, e_restarted_seq, changed_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT(cluster_id) DO UPDATE SET deployed = excluded.deployed, oauth_refresh = excluded.oauth_refresh, mra = excluded.mra, refreshed_at = excluded.refreshed_at,
         c_restarted_at = excluded.c_restarted_at, e_restarted_at = excluded.e_restarted_at, refreshed_seq = excluded.refreshed_seq,
         c_restarted_seq = excluded.c_restarted_seq, e_restarted_seq = excluded.e_restarted_seq, changed_at = excluded.changed_at`,
    )
    .run(
      e.clusterId,
      e.deployed ? 1 : 0,
      e.oauthRefresh ? 1 : 0,
      e.mra ? 1 : 0,
      e.refreshedAt,
      e.cRestartedAt,
      e.eRestartedAt,
      e.refreshedSeq,
      e.cRestartedSeq,
      e.eRestartedSeq,
      e.changedAt,
    )
}

export interface CertificateRow {
  nodeId: number
  store: 'tomcat-trust' | 'callmanager-trust'
  name: string
  uploadedAt: number
}

export function certificates(store: Store, nodeId: number): CertificateRow[] {
  return store
    .sql<CertificateRow>(
      'SELECT node_id AS nodeId, store, name, uploaded_at AS uploadedAt FROM certificates WHERE node_id = ? ORDER BY store, name',
    )
    .all(nodeId)
}

export function addCertificate(store: Store, c: CertificateRow): void {
  store
    .sql(
      'INSERT INTO certificates(node_id, store, name, uploaded_at) VALUES (?, ?, ?, ?) ON CONFLICT(node_id, store, name) DO UPDATE SET uploaded_at = excluded.uploaded_at',
    )
    .run(c.nodeId, c.store, c.name, c.uploadedAt)
}

export function deleteCertificate(store: Store, nodeId: number, trust: string, name: string): number {
  return store.sql('DELETE FROM certificates WHERE node_id = ? AND store = ? AND name = ?').run(nodeId, trust, name)
    .changes
}
