import {UcCommand, nodeFlags} from '../../../cli/base.js'

export default class ShowNetworkCluster extends UcCommand {
  static summary = "Show the cluster's nodes as the node sees them."
  static handler = 'show#networkCluster'
  static flags = {
    ...nodeFlags,
  }
}
