import {Flags} from '@oclif/core'
import {UcCommand, clusterFlags, yesFlag} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class TokenProcedure extends UcCommand {
  static summary =
    "Update Refresh Token Manually: the guide's eight steps, checked, against a new server (another cluster of the same release)."
  static handler = body('tokens/token', 'procedure')
  static examples = ['<%= config.bin %> token procedure --source-cluster newpub --yes']
  static flags = {
    ...clusterFlags,
    'source-cluster': Flags.string({
      description: 'The new, onboarded cluster of the same release whose refresh token is copied.',
      required: true,
    }),
    ...yesFlag,
  }
}
