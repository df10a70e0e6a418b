import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class OnboardingVoucher extends UcCommand {
  static summary = 'Generate Voucher: synchronize system licensing with the Cisco cloud.'
  static handler = body('onboarding/onboarding', 'voucher')
  static flags = {
    ...clusterFlags,
  }
}
