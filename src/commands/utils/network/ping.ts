import {Args, Flags} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class UtilsNetworkPing extends UcCommand {
  static summary = 'Ping a host from the node (Cloud Services Reachability: push.webexconnect.com, idbroker.webex.com).'
  static handler = body('network/network', 'ping')
  static examples = [
    '<%= config.bin %> utils network ping push.webexconnect.com',
    '<%= config.bin %> utils network ping idbroker.webex.com --node cucm-sub1',
  ]
  static args = {
    host: Args.string({description: 'Host name or IPv4 address', required: true}),
  }
  static flags = {
    ...nodeFlags,
    count: Flags.integer({description: 'Echo requests to send (1..20, default 4).', min: 1, max: 20}),
  }
}
