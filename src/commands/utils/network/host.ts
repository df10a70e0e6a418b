import {Args} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class UtilsNetworkHost extends UcCommand {
  static summary = "Resolve a host name from the node: locally (the cluster's hosts) and by DNS."
  static handler = body('network/network', 'host')
  static examples = ['<%= config.bin %> utils network host idbroker.webex.com']
  static args = {
    name: Args.string({description: 'Host name or IPv4 address', required: true}),
  }
  static flags = {
    ...nodeFlags,
  }
}
