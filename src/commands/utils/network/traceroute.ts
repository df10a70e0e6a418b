import {Args} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class UtilsNetworkTraceroute extends UcCommand {
  static summary = 'Trace the route from the node to a host.'
  static handler = body('network/network', 'traceroute')
  static examples = ['<%= config.bin %> utils network traceroute push.webexconnect.com']
  static args = {
    host: Args.string({description: 'Host name or IPv4 address', required: true}),
  }
  static flags = {
    ...nodeFlags,
  }
}
