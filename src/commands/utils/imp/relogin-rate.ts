import {Flags} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class UtilsImpReloginRate extends UcCommand {
  static summary =
    "Check the Client Re-Login Lower/Upper Limit against the node's users: at most 4 users/sec during an HA event."
  static description =
    'users / (upper - lower) must be at most 4 users per second (the guide: 7500 / (2075 - 200) = 4). Exit 1 when it is not, with the upper limit that would do.'
  static handler = body('failover/failover', 'reloginRate')
  static examples = [
    '<%= config.bin %> utils imp relogin-rate --node imp-sub',
    '<%= config.bin %> utils imp relogin-rate --node imp-sub --users 7500',
  ]
  static flags = {
    ...nodeFlags,
    users: Flags.integer({
      min: 0,
      max: 1_000_000,
      description: 'Users that would fail over (default: the simulated Jabber clients of the node).',
    }),
  }
}
