import {UcCommand, clusterFlags, yesFlag} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class OnboardingDisable extends UcCommand {
  static summary = 'Disable Push Notifications: uncheck the boxes and save.'
  static description = 'On a terminal it asks for confirmation first; --yes skips the question.'
  static handler = body('onboarding/onboarding', 'disable')
  static examples = ['<%= config.bin %> onboarding disable --yes']
  static flags = {
    ...clusterFlags,
    ...yesFlag,
  }
}
