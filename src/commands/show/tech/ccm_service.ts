import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ShowTechCcmService extends UcCommand {
  static summary = "Show the node's service group and product version (what scanners read)."
  static handler = body('cluster/platform', 'techCcmService')
  static flags = {
    ...nodeFlags,
  }
}
