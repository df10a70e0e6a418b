import type {Migration} from './index.js'

export const m004Accounts: Migration = {
  version: 4,
  name: 'admin accounts and SSH host key',
  up: ``,
}
