import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ShowVersionInactive extends UcCommand {
  static summary = 'Show the software version on the inactive partition (the release before the last upgrade).'
  static handler = body('cluster/show', 'versionInactive')
  static flags = {
    ...nodeFlags,
  }
}
