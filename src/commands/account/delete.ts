import {Args} from '@oclif/core'
import {UcCommand, yesFlag, accountsNotOverSsh} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class AccountDelete extends UcCommand {
  static summary = 'Delete an SSH account.'
  static handler = body('accounts/account', 'remove')
  static refusedOverSsh = accountsNotOverSsh('account delete')
  static examples = ['<%= config.bin %> account delete robot --yes']
  static args = {
    name: Args.string({description: 'Account name', required: true}),
  }
  static flags = {
    ...yesFlag,
  }
}
