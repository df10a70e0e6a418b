import {Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ClusterUpgrade extends UcCommand {
  static summary = 'Upgrade every node of the cluster to a later release (nodes reboot).'
  static handler = body('cluster/cluster', 'upgrade')
  static examples = ['<%= config.bin %> cluster upgrade --version 14SU3']
  static flags = {
    ...clusterFlags,
    version: Flags.string({description: 'The release to upgrade to, e.g. 12.5(1)SU3.', required: true}),
  }
}
