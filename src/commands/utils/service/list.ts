import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class UtilsServiceList extends UcCommand {
  static summary = 'List the services of the node and their state, as `utils service list` does.'
  static handler = body('services/list', 'list')
  static flags = {
    ...nodeFlags,
  }
}
