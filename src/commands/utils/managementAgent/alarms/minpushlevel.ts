import {Args} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../../cli/base.js'
import {body} from '../../../../cli/bodies.js'

export default class UtilsManagementAgentAlarmsMinpushlevel extends UcCommand {
  static summary =
    'Show or set the minimum severity of Push Notifications alarms sent to the Cisco Cloud (default Error).'
  static description =
    'Levels from most to least severe: Critical, Error, Warning, Notice, Information (any letter case). Alarms below the level are counted as skipped at the next upload and never sent. Runs on the Unified CM publisher only. `pushlevel` is the same command.'
  static handler = body('alarms/alarms', 'minpushlevel')
  static aliases = ['utils:managementAgent:alarms:pushlevel']
  static examples = [
    '<%= config.bin %> utils managementAgent alarms minpushlevel',
    '<%= config.bin %> utils managementAgent alarms minpushlevel warning',
  ]
  static args = {
    level: Args.string({description: 'Critical, Error, Warning, Notice or Information', required: false}),
  }
  static flags = {
    ...nodeFlags,
  }
}
