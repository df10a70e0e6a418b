import {Args, Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ClusterGroupSet extends UcCommand {
  static summary = 'Create or replace a Unified CM group: up to three CUCM nodes, primary first.'
  static handler = body('failover/failover', 'groupSet')
  static examples = ['<%= config.bin %> cluster group set G1 --nodes cucm-pub,cucm-sub1']
  static args = {
    name: Args.string({description: 'Group name', required: true}),
  }
  static flags = {
    ...clusterFlags,
    nodes: Flags.string({description: 'Comma-separated CUCM nodes, primary, backup, tertiary.', required: true}),
  }
}
