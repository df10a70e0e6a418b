import {Args} from '@oclif/core'
import {UcCommand} from '../../cli/base.js'

export default class ClusterUse extends UcCommand {
  static summary = "Make a cluster the current one."
  static handler = 'cluster#use'
  static args = {
    name: Args.string({description: "Cluster name", required: true}),
  }
}
