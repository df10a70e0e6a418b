import {Args, Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'
import {MAX_BULK} from '../../../features/paths/calls/clients.js'

export default class SimClientAdd extends UcCommand {
  static summary =
    'Add a simulated client: Jabber (IM on an IM and Presence node) or Webex App (calls through a device pool) on iOS or Android, or Jabber for desktop (windows, mac).'
  static handler = body('calls/calls', 'clientAdd')
  static completes = {user: 'newName'} as const
  static examples = [
    '<%= config.bin %> sim client add alice --platform ios --app jabber --node imp-pub',
    '<%= config.bin %> sim client add load --node imp-sub --suspended --count 7500',
    '<%= config.bin %> sim client add carol --app webex --platform ios --device-pool DP-HQ',
    '<%= config.bin %> sim client add li --platform ios --region china --version 12.9 --device-pool DP-HQ',
    '<%= config.bin %> sim client add alice --app jabber --platform windows',
    '<%= config.bin %> sim client add dana --app webex --platform ios --device-pool DP-HQ --ssid Ward1 --service-profile WardProfile',
  ]
  static args = {
    user: Args.string({description: 'User id (with --count: the prefix of USER1..USERN)', required: true}),
  }
  static flags = {
    ...clusterFlags,
    platform: Flags.string({
      description: 'Client platform (default ios); windows or mac: Jabber for desktop.',
      options: ['ios', 'android', 'windows', 'mac'],
    }),
    app: Flags.string({description: 'Client application (default jabber).', options: ['jabber', 'webex']}),
    node: Flags.string({description: "The user's IM and Presence node (Jabber; Webex App users have none)."}),
    'device-pool': Flags.string({description: "Device pool of the user's device (calls: its Unified CM group)."}),
    mra: Flags.boolean({description: 'The client connects over Mobile and Remote Access (no Local Push).'}),
    suspended: Flags.boolean({description: 'Start in suspended (background) mode.'}),
    count: Flags.integer({description: 'Add N clients USER1..USERN alike (1..20000).', min: 1, max: MAX_BULK}),
    version: Flags.string({
      description:
        'Jabber or Webex App version (default current), checked against the support matrix, e.g. 12.9, 14.2, 43.6.',
    }),
    os: Flags.string({description: 'iOS or Android version (default 17 / 14), e.g. 12, 13, 16.5.'}),
    region: Flags.string({
      description: 'global (default) or china: Mainland China (iOS, 12.5(1)SU3, Jabber 12.9 MR / Webex App 41.4).',
    }),
    ssid: Flags.string({description: 'The Wi-Fi SSID the device is on (Local Push on a provisioned SSID).'}),
    'service-profile': Flags.string({
      description:
        "The end user's UC Service Profile (default: the system default); its Mobile UC service's LocalPushSSIDList provisions the SSIDs.",
    }),
    number: Flags.string({description: "The user's directory number (caller ID when the user calls)."}),
    'display-name': Flags.string({description: "The user's display name (caller ID)."}),
    'external-name': Flags.string({
      description: 'External Presentation Name (caller ID where configured and supported).',
    }),
    'external-number': Flags.string({description: 'External Presentation Number.'}),
  }
}
