import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ClusterShow extends UcCommand {
  static summary = 'Show a cluster: release, licensing, nodes and onboarding status.'
  static handler = body('cluster/cluster', 'show')
  static clusterArg = 'name'
  static args = {
    name: Args.string({description: 'Cluster name (default: the current cluster)', required: false}),
  }
  static flags = {
    ...clusterFlags,
  }
}
