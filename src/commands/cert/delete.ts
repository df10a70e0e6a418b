import {Args, Flags} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class CertDelete extends UcCommand {
  static summary = 'Delete a certificate from a trust store of the node (or of every node).'
  static handler = body('onboarding/cert', 'remove')
  static args = {
    store: Args.string({description: 'tomcat-trust or callmanager-trust', required: true}),
    name: Args.string({description: 'Certificate name', required: true}),
  }
  static flags = {
    ...nodeFlags,
    'all-nodes': Flags.boolean({description: 'Delete from every node of the cluster.'}),
  }
}
