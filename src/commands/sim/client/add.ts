import {Args, Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'
import {MAX_BULK} from '../../../features/failover/clients.js'

export default class SimClientAdd extends UcCommand {
  static summary = "Add a simulated mobile client: Jabber (IM on an IM and Presence node) or Webex App (calls through a device pool)."
  static handler = body('failover/failover', 'clientAdd')
  static examples = [
    "<%= config.bin %> sim client add alice --platform ios --app jabber --node imp-pub",
    "<%= config.bin %> sim client add load --node imp-sub --suspended --count 7500",
    "<%= config.bin %> sim client add carol --app webex --platform ios --device-pool DP-HQ",
  ]
  static args = {
    user: Args.string({description: "User id (with --count: the prefix of USER1..USERN)", required: true}),
  }
  static flags = {
    ...clusterFlags,
    platform: Flags.string({description: 'Client platform (default ios).', options: ['ios', 'android']}),
    app: Flags.string({description: 'Client application (default jabber).', options: ['jabber', 'webex']}),
    node: Flags.string({description: "The user's IM and Presence node (Jabber; Webex App users have none)."}),
    'device-pool': Flags.string({description: "Device pool of the user's device (calls: its Unified CM group)."}),
    mra: Flags.boolean({description: 'The client connects over Mobile and Remote Access (no Local Push).'}),
    suspended: Flags.boolean({description: 'Start in suspended (background) mode.'}),
    count: Flags.integer({description: 'Add N clients USER1..USERN alike (1..20000).', min: 1, max: MAX_BULK}),
  }
}
