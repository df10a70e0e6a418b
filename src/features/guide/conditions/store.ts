import type {Store} from '../../../store/store.js'

/** Whether any simulated client of the cluster is over MRA (the check then reports expressway-mra). */
export function hasMraClients(store: Store, clusterId: number): boolean {
  return (
    store
      .sql<{one: number}>('SELECT 1 AS one FROM im_clients WHERE cluster_id = ? AND mra = 1 LIMIT 1')
      .get(clusterId) !== undefined
  )
}
