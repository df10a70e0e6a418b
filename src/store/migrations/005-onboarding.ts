import type {Migration} from './index.js'

export const m005Onboarding: Migration = {
  version: 5,
  name: 'Cisco Cloud Onboarding, parameters, Expressway, tokens',
  up: ``,
}
