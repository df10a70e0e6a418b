import type {Migration} from './index.js'

export const m006Failover: Migration = {
  version: 6,
  name: 'clients, IM sessions and queues, CUCM groups and device pools (failover)',
  up: ``,
}
