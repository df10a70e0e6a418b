import {Flags} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class SimPush extends UcCommand {
  static summary = "Send a test push through the node's Push Notification Service: 200, or a status and reason."
  static handler = body('push/push', 'push')
  static completes = {'--user': 'users'} as const
  static examples = [
    '<%= config.bin %> sim push --platform android --node cucm-sub1',
    '<%= config.bin %> sim push --user alice',
    '<%= config.bin %> sim push --node imp-pub --mra --explain',
  ]
  static flags = {
    ...nodeFlags,
    platform: Flags.string({
      description: "Client platform (default ios; with --user, the client's); lpns: a test push over Local Push.",
      options: ['ios', 'android', 'lpns'],
    }),
    mra: Flags.boolean({description: 'A test push to a client over Mobile and Remote Access (through Expressway).'}),
    explain: Flags.boolean({
      description: 'Print the path hop by hop, each hop with its conditions, and where it stopped.',
    }),
    user: Flags.string({
      description:
        "The push a simulated client gets: a call push through its device pool's Unified CM group (active node, Local Push), or an IM push through its IM and Presence session node.",
    }),
  }
}
