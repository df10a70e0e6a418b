import {Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class OnboardingCheck extends UcCommand {
  static summary = 'Check every prerequisite and step of the Push Notifications task flow; exit 1 if any fails.'
  static handler = body('onboarding/onboarding', 'check')
  static examples = ['<%= config.bin %> onboarding check', '<%= config.bin %> onboarding check --platform ios --json']
  static flags = {
    ...clusterFlags,
    condition: Flags.string({
      description: 'Only these conditions (repeatable or comma-separated ids, e.g. dns,ports).',
      multiple: true,
    }),
    platform: Flags.string({
      description: 'Client platforms the deployment serves (repeatable; default ios and android).',
      multiple: true,
      options: ['ios', 'ios12', 'android', 'lpns'],
    }),
  }
}
