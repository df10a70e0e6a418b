import {Flags} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../cli/base.js'

export default class SimPush extends UcCommand {
  static summary = "Send a test push through the node's Push Notification Service: 200, or a status and reason."
  static handler = 'sim#push'
  static examples = ["<%= config.bin %> sim push --platform android --node cucm-sub1"]
  static flags = {
    ...nodeFlags,
    platform: Flags.string({description: 'Client platform (default ios).', options: ['ios', 'android']}),
  }
}
