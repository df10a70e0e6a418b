import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimFaultDnsOn extends UcCommand {
  static summary = 'Configure DNS on a node again.'
  static handler = body('faults/faults', 'dnsOn')
  static args = {
    host: Args.string({description: 'Node host name', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
