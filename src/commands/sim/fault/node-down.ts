import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'

export default class SimFaultNodeDown extends UcCommand {
  static summary = "Fail a node suddenly (no graceful shutdown)."
  static handler = 'sim#nodeDown'
  static args = {
    host: Args.string({description: "Node host name", required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
