import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimFaultNodeUp extends UcCommand {
  static summary = 'Bring a failed or shut-down node back up; its activated services start.'
  static handler = body('faults/faults', 'nodeUp')
  static args = {
    host: Args.string({description: 'Node host name', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
