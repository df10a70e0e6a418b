import {Args, Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ClusterDevicePoolSet extends UcCommand {
  static summary = 'Create or change a device pool and its Unified CM group.'
  static handler = body('failover/failover', 'poolSet')
  static examples = ['<%= config.bin %> cluster device-pool set DP-HQ --group G1']
  static args = {
    name: Args.string({description: 'Device pool name', required: true}),
  }
  static flags = {
    ...clusterFlags,
    group: Flags.string({description: 'Unified CM group of the pool.', required: true}),
  }
}
