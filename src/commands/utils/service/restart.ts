import {Args, Flags} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class UtilsServiceRestart extends UcCommand {
  static summary = 'Restart a service on the node (name as words, any letter case), as `utils service restart` does.'
  static handler = body('services/control', 'restart')
  /** The words after the command are the service name. */
  static serviceWords = 0
  static strict = false
  static examples = [
    '<%= config.bin %> utils service restart Cisco Tomcat',
    '<%= config.bin %> utils service restart Cisco Push Notification Service --all-nodes',
  ]
  static args = {
    service: Args.string({description: 'Service name, e.g. Cisco Push Notification Service', required: true}),
  }
  static flags = {
    ...nodeFlags,
    'all-nodes': Flags.boolean({description: 'Apply to every node of the cluster that has the service.'}),
  }
}
