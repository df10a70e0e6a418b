import {Args, Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ExpresswayTrustAdd extends UcCommand {
  static summary =
    "Upload a CA root chain, or every node's own Tomcat and CallManager certificates (--node-certs), onto Expressway-C."
  static handler = body('onboarding/expressway', 'trustAdd')
  static examples = [
    '<%= config.bin %> expressway trust add Example-Root-CA.pem',
    '<%= config.bin %> expressway trust add --node-certs',
  ]
  static args = {
    name: Args.string({description: 'CA root certificate chain name, e.g. Example-Root-CA.pem'}),
  }
  static flags = {
    ...clusterFlags,
    'node-certs': Flags.boolean({
      description: "Every node's own (self-signed) Cisco Tomcat and CallManager certificates.",
    }),
  }
}
