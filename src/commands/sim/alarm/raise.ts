import {Flags} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'
import {MAX_RAISE_COUNT} from '../../../features/platform/alarms/alarms.js'

export default class SimAlarmRaise extends UcCommand {
  static summary = 'Raise a Push Notifications alarm on a node, queued for the next upload.'
  static description =
    "The alarm carries the node, the simulated time, the severity, a name and the text, and PII fields (user name, device name, and the node's host name), which uploads encrypt or remove. --count raises the same alarm many times (back-logs for tests and benchmarks)."
  static handler = body('alarms/alarms', 'simRaise')
  /** Over SSH, sessions' commands run one at a time: one command must not hold the others for seconds (a million take about 10 s). */
  static sshFlagMax = {count: 10_000}
  static examples = [
    '<%= config.bin %> sim alarm raise --severity Error --message "Push Notification token fetch failed"',
    '<%= config.bin %> sim alarm raise --severity critical --message "CPNS down" --node cucm-sub1 --user jdoe --device BOTJDOE',
    '<%= config.bin %> sim alarm raise --severity Warning --message backlog --count 100000',
  ]
  static flags = {
    ...nodeFlags,
    severity: Flags.string({description: 'Critical, Error, Warning, Notice or Information (any letter case).'}),
    message: Flags.string({description: 'Alarm text (keep PII in --user/--device).'}),
    name: Flags.string({description: 'Alarm name, CUCM style (default SimulatedAlarm).'}),
    user: Flags.string({description: 'PII: user name.'}),
    device: Flags.string({description: 'PII: device name.'}),
    count: Flags.integer({
      description: 'Raise the same alarm N times (1..1000000, default 1).',
      min: 1,
      max: MAX_RAISE_COUNT,
    }),
  }
}
