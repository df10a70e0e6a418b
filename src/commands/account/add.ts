import {Args, Flags} from '@oclif/core'
import {UcCommand, jsonFlag, accountsNotOverSsh} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class AccountAdd extends UcCommand {
  static summary =
    'Add an account that may log in to `ucadmin serve ssh` (password from stdin or a prompt, never argv).'
  static description =
    "The password is read from stdin with --password-stdin (one final line break removed), or asked twice with echo off on a terminal; it is stored as an scrypt hash. With --authorized-key and no password the account logs in by key only. --node/--cluster choose where its SSH sessions land (default: the server's --node, else the CUCM publisher)."
  static handler = body('accounts/account', 'add')
  static refusedInSession = {
    message: 'Passwords are not set inside the admin: shell (its input is the command stream).',
    fix: 'Run `ucadmin account add NAME --password-stdin` from your system shell.',
  }
  static refusedOverSsh = accountsNotOverSsh('account add')
  static examples = [
    'printf %s "$PW" | <%= config.bin %> account add admin --password-stdin',
    'printf %s "$PW" | <%= config.bin %> account add impadmin --password-stdin --node imp-pub',
    '<%= config.bin %> account add robot --authorized-key ~/.ssh/id_ed25519.pub --node cucm-sub1',
  ]
  static args = {
    name: Args.string({description: 'Account (login) name', required: true}),
  }
  static flags = {
    ...jsonFlag,
    'password-stdin': Flags.boolean({description: 'Read the password from stdin.'}),
    'authorized-key': Flags.string({
      description: 'OpenSSH public key file allowed to log in (repeatable).',
      multiple: true,
    }),
    node: Flags.string({description: "Node the account's SSH sessions land on."}),
    cluster: Flags.string({description: 'Cluster of that node (default: the current one, else the only one).'}),
  }
}
