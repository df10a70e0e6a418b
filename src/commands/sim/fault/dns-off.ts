import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'

export default class SimFaultDnsOff extends UcCommand {
  static summary = "Remove the DNS configuration of a node."
  static handler = 'sim#dnsOff'
  static args = {
    host: Args.string({description: "Node host name", required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
