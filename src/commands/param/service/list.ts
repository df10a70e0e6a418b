import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ParamServiceList extends UcCommand {
  static summary =
    'List the service parameters (clusterwide) the Push Notifications guide names, with values, defaults and ranges.'
  static handler = body('onboarding/param', 'serviceList')
  static strict = false
  static args = {
    service: Args.string({description: 'Service name (e.g. Cisco XCP Router)', required: false}),
  }
  static flags = {
    ...clusterFlags,
  }
}
