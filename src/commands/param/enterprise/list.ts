import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ParamEnterpriseList extends UcCommand {
  static summary =
    'List the Unified CM enterprise parameters the Push Notifications guide names, with values, defaults and ranges.'
  static handler = body('onboarding/param', 'enterpriseList')
  static flags = {
    ...clusterFlags,
  }
}
