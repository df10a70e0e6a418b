import {Args} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../../cli/base.js'
import {body} from '../../../../cli/bodies.js'
import {MAX_PUSH_FREQUENCY, MIN_PUSH_FREQUENCY} from '../../../../features/platform/alarms/alarms.js'

export default class UtilsManagementAgentAlarmsPushfrequency extends UcCommand {
  static summary =
    'Show or set how often Push Notifications alarms are uploaded to the Cisco Cloud (5..90 minutes, default 30).'
  static description =
    'Runs on the Unified CM publisher only. Without MINUTES it shows the current value. A new value reschedules the next upload to MINUTES from now; uploads then follow every MINUTES on the simulated clock.'
  static handler = body('alarms/alarms', 'pushfrequency')
  static examples = [
    '<%= config.bin %> utils managementAgent alarms pushfrequency',
    '<%= config.bin %> utils managementAgent alarms pushfrequency 15',
  ]
  static args = {
    minutes: Args.integer({
      description: 'Minutes between uploads: a whole number from 5 to 90',
      min: MIN_PUSH_FREQUENCY,
      max: MAX_PUSH_FREQUENCY,
      required: false,
    }),
  }
  static flags = {
    ...nodeFlags,
  }
}
