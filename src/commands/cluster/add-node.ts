import {Args, Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ClusterAddNode extends UcCommand {
  static summary = 'Add a node to a cluster.'
  static handler = body('cluster/cluster', 'addNode')
  static examples = ['<%= config.bin %> cluster add-node cucm-sub2 --role subscriber']
  static args = {
    host: Args.string({description: 'Host name of the new node', required: true}),
  }
  static flags = {
    ...clusterFlags,
    role: Flags.string({
      description: 'Role of the new node.',
      required: true,
      options: ['subscriber', 'imp-publisher', 'imp-subscriber'],
    }),
  }
}
