import {Args} from '@oclif/core'
import {UcCommand, snapshotsNotOverSsh} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class StateDelete extends UcCommand {
  static summary = 'Delete a named snapshot.'
  /** Acts on the whole state file: the lean fast path (src/run/lean.ts). */
  static lean = true
  static handler = body('labs/state', 'remove')
  static refusedOverSsh = snapshotsNotOverSsh('state delete')
  static ownLab = {arg: 'name'}
  static args = {
    name: Args.string({description: 'Snapshot name (see `state list`)', required: true}),
  }
}
