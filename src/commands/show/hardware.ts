import {UcCommand, nodeFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ShowHardware extends UcCommand {
  static summary = "Show the node's (virtual) hardware."
  static handler = body('cluster/platform', 'showHardware')
  static flags = {
    ...nodeFlags,
  }
}
