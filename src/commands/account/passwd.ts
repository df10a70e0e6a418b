import {Args, Flags} from '@oclif/core'
import {UcCommand, jsonFlag, accountsNotOverSsh} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class AccountPasswd extends UcCommand {
  static summary = 'Change the password of an SSH account (from stdin or a prompt, never argv).'
  static handler = body('accounts/account', 'passwd')
  static refusedInSession = {
    message: 'Passwords are not set inside the admin: shell (its input is the command stream).',
    fix: 'Run `ucadmin account passwd NAME --password-stdin` from your system shell.',
  }
  static refusedOverSsh = accountsNotOverSsh('account passwd')
  static examples = ['printf %s "$NEW" | <%= config.bin %> account passwd admin --password-stdin']
  static args = {
    name: Args.string({description: 'Account name', required: true}),
  }
  static flags = {
    ...jsonFlag,
    'password-stdin': Flags.boolean({description: 'Read the new password from stdin.'}),
  }
}
