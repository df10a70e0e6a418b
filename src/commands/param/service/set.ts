import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ParamServiceSet extends UcCommand {
  static summary = 'Set one of the service parameters (clusterwide).'
  static handler = body('onboarding/param', 'serviceSet')
  static completes = {name: 'params:service'} as const
  static strict = false
  static examples = [
    '<%= config.bin %> param service set "Cisco XCP Router" "Push Notifications High Availability" Enabled',
  ]
  static args = {
    service: Args.string({description: 'Service, e.g. "Cisco XCP Router"', required: true}),
    name: Args.string({description: 'Parameter name (quote it) or id', required: true}),
    value: Args.string({description: 'New value', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
