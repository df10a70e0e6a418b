import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ExpresswaySet extends UcCommand {
  static summary =
    'Set an Expressway setting: oauth-refresh (Authorize by OAuth token with refresh), mra, deployed (on|off), version (X12.6.2).'
  static handler = body('onboarding/expressway', 'set')
  static examples = [
    '<%= config.bin %> expressway set oauth-refresh off',
    '<%= config.bin %> expressway set version X12.6.2',
  ]
  static args = {
    setting: Args.string({description: 'oauth-refresh, mra, deployed or version', required: true}),
    value: Args.string({description: 'on or off; for version, an Expressway release such as X12.6.2', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
