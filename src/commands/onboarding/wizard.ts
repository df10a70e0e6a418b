import {Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class OnboardingWizard extends UcCommand {
  static summary = 'Walk through the whole Push Notifications task flow interactively (terminal only).'
  static handler = body('onboarding/onboarding', 'wizard')
  static flags = {
    ...clusterFlags,
    yes: Flags.boolean({
      char: 'y',
      description:
        'Apply every fix without asking; where fixes differ, the recommended one (OAuth Refresh Logins: enabled on Unified CM).',
    }),
  }
}
