import {UcCommand, clusterFlags} from '../../cli/base.js'

export default class OnboardingVoucher extends UcCommand {
  static summary = "Generate Voucher: synchronize system licensing with the Cisco cloud."
  static handler = 'onboarding#voucher'
  static flags = {
    ...clusterFlags,
  }
}
