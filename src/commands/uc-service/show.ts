import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class UcServiceShow extends UcCommand {
  static summary = 'Show a UC service (jabber-config.xml): its parameters and the service profiles that use it.'
  static handler = body('onboarding/profiles', 'ucServiceShow')
  static completes = {name: 'ucServices'} as const
  static examples = ['<%= config.bin %> uc-service show WardConfig', '<%= config.bin %> uc-service show Default']
  static args = {
    name: Args.string({
      description: 'UC service name (Default: the system default service profile\u2019s)',
      required: true,
    }),
  }
  static flags = {
    ...clusterFlags,
  }
}
