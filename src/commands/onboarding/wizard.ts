import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class OnboardingWizard extends UcCommand {
  static summary = "Walk through the whole Push Notifications task flow interactively (terminal only)."
  static handler = body('onboarding/onboarding', 'wizard')
  static flags = {
    ...clusterFlags,
  }
}
