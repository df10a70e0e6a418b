import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimFaultServiceCrash extends UcCommand {
  static summary = 'Crash a running service on a node (it goes to NOTRUNNING).'
  static handler = body('faults/faults', 'serviceCrash')
  /** The words after HOST are the service name. */
  static serviceWords = 1
  static strict = false
  static examples = ['<%= config.bin %> sim fault service-crash imp-pub Cisco XCP Router']
  static args = {
    host: Args.string({description: 'Node host name', required: true}),
    service: Args.string({description: 'Service name as words', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
