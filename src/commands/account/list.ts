import {UcCommand} from '../../cli/base.js'

export default class AccountList extends UcCommand {
  static summary = 'List the SSH accounts: default node, whether they have a password, how many keys.'
  static handler = 'account#show'
}
