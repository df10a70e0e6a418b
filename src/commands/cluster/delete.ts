import {Args} from '@oclif/core'
import {UcCommand, yesFlag} from '../../cli/base.js'

export default class ClusterDelete extends UcCommand {
  static summary = "Delete a cluster and all its state."
  static handler = 'cluster#remove'
  static args = {
    name: Args.string({description: "Cluster name", required: true}),
  }
  static flags = {
    ...yesFlag,
  }
}
