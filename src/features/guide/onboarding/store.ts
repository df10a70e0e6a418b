import type {Store} from '../../../store/store.js'

export type OnboardingPhase = 'disabled' | 'awaiting-tomcat' | 'pending' | 'completed'

/** The Cisco Cloud Onboarding page of a cluster and where its procedure stands. */
export interface OnboardingRow {
  clusterId: number
  voucher: string | null
  voucherAt: number | null
  push: boolean
  manageCerts: boolean
  troubleshooting: boolean
  encryptedPii: boolean
  proxyUrl: string | null
  proxyAuth: 'basic' | 'digest' | null
  /** disabled; awaiting-tomcat (saved, Cisco Tomcat restarts pending); pending (Cisco Cloud Onboarding Pending); completed. */
  phase: OnboardingPhase
  savedAt: number | null
  /** Service-event watermarks (see serviceMark): a restart counts as "since" a save when its event comes after it. */
  savedMark: number | null
  completedAt: number | null
  completedMark: number | null
  disabledAt: number | null
  disabledMark: number | null
  customerClusterId: string | null
  supportToken: string | null
  orgId: string | null
  subscribedRelease: string | null
  licensesSyncedAt: number | null
}

const COLS = `cluster_id AS clusterId, voucher, voucher_at AS voucherAt, push, manage_certs AS manageCerts,
  troubleshooting, encrypted_pii AS encryptedPii, proxy_url AS proxyUrl, proxy_auth AS proxyAuth, phase,
  saved_at AS savedAt, saved_mark AS savedMark, completed_at AS completedAt, completed_mark AS completedMark,
  disabled_at AS disabledAt, disabled_mark AS disabledMark, customer_cluster_id AS customerClusterId,
  support_token AS supportToken, org_id AS orgId, subscribed_release AS subscribedRelease,
  licenses_synced_at AS licensesSyncedAt`

const BOOLS = ['push', 'manageCerts', 'troubleshooting', 'encryptedPii'] as const

function blank(clusterId: number): OnboardingRow {
  return {
    clusterId,
    voucher: null,
    voucherAt: null,
    push: false,
    manageCerts: false,
    troubleshooting: false,
    encryptedPii: false,
    proxyUrl: null,
    proxyAuth: null,
    phase: 'disabled',
    savedAt: null,
    savedMark: null,
    completedAt: null,
    completedMark: null,
    disabledAt: null,
    disabledMark: null,
    customerClusterId: null,
    supportToken: null,
    orgId: null,
    subscribedRelease: null,
    licensesSyncedAt: null,
  }
}

/** The cluster's onboarding row (a never-saved page when there is none). */
export function getOnboarding(store: Store, clusterId: number): OnboardingRow {
  const r = store.sql<Record<string, unknown>>(`SELECT ${COLS} FROM onboarding WHERE cluster_id = ?`).get(clusterId)
  if (!r) return blank(clusterId)
  for (const k of BOOLS) r[k] = r[k] === 1
  return r as unknown as OnboardingRow
}

export function saveOnboarding(store: Store, row: OnboardingRow): void {
  store
    .sql(
      `INSERT INTO onboarding(cluster_id, voucher, voucher_at, push, manage_certs, troubleshooting, encrypted_pii, proxy_url, proxy_auth,
         phase, saved_at, saved_mark, completed_at, completed_mark, disabled_at, disabled_mark, customer_cluster_id, support_token, org_id, subscribed_release, licenses_synced_at)
       VALUES (@clusterId, @voucher, @voucherAt, @push, @manageCerts, @troubleshooting, @encryptedPii, @proxyUrl, @proxyAuth,
         @phase, @savedAt, @savedMark, @completedAt, @completedMark, @disabledAt, @disabledMark, @customerClusterId, @supportToken, @orgId, @subscribedRelease, @licensesSyncedAt)
       ON CONFLICT(cluster_id) DO UPDATE SET voucher = excluded.voucher, voucher_at = excluded.voucher_at, push = excluded.push,
         manage_certs = excluded.manage_certs, troubleshooting = excluded.troubleshooting, encrypted_pii = excluded.encrypted_pii,
         proxy_url = excluded.proxy_url, proxy_auth = excluded.proxy_auth, phase = excluded.phase, saved_at = excluded.saved_at, saved_mark = excluded.saved_mark,
         completed_at = excluded.completed_at, completed_mark = excluded.completed_mark, disabled_at = excluded.disabled_at, disabled_mark = excluded.disabled_mark, customer_cluster_id = excluded.customer_cluster_id,
         support_token = excluded.support_token, org_id = excluded.org_id, subscribed_release = excluded.subscribed_release,
         licenses_synced_at = excluded.licenses_synced_at`,
    )
    .run({
      ...row,
      push: row.push ? 1 : 0,
      manageCerts: row.manageCerts ? 1 : 0,
      troubleshooting: row.troubleshooting ? 1 : 0,
      encryptedPii: row.encryptedPii ? 1 : 0,
    })
}
