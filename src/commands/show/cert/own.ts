import {Args} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ShowCertOwn extends UcCommand {
  static summary = "Print the node's own Cisco Tomcat certificate (the one serve https presents), to trust it."
  static description =
    'The certificate is self-signed, its subject names the node; it is made on first use and kept in the state file. Save the PEM part as a CA file for curl --cacert, Python requests verify= or NODE_EXTRA_CA_CERTS.'
  static handler = body('tomcat/cert', 'own')
  static examples = [
    '<%= config.bin %> show cert own tomcat',
    '<%= config.bin %> show cert own tomcat --node cucm-sub1 --json',
  ]
  static args = {
    name: Args.string({description: 'The certificate: tomcat (or tomcat/tomcat.pem)', required: true}),
  }
  static flags = {
    ...nodeFlags,
  }
}
