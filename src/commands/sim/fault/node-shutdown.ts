import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimFaultNodeShutdown extends UcCommand {
  static summary = 'Shut a node down gracefully.'
  static handler = body('faults/faults', 'nodeShutdown')
  static args = {
    host: Args.string({description: 'Node host name', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
