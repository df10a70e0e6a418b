import type {Migration} from './index.js'

export const m003Alarms: Migration = {
  version: 3,
  name: 'Management Agent alarms, queue and uploads',
  up: ``,
}
