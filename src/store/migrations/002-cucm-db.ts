import type {Migration} from './index.js'

export const m002CucmDb: Migration = {
  version: 2,
  name: 'cucm database tables and per-node replicas (run sql)',
  up: ``,
}
