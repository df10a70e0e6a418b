import {Args, Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimClientActive extends UcCommand {
  static summary = 'The user interacts with a device now (Multiple Device Messaging: the last active client).'
  static handler = body('calls/calls', 'clientActive')
  static examples = ['<%= config.bin %> sim client active alice --device windows']
  static args = {
    user: Args.string({description: 'User id', required: true}),
  }
  static flags = {
    ...clusterFlags,
    device: Flags.string({description: 'The device: mobile (default), ios, android, windows, mac or desktop.'}),
  }
}
