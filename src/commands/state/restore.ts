import {Args} from '@oclif/core'
import {UcCommand, yesFlag, snapshotsNotOverSsh} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class StateRestore extends UcCommand {
  static summary = 'Replace the whole state with a snapshot, atomically for every other process.'
  static description =
    'The state file keeps its place, mode and open connections; other processes see the old state or the new one, never a mix. A snapshot of an older schema is migrated on the way in; one of a newer schema, or a file that is not a ucadmin snapshot, is refused (exit 2) and nothing changes. Asks on a terminal unless --yes.'
  /** Acts on the whole state file: the lean fast path (src/run/lean.ts). */
  static lean = true
  static handler = body('labs/state', 'restore')
  static refusedOverSsh = snapshotsNotOverSsh('state restore')
  static ownLab = {arg: 'target'}
  static examples = [
    '<%= config.bin %> state restore baseline --yes',
    '<%= config.bin %> state restore ./fixtures/onboarded.db',
  ]
  static args = {
    target: Args.string({description: 'Snapshot NAME, or a PATH (with a /)', required: true}),
  }
  static flags = {...yesFlag}
}
