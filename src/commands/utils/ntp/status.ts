import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class UtilsNtpStatus extends UcCommand {
  static summary = 'Show the NTP status of the node.'
  static handler = body('cluster/platform', 'ntpStatus')
  static flags = {
    ...nodeFlags,
  }
}
