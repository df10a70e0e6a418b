import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ShowVersionActive extends UcCommand {
  static summary = 'Show the active software version of the node.'
  static handler = body('cluster/show', 'versionActive')
  static flags = {
    ...nodeFlags,
  }
}
