import {Args, Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimMessageSend extends UcCommand {
  static summary = 'Send an IM to a client: delivered (foreground), or queued with a push (suspended Jabber).'
  static handler = body('failover/failover', 'messageSend')
  static strict = false
  static examples = ['<%= config.bin %> sim message send bob alice "are you there?"']
  static args = {
    from: Args.string({description: 'Sender', required: true}),
    to: Args.string({description: 'Recipient user id (a simulated client)', required: true}),
    text: Args.string({description: 'Message text (words)', required: true}),
  }
  static flags = {
    ...clusterFlags,
    explain: Flags.boolean({
      description: "Print the push's path hop by hop, each hop with its conditions, and where it stopped.",
    }),
  }
}
