import {UcCommand, nodeFlags} from '../../../../cli/base.js'
import {body} from '../../../../cli/bodies.js'

export default class UtilsManagementAgentAlarmsPushnow extends UcCommand {
  static summary =
    'Upload the queued Push Notifications alarms to the Cisco Cloud now, without waiting for the scheduled upload.'
  static description =
    'Sends every queued alarm at or above the minimum push level once; alarms below it are counted as skipped and never sent. Fails (exit 1, queue kept) when the Cisco Management Agent Service is not running on the publisher, the cluster is not onboarded, or "Send Troubleshooting information to the Cisco Cloud" is off. Destination: the outbox in the state file, or UCADMIN_CLOUD_URL (HTTP POST, UCADMIN_CLOUD_TIMEOUT, default 10s). Runs on the Unified CM publisher only.'
  static handler = body('alarms/alarms', 'pushnow')
  static examples = [
    '<%= config.bin %> utils managementAgent alarms pushnow',
    'UCADMIN_CLOUD_URL=https://collector.example.com/alarms <%= config.bin %> utils managementAgent alarms pushnow --json',
  ]
  static flags = {
    ...nodeFlags,
  }
}
