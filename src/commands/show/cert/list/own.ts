import {UcCommand, nodeFlags} from '../../../../cli/base.js'
import {body} from '../../../../cli/bodies.js'

export default class ShowCertListOwn extends UcCommand {
  static summary = "List the node's own certificates."
  static handler = body('cluster/platform', 'certListOwn')
  static flags = {
    ...nodeFlags,
  }
}
