import {UcCommand, snapshotsNotOverSsh} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class StateList extends UcCommand {
  static summary = 'List the named snapshots beside the state file.'
  /** Acts on the whole state file: the lean fast path (src/run/lean.ts). */
  static lean = true
  static handler = body('labs/state', 'list')
  static refusedOverSsh = snapshotsNotOverSsh('state list')
  static ownLab = {}
}
