import type {Store} from '../../../store/store.js'

/** A UC service of type Jabber Client Configuration (jabber-config.xml) (User Management > User Settings > UC Service). */
export interface UcServiceRow {
  id: number
  clusterId: number
  name: string
  description: string
  createdAt: number
}

/** A service profile (User Management > User Settings > Service Profile): its jabber-config Mobile UC service. */
export interface ServiceProfileRow {
  id: number
  clusterId: number
  name: string
  description: string
  /** The UC service in the Jabber Client Configuration (jabber-config.xml) Mobile drop-down (null: none). */
  mobileService: string | null
  createdAt: number
}

const UC_COLS = 'id, cluster_id AS clusterId, name, description, created_at AS createdAt'
const SP_COLS =
  'id, cluster_id AS clusterId, name, description, mobile_service AS mobileService, created_at AS createdAt'

export function listUcServices(store: Store, clusterId: number): UcServiceRow[] {
  return store.sql<UcServiceRow>(`SELECT ${UC_COLS} FROM uc_services WHERE cluster_id = ? ORDER BY id`).all(clusterId)
}

export function ucServiceByName(store: Store, clusterId: number, name: string): UcServiceRow | undefined {
  return store
    .sql<UcServiceRow>(`SELECT ${UC_COLS} FROM uc_services WHERE cluster_id = ? AND name = ?`)
    .get(clusterId, name)
}

export function insertUcService(
  store: Store,
  clusterId: number,
  name: string,
  description: string,
  at: number,
): UcServiceRow {
  store
    .sql('INSERT INTO uc_services(cluster_id, name, description, created_at) VALUES (?, ?, ?, ?)')
    .run(clusterId, name, description, at)
  return ucServiceByName(store, clusterId, name)!
}

/** The parameters a UC service sets (the others have their catalogue defaults). */
export function ucServiceParams(store: Store, serviceId: number): Map<string, string> {
  const rows = store
    .sql<{paramId: string; value: string}>(
      'SELECT param_id AS paramId, value FROM uc_service_params WHERE service_id = ?',
    )
    .all(serviceId)
  return new Map(rows.map((r) => [r.paramId, r.value]))
}

export function setUcServiceParam(store: Store, serviceId: number, paramId: string, value: string, at: number): void {
  store
    .sql(
      'INSERT INTO uc_service_params(service_id, param_id, value, changed_at) VALUES (?, ?, ?, ?) ON CONFLICT(service_id, param_id) DO UPDATE SET value = excluded.value, changed_at = excluded.changed_at',
    )
    .run(serviceId, paramId, value, at)
}

export function listProfiles(store: Store, clusterId: number): ServiceProfileRow[] {
  return store
    .sql<ServiceProfileRow>(`SELECT ${SP_COLS} FROM service_profiles WHERE cluster_id = ? ORDER BY id`)
    .all(clusterId)
}

export function profileByName(store: Store, clusterId: number, name: string): ServiceProfileRow | undefined {
  return store
    .sql<ServiceProfileRow>(`SELECT ${SP_COLS} FROM service_profiles WHERE cluster_id = ? AND name = ?`)
    .get(clusterId, name)
}

export function upsertProfile(
  store: Store,
  clusterId: number,
  p: {name: string; description: string; mobileService: string | null},
  at: number,
): void {
  store
    .sql(
      `INSERT INTO service_profiles(cluster_id, name, description, mobile_service, created_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT(cluster_id, name) DO UPDATE SET description = excluded.description, mobile_service = excluded.mobile_service`,
    )
    .run(clusterId, p.name, p.description, p.mobileService, at)
}

/** The service profile assigned to an end user (undefined: the system default). */
export function userProfile(store: Store, clusterId: number, user: string): ServiceProfileRow | undefined {
  return store
    .sql<ServiceProfileRow>(
      `SELECT ${SP_COLS.split(', ')
        .map((c) => `p.${c}`)
        .join(
          ', ',
        )} FROM end_user_profiles u JOIN service_profiles p ON p.id = u.profile_id WHERE u.cluster_id = ? AND u.user = ?`,
    )
    .get(clusterId, user)
}

export function setUserProfile(store: Store, clusterId: number, user: string, profileId: number | null): void {
  if (profileId === null)
    store.sql('DELETE FROM end_user_profiles WHERE cluster_id = ? AND user = ?').run(clusterId, user)
  else
    store
      .sql(
        'INSERT INTO end_user_profiles(cluster_id, user, profile_id) VALUES (?, ?, ?) ON CONFLICT(cluster_id, user) DO UPDATE SET profile_id = excluded.profile_id',
      )
      .run(clusterId, user, profileId)
}

/** Every end user with a service profile other than the system default: user and profile id. */
export function userAssignments(store: Store, clusterId: number): Array<{user: string; profileId: number}> {
  return store
    .sql<{
      user: string
      profileId: number
    }>('SELECT user, profile_id AS profileId FROM end_user_profiles WHERE cluster_id = ? ORDER BY user')
    .all(clusterId)
}

/** The end users the cluster knows (its simulated clients' users, mobile and desktop). */
export function endUserCount(store: Store, clusterId: number): number {
  return store
    .sql<{n: number}>(
      'SELECT COUNT(*) AS n FROM (SELECT user FROM im_clients WHERE cluster_id = ? UNION SELECT user FROM desktop_clients WHERE cluster_id = ?)',
    )
    .get(clusterId, clusterId)!.n
}

export function isEndUser(store: Store, clusterId: number, user: string): string | undefined {
  return store
    .sql<{user: string}>(
      'SELECT user FROM im_clients WHERE cluster_id = ? AND user = ? UNION SELECT user FROM desktop_clients WHERE cluster_id = ? AND user = ? LIMIT 1',
    )
    .get(clusterId, user, clusterId, user)?.user
}

/** The end users of a cluster (simulated clients, mobile and desktop), for completion. */
export function endUsers(store: Store, clusterId: number): string[] {
  return store
    .sql<{user: string}>(
      'SELECT user FROM im_clients WHERE cluster_id = ? UNION SELECT user FROM desktop_clients WHERE cluster_id = ? ORDER BY user',
    )
    .all(clusterId, clusterId)
    .map((r) => r.user)
}
