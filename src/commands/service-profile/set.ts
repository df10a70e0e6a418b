import {Args, Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ServiceProfileSet extends UcCommand {
  static summary =
    'Create or change a service profile: the UC service in its Jabber Client Configuration (jabber-config.xml) Mobile slot.'
  static handler = body('onboarding/profiles', 'serviceProfileSet')
  static completes = {name: 'customServiceProfiles', '--mobile': 'ucServicesOrNone'} as const
  static examples = [
    '<%= config.bin %> service-profile set WardProfile --mobile WardConfig',
    '<%= config.bin %> service-profile set WardProfile --mobile none',
  ]
  static args = {
    name: Args.string({description: 'Service profile name', required: true}),
  }
  static flags = {
    ...clusterFlags,
    mobile: Flags.string({
      description: 'The Mobile UC service (jabber-config.xml), or none. Required for a new profile.',
    }),
    description: Flags.string({description: 'Description.'}),
  }
}
