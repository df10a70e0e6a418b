import {UcCommand, clusterFlags} from '../../../cli/base.js'

export default class ClusterGroupList extends UcCommand {
  static summary = "List the Unified CM groups and the device pools that use them."
  static handler = 'failover#groupList'
  static flags = {
    ...clusterFlags,
  }
}
