import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ClusterGroupList extends UcCommand {
  static summary = 'List the Unified CM groups and the device pools that use them.'
  static handler = body('failover/failover', 'groupList')
  static flags = {
    ...clusterFlags,
  }
}
