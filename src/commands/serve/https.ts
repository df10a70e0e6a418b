import {Flags} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../cli/base.js'

export default class ServeHttps extends UcCommand {
  static summary =
    "Serve a node's HTTPS door (AXL, Control Center services) for unmodified AXL and Serviceability clients."
  static description =
    "Cisco Tomcat of a node on 8443 (and any other --port): AXL at /axl/ and the Serviceability SOAP services at /controlcenterservice2/services/ControlCenterServices, on the same state and rules as the admin: CLI. HTTP Basic authentication against `ucadmin account` accounts, with serve ssh's lock-out rules. Each node has its own self-signed certificate, made once and kept in the state file (`ucadmin show cert own tomcat --node HOST` prints it). A node that is down, or whose Cisco Tomcat is not running, does not answer. --all-nodes serves every node of the cluster, each on its own address from --host on (127.0.0.0/8 is all loopback), and prints the map. --tenants DIR serves a lab per account, as serve ssh --tenants does: every request works on the lab of the account that logged in (docs/tenants.md). Stops cleanly on SIGINT/SIGTERM."
  static session = 'https/server#serve'
  static examples = [
    '<%= config.bin %> serve https',
    '<%= config.bin %> serve https --port 0 --json --exit-on-stdin-close',
    '<%= config.bin %> serve https --all-nodes --host 127.0.1.1 --port 8443 --port 443',
    '<%= config.bin %> serve https --node cucm-sub1 --host 127.0.0.2',
    '<%= config.bin %> serve https --tenants ./class --template labs/example.yaml',
  ]
  static flags = {
    ...nodeFlags,
    host: Flags.string({
      description:
        "Address to listen on (default 127.0.0.1); with --all-nodes, the first node's, the next nodes get the next addresses.",
    }),
    port: Flags.integer({
      description: 'TCP port, more than once for several (default 8443; 0 picks a free one and prints it).',
      min: 0,
      max: 65_535,
      multiple: true,
    }),
    'all-nodes': Flags.boolean({description: 'Serve every node of the cluster, each on its own address.'}),
    lockout: Flags.integer({
      min: 1,
      max: 10_000,
      description:
        'Failed logins per account or client address within 15 minutes before logins are refused (default 10, as serve ssh).',
    }),
    'client-connections': Flags.integer({
      min: 1,
      max: 10_000,
      description: 'Open connections allowed per client address; more are closed at once (default 100).',
    }),
    'axl-write-limit': Flags.integer({
      min: 1,
      max: 1_000_000,
      description: 'AXL writes per node per minute before HTTP 503 (default 1500).',
    }),
    tenants: Flags.string({
      description:
        "Folder of tenants: each account's requests work on its own state file DIR/ACCOUNT.db (accounts, lock-outs and the certificate stay in the server's state file). Not with --all-nodes.",
    }),
    template: Flags.string({
      description: 'With --tenants: the lab file (YAML/JSON) or saved snapshot new tenants are made from.',
    }),
    'tenant-idle': Flags.string({
      description: "With --tenants: close a tenant's state file after this long unused (default 5m, real time).",
    }),
    'exit-on-stdin-close': Flags.boolean({
      description: 'Stop (as on SIGTERM) when standard input closes: a harness that dies takes the server with it.',
    }),
  }
}
