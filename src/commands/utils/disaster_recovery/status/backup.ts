import {UcCommand, nodeFlags} from '../../../../cli/base.js'
import {body} from '../../../../cli/bodies.js'

export default class UtilsDrfStatusBackup extends UcCommand {
  static summary = 'Show the status of the last Disaster Recovery System backup.'
  static handler = body('cluster/platform', 'drfStatusBackup')
  static flags = {
    ...nodeFlags,
  }
}
