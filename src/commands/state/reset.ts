import {Flags} from '@oclif/core'
import {UcCommand, yesFlag, snapshotsNotOverSsh} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class StateReset extends UcCommand {
  static summary = 'Empty the state (no clusters), as a new state file starts; snapshots are kept.'
  /** Acts on the whole state file: the lean fast path (src/run/lean.ts). */
  static lean = true
  static handler = body('labs/state', 'reset')
  static refusedOverSsh = snapshotsNotOverSsh('state reset')
  static ownLab = {}
  static examples = [
    '<%= config.bin %> state reset --yes',
    '<%= config.bin %> state reset --at 2026-03-01T09:00:00Z --yes',
  ]
  static flags = {
    ...yesFlag,
    at: Flags.string({
      description: 'Start the simulated clock at this ISO 8601 time with a zone (default 2026-01-05T09:00:00Z).',
    }),
  }
}
