import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimFaultPortOpen extends UcCommand {
  static summary = 'Open port 9966 again between a Unified CM node and the publisher.'
  static handler = body('faults/faults', 'portOpen')
  static examples = ['<%= config.bin %> sim fault port-open 9966 cucm-sub1']
  static args = {
    port: Args.string({description: '9966 (the only port modelled between nodes)', required: true}),
    host: Args.string({description: 'a Unified CM subscriber', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
