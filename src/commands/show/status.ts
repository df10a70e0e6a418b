import {UcCommand, nodeFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ShowStatus extends UcCommand {
  static summary = "Show the node's status, as `show status` does."
  static handler = body('cluster/show', 'status')
  static flags = {
    ...nodeFlags,
  }
}
