import {Args, Flags} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class CertCsr extends UcCommand {
  static summary =
    "Issue a CSR for the node's Cisco Tomcat or CallManager certificate and install it signed by a CA (MRA certificates)."
  static handler = body('onboarding/cert', 'csr')
  static examples = [
    '<%= config.bin %> cert csr tomcat --ca Example-Root-CA.pem --all-nodes',
    '<%= config.bin %> cert csr callmanager --ca Example-Root-CA.pem --node cucm-sub1',
  ]
  static args = {
    certificate: Args.string({description: 'tomcat or callmanager (Unified CM only)', required: true}),
  }
  static flags = {
    ...nodeFlags,
    ca: Flags.string({
      description: 'The CA that signs it (its root chain name, e.g. Example-Root-CA.pem).',
      required: true,
    }),
    'all-nodes': Flags.boolean({description: 'Every node of the cluster.'}),
  }
}
