import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ParamEnterpriseSet extends UcCommand {
  static summary = 'Set one of the Unified CM enterprise parameters.'
  static handler = body('onboarding/param', 'enterpriseSet')
  static completes = {name: 'params:enterprise'} as const
  static strict = false
  static examples = [
    '<%= config.bin %> param enterprise set "OAuth with Refresh Login Flow" Enabled',
    '<%= config.bin %> param enterprise set oauth-access-token-expiry 120',
  ]
  static args = {
    name: Args.string({description: 'Parameter name (quote it) or id', required: true}),
    value: Args.string({description: 'New value', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
