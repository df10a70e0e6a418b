import {Args, Flags} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class UtilsServiceActivate extends UcCommand {
  static summary = 'Activate a service on the node (name as words, any letter case), as `utils service activate` does.'
  static handler = body('services/control', 'activate')
  /** The words after the command are the service name. */
  static serviceWords = 0
  static strict = false
  static examples = ['<%= config.bin %> utils service activate Cisco Extension Mobility']
  static args = {
    service: Args.string({description: 'Service name, e.g. Cisco Push Notification Service', required: true}),
  }
  static flags = {
    ...nodeFlags,
    'all-nodes': Flags.boolean({description: 'Apply to every node of the cluster that has the service.'}),
  }
}
