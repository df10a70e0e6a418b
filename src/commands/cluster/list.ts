import {UcCommand} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ClusterList extends UcCommand {
  static summary = 'List the clusters in the state file.'
  static handler = body('cluster/cluster', 'list')
}
