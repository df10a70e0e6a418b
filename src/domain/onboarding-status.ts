import type {ClusterRow} from '../store/clusters.js'
import type {Store} from '../store/store.js'

/**
 * The Status line of the Cisco Cloud Onboarding page for a cluster. A new cluster has never been onboarded;
 * the onboarding feature extends this with the guide's "Cisco Cloud Onboarding Pending" and
 * "Cloud Onboarding Completed" states.
 */
export function onboardingStatusText(_store: Store, _cluster: ClusterRow): string {
  return 'Push Notifications Not Enabled'
}
