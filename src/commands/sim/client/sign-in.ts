import {Args, Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimClientSignIn extends UcCommand {
  static summary = 'The user signs in again on a device (a new OAuth token; the IM session and Local Push come back).'
  static handler = body('calls/calls', 'clientSignIn')
  static examples = ['<%= config.bin %> sim client sign-in alice']
  static args = {
    user: Args.string({description: 'User id', required: true}),
  }
  static flags = {
    ...clusterFlags,
    device: Flags.string({description: 'The device: mobile (default), ios, android, windows, mac or desktop.'}),
  }
}
