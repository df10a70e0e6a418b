import {UcCommand, accountsNotOverSsh} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class AccountList extends UcCommand {
  static summary = 'List the SSH accounts: default node, whether they have a password, how many keys.'
  static handler = body('accounts/account', 'show')
  static refusedOverSsh = accountsNotOverSsh('account list')
}
