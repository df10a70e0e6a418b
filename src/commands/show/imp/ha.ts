import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ShowImpHa extends UcCommand {
  static summary =
    'Push Notifications High Availability on IM and Presence: subclusters, sessions per node, recent failover outcomes.'
  static handler = body('failover/failover', 'impHa')
  static flags = {
    ...clusterFlags,
  }
}
