import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class AlarmsStatus extends UcCommand {
  static summary =
    'Management Agent alarm uploads of the cluster: settings, next upload, queue counts, and whether an upload can be sent now.'
  static handler = body('alarms/alarms', 'status')
  static flags = {
    ...clusterFlags,
  }
}
