import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ShowNetworkCluster extends UcCommand {
  static summary = "Show the cluster's nodes as the node sees them."
  static handler = body('cluster/show', 'networkCluster')
  static flags = {
    ...nodeFlags,
  }
}
