/**
 * Names of the services other features react to or act on, defined once. A module with no imports, so that the
 * service state machine can decide which reactions a change needs without loading them.
 */
export const CPNS = 'Cisco Push Notification Service'
export const CMAS = 'Cisco Management Agent Service'
export const XCP_ROUTER = 'Cisco XCP Router'
export const XCP_CONFIG = 'Cisco XCP Config Manager'
export const DB_SERVICE = 'A Cisco DB'
export const REPLICATOR_SERVICE = 'A Cisco DB Replicator'

/** The service that loads a node's machine account refresh token: CPNS on Unified CM, XCP Config Manager on IM and Presence. */
export const tokenServiceOf = (role: string): string =>
  role === 'imp-publisher' || role === 'imp-subscriber' ? XCP_CONFIG : CPNS

export const TOMCAT = 'Cisco Tomcat'

/**
 * Why Control Center (its pages and its SOAP door alike) does not control this service, or undefined: Cisco Tomcat
 * serves Control Center itself, and the guide restarts it from the CLI.
 */
export function notThroughControlCenter(service: string): string | undefined {
  return service === TOMCAT
    ? `${TOMCAT} cannot be controlled through Control Center; restart it from the CLI: utils service restart ${TOMCAT}.`
    : undefined
}
