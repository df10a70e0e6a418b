import {Args, Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimClientSignOut extends UcCommand {
  static summary = 'The user logs off a device: pushes to it stop; a Local Push session closes.'
  static handler = body('calls/calls', 'clientSignOut')
  static examples = ['<%= config.bin %> sim client sign-out alice']
  static args = {
    user: Args.string({description: 'User id', required: true}),
  }
  static flags = {
    ...clusterFlags,
    device: Flags.string({description: 'The device: mobile (default), ios, android, windows, mac or desktop.'}),
  }
}
