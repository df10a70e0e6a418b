import type {Migration} from './index.js'

/**
 * Push paths (issue 11): the order of the Expressway steps. Refresh Servers, then a restart of Expressway-C, then of
 * Expressway-E: a restart counts only when it comes after the refresh, which the simulated clock (several commands
 * at the same instant) cannot tell by time alone, so each step also records a sequence number.
 */
export const m007PushPaths: Migration = {
  version: 7,
  name: 'push-paths',
  up: `
ALTER TABLE expressway ADD COLUMN refreshed_seq INTEGER;
ALTER TABLE expressway ADD COLUMN c_restarted_seq INTEGER;
ALTER TABLE expressway ADD COLUMN e_restarted_seq INTEGER;
`,
}
