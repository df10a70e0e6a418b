import {UcCommand, clusterFlags} from '../../cli/base.js'

export default class OnboardingWizard extends UcCommand {
  static summary = "Walk through the whole Push Notifications task flow interactively (terminal only)."
  static handler = 'onboarding#wizard'
  static flags = {
    ...clusterFlags,
  }
}
