import {UcCommand, clusterFlags} from '../../cli/base.js'

export default class AlarmsStatus extends UcCommand {
  static summary = 'Management Agent alarm uploads of the cluster: settings, next upload, queue counts, and whether an upload can be sent now.'
  static handler = 'alarms#status'
  static flags = {
    ...clusterFlags,
  }
}
