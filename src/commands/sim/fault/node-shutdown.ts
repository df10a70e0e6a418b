import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'

export default class SimFaultNodeShutdown extends UcCommand {
  static summary = "Shut a node down gracefully."
  static handler = 'sim#nodeShutdown'
  static args = {
    host: Args.string({description: "Node host name", required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
