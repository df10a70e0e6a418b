import {Args, Flags} from '@oclif/core'
import {UcCommand, jsonFlag} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class AccountPasswd extends UcCommand {
  static summary = 'Change the password of an SSH account (from stdin or a prompt, never argv).'
  static handler = body('accounts/account', 'passwd')
  static examples = ['printf %s "$NEW" | <%= config.bin %> account passwd admin --password-stdin']
  static args = {
    name: Args.string({description: 'Account name', required: true}),
  }
  static flags = {
    ...jsonFlag,
    'password-stdin': Flags.boolean({description: 'Read the new password from stdin.'}),
  }
}
