import {Args, Flags} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class CertUpload extends UcCommand {
  static summary = 'Upload a CA root certificate chain to a trust store of the node (or of every node).'
  static handler = body('onboarding/cert', 'upload')
  static examples = ['<%= config.bin %> cert upload tomcat-trust Example-Root-CA.pem --all-nodes']
  static args = {
    store: Args.string({description: 'tomcat-trust or callmanager-trust', required: true}),
    name: Args.string({description: 'Certificate file name, e.g. Example-Root-CA.pem', required: true}),
  }
  static flags = {
    ...nodeFlags,
    'all-nodes': Flags.boolean({description: 'Upload to every node of the cluster.'}),
  }
}
