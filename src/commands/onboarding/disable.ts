import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class OnboardingDisable extends UcCommand {
  static summary = "Disable Push Notifications: uncheck the boxes and save."
  static handler = body('onboarding/onboarding', 'disable')
  static flags = {
    ...clusterFlags,
  }
}
