import {Args} from '@oclif/core'
import {UcCommand} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ClusterUse extends UcCommand {
  static summary = 'Make a cluster the current one.'
  static handler = body('cluster/cluster', 'use')
  static changesClusters = 'change the current cluster'
  /** The argument names a cluster (a pinned session may name only its own; completion offers clusters). */
  static clusterArg = 'name'
  static args = {
    name: Args.string({description: 'Cluster name', required: true}),
  }
}
