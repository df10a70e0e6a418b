/**
 * The Cisco cloud hosts every node must reach on 443 (Push Notifications Prerequisites): fos-a.wbx2.com, the Fusion
 * Onboarding Service (subscription requests, machine account provisioning); push.webexconnect.com, the Push REST
 * service (sending Push Notifications); idbroker.webex.com, the Common Identity service (authentication before each
 * push).
 */
export const CLOUD_HOSTS = ['fos-a.wbx2.com', 'push.webexconnect.com', 'idbroker.webex.com'] as const
export type CloudHost = (typeof CLOUD_HOSTS)[number]
