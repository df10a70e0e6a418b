import {Flags} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../cli/base.js'

export default class ServeSsh extends UcCommand {
  static summary = 'Serve the admin: CLI over SSH for CUCM automation (expect, paramiko, netmiko, ssh exec).'
  static description =
    'Accounts come from `ucadmin account add`; password (also keyboard-interactive) and public-key logins. Each session gets the CUCM banner and the admin: prompt on its account\'s node (else --node, else the CUCM publisher); `ssh HOST COMMAND` runs COMMAND and exits with its exit code. The host key is generated once and kept in the state file. Listens on 127.0.0.1 unless --host says otherwise; stops cleanly on SIGINT/SIGTERM. Prints the address and host key fingerprint, then logs logins to stderr.'
  static session = 'ssh/server#serve'
  static examples = [
    '<%= config.bin %> serve ssh',
    '<%= config.bin %> serve ssh --port 0 --idle-timeout 10m',
    '<%= config.bin %> serve ssh --host 0.0.0.0 --port 2222 --node cucm-sub1',
  ]
  static flags = {
    ...nodeFlags,
    host: Flags.string({default: '127.0.0.1', description: 'Address to listen on (loopback only by default).'}),
    port: Flags.integer({default: 2222, min: 0, max: 65_535, description: 'TCP port (0 picks a free one and prints it).'}),
    'idle-timeout': Flags.string({default: '30m', description: 'Close sessions after this long without input, e.g. 30m, 2h; 0 for never (real time).'}),
    'max-auth-tries': Flags.integer({default: 3, min: 1, max: 100, description: 'Failed logins allowed per connection before it is closed.'}),
    lockout: Flags.integer({default: 10, min: 1, max: 10_000, description: 'Failed logins per account or client address within 15 minutes before logins are refused.'}),
  }
}
