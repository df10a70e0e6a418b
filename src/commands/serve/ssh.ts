import {Flags} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../cli/base.js'

export default class ServeSsh extends UcCommand {
  static summary = 'Serve the admin: CLI over SSH for CUCM automation (expect, paramiko, netmiko, ssh exec).'
  static description =
    "Accounts come from `ucadmin account add`; password (also keyboard-interactive) and public-key logins. Each session gets the CUCM banner and the admin: prompt on its account's node (else --node, else the CUCM publisher); `ssh HOST COMMAND` runs COMMAND and exits with its exit code. The host key is generated once and kept in the state file. Listens on 127.0.0.1 unless --host says otherwise; stops cleanly on SIGINT/SIGTERM. Prints the address and host key fingerprint, then logs logins to stderr."
  static session = 'ssh/server#serve'
  static examples = [
    '<%= config.bin %> serve ssh',
    '<%= config.bin %> serve ssh --port 0 --idle-timeout 10m',
    '<%= config.bin %> serve ssh --host 0.0.0.0 --port 2222 --node cucm-sub1',
    '<%= config.bin %> serve ssh --tenants ./class --template labs/example.yaml',
    '<%= config.bin %> serve ssh --tenants ./class --workers 4',
    '<%= config.bin %> serve ssh --port 0 --json --exit-on-stdin-close',
  ]
  static flags = {
    ...nodeFlags,
    host: Flags.string({default: '127.0.0.1', description: 'Address to listen on (loopback only by default).'}),
    port: Flags.integer({
      default: 2222,
      min: 0,
      max: 65_535,
      description: 'TCP port (0 picks a free one and prints it).',
    }),
    'idle-timeout': Flags.string({
      default: '30m',
      description: 'Close sessions after this long without input, e.g. 30m, 2h; 0 for never (real time).',
    }),
    'max-auth-tries': Flags.integer({
      default: 3,
      min: 1,
      max: 100,
      description: 'Failed logins allowed per connection before it is closed.',
    }),
    lockout: Flags.integer({
      default: 10,
      min: 1,
      max: 10_000,
      description: 'Failed logins per account or client address within 15 minutes before logins are refused.',
    }),
    'login-grace': Flags.string({
      default: '60s',
      description: 'Close a connection not logged in this long after it was accepted, e.g. 60s (real time).',
    }),
    'max-startups': Flags.integer({
      default: 100,
      min: 1,
      max: 10_000,
      description: 'Connections not logged in yet, at most; more are refused at once.',
    }),
    'per-source-max-startups': Flags.integer({
      default: 10,
      min: 1,
      max: 10_000,
      description: 'Connections not logged in yet from one address, at most.',
    }),
    tenants: Flags.string({
      description:
        "Folder of tenants: each account logs in to its own state file DIR/ACCOUNT.db (accounts and lock-outs stay in the server's state file).",
    }),
    template: Flags.string({
      description: 'With --tenants: the lab file (YAML/JSON) or saved snapshot new tenants are made from.',
    }),
    'tenant-idle': Flags.string({
      default: '5m',
      description: "With --tenants: close a tenant's state file after this long unused (real time).",
    }),
    workers: Flags.integer({
      min: 0,
      max: 64,
      description:
        "With --tenants: worker threads that run the tenants' commands, so one tenant's long command does not hold the others (default: the cores, at least 2, at most 16; 0 runs them on the main thread).",
    }),
    'exit-on-stdin-close': Flags.boolean({
      description: 'Stop (as on SIGTERM) when standard input closes: a harness that dies takes the server with it.',
    }),
  }
}
