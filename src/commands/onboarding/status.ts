import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class OnboardingStatus extends UcCommand {
  static summary =
    'Show the Cisco Cloud Onboarding page: status, check boxes, voucher, IDs and the restarts still pending.'
  static handler = body('onboarding/onboarding', 'status')
  static flags = {
    ...clusterFlags,
  }
}
