import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimFaultDnsOff extends UcCommand {
  static summary = 'Remove the DNS configuration of a node.'
  static handler = body('faults/faults', 'dnsOff')
  static args = {
    host: Args.string({description: 'Node host name', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
