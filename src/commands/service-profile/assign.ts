import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ServiceProfileAssign extends UcCommand {
  static summary =
    "Set an end user's UC Service Profile (End User > Service Settings): the user's devices download its jabber-config.xml."
  static handler = body('calls/profiles', 'serviceProfileAssign')
  static completes = {profile: 'serviceProfiles'} as const
  static examples = [
    '<%= config.bin %> service-profile assign alice WardProfile',
    '<%= config.bin %> service-profile assign alice Default',
  ]
  static args = {
    user: Args.string({description: 'End user id (a simulated client: sim client list)', required: true}),
    profile: Args.string({description: 'Service profile (Default: the system default)', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
