import {UcCommand, clusterFlags} from '../../cli/base.js'

export default class OnboardingDisable extends UcCommand {
  static summary = "Disable Push Notifications: uncheck the boxes and save."
  static handler = 'onboarding#disable'
  static flags = {
    ...clusterFlags,
  }
}
