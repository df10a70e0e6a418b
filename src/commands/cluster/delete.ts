import {Args} from '@oclif/core'
import {UcCommand, yesFlag} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ClusterDelete extends UcCommand {
  static summary = 'Delete a cluster and all its state.'
  static handler = body('cluster/cluster', 'remove')
  static changesClusters = 'delete clusters'
  /** The argument names a cluster (a pinned session may name only its own; completion offers clusters). */
  static clusterArg = 'name'
  static args = {
    name: Args.string({description: 'Cluster name', required: true}),
  }
  static flags = {
    ...yesFlag,
  }
}
