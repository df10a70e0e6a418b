/** The Cisco cloud hosts every node must reach on 443 (Push Notifications Prerequisites). */
export const CLOUD_HOSTS = ['fos-a.wbx2.com', 'push.webexconnect.com', 'idbroker.webex.com'] as const
export type CloudHost = (typeof CLOUD_HOSTS)[number]

export const CLOUD_HOST_PURPOSE: Record<CloudHost, string> = {
  'fos-a.wbx2.com': 'Fusion Onboarding Service (subscription requests, machine account provisioning)',
  'push.webexconnect.com': 'Push REST service (sending Push Notifications)',
  'idbroker.webex.com': 'Common Identity service (authentication before each push)',
}
