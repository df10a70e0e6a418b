import {Args} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ShowNetworkEth0 extends UcCommand {
  static summary = "Show the node's Ethernet 0 settings and DNS; `detail` adds MTU, MAC address and counters."
  static handler = body('cluster/platform', 'networkEth0')
  static args = {
    detail: Args.string({
      description: 'detail: also the MTU, MAC address and counters',
      options: ['detail'],
      required: false,
    }),
  }
  static flags = {
    ...nodeFlags,
  }
}
