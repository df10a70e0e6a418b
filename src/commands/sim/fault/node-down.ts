import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimFaultNodeDown extends UcCommand {
  static summary = 'Fail a node suddenly (no graceful shutdown).'
  static handler = body('faults/faults', 'nodeDown')
  static args = {
    host: Args.string({description: 'Node host name', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
