import {Args, Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimClientDelete extends UcCommand {
  static summary = 'Delete a user (every device) or one device: a Local Push session closes.'
  static handler = body('calls/calls', 'clientDelete')
  static examples = ['<%= config.bin %> sim client delete alice --device ios']
  static args = {
    user: Args.string({description: 'User id', required: true}),
  }
  static flags = {
    ...clusterFlags,
    device: Flags.string({description: 'The device: mobile (default), ios, android, windows, mac or desktop.'}),
  }
}
