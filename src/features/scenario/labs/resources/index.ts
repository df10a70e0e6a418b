import {accounts, current} from './accounts.js'
import {alarms} from './alarms.js'
import {certificates} from './certificates.js'
import {clients} from './clients.js'
import {cluster} from './cluster.js'
import {expressway} from './expressway.js'
import {devicePools, groups} from './groups.js'
import {onboarding} from './onboarding.js'
import {parameters} from './parameters.js'
import {serviceProfiles, ucServices} from './profiles.js'
import {restarts} from './restarts.js'
import type {ClusterReconciler, LabReconciler} from './types.js'

/**
 * The reconcilers of a cluster of the file, in the order of the task flow: the cluster, then certificates and
 * parameters, onboarding, Expressway, the alarm settings, the restarts all of them still owe, then Unified CM groups,
 * device pools, UC services (jabber-config.xml), service profiles and clients. `cluster export` writes their parts in this order.
 */
export const CLUSTER_RESOURCES: readonly ClusterReconciler[] = [cluster, certificates, parameters, onboarding, expressway, alarms, restarts, groups, devicePools, ucServices, serviceProfiles, clients]

/** The reconcilers of the file's top level, after every cluster. */
export const LAB_RESOURCES: readonly LabReconciler[] = [accounts, current]

export {readPassword} from './accounts.js'
export type {ClusterReconciler, LabReconciler, Step, Unit} from './types.js'
