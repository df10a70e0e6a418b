import {Args} from '@oclif/core'
import {UcCommand, snapshotsNotOverSsh} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class StateSave extends UcCommand {
  static summary = 'Save a snapshot of the whole state (every cluster, the clock) by name or to a file.'
  static description =
    "Uses SQLite's online backup, so a save is consistent while other processes write. A NAME (letters, digits, - and _) is kept beside the state file, in <state file>.snapshots/NAME.db; anything with a / is a PATH. Saving again under the same name replaces the snapshot; a PATH that holds something else is refused."
  /** Acts on the whole state file: the lean fast path (src/run/lean.ts). */
  static lean = true
  static handler = body('labs/state', 'save')
  static refusedOverSsh = snapshotsNotOverSsh('state save')
  static ownLab = {arg: 'target'}
  static examples = ['<%= config.bin %> state save baseline', '<%= config.bin %> state save ./fixtures/onboarded.db']
  static args = {
    target: Args.string({description: 'Snapshot NAME, or a PATH (with a /)', required: true}),
  }
}
