import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimFaultPortBlock extends UcCommand {
  static summary =
    'Block port 9966 in a firewall between a Unified CM node and the publisher (CPNS to Cisco CallManager).'
  static handler = body('faults/faults', 'portBlock')
  static examples = ['<%= config.bin %> sim fault port-block 9966 cucm-sub1']
  static args = {
    port: Args.string({description: '9966 (the only port modelled between nodes)', required: true}),
    host: Args.string({description: 'a Unified CM subscriber', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
