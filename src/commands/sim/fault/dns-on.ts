import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'

export default class SimFaultDnsOn extends UcCommand {
  static summary = "Configure DNS on a node again."
  static handler = 'sim#dnsOn'
  static args = {
    host: Args.string({description: "Node host name", required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
