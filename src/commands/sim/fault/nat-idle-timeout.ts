import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimFaultNatIdleTimeout extends UcCommand {
  static summary =
    "Set the NAT/firewall idle timeout of the nodes' connections to the Push REST service (minutes, or off)."
  static handler = body('faults/faults', 'natIdle')
  static examples = [
    '<%= config.bin %> sim fault nat-idle-timeout 10',
    '<%= config.bin %> sim fault nat-idle-timeout off',
  ]
  static args = {
    minutes: Args.string({description: '1..1440 minutes, or off (no timeout)', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
