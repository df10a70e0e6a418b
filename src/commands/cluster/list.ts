import {UcCommand} from '../../cli/base.js'

export default class ClusterList extends UcCommand {
  static summary = "List the clusters in the state file."
  static handler = 'cluster#list'
}
