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
export const tokenServiceOf = (role: string): string => (role === 'imp-publisher' || role === 'imp-subscriber' ? XCP_CONFIG : CPNS)
