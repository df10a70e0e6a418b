import {Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class AlarmsList extends UcCommand {
  static summary = "List the cluster's Push Notifications alarms: queued, uploaded (with batch and time) or skipped."
  static handler = body('alarms/alarms', 'list')
  static examples = ['<%= config.bin %> alarms list', '<%= config.bin %> alarms list --state uploaded --json']
  static flags = {
    ...clusterFlags,
    state: Flags.string({description: 'Only alarms in this state.', options: ['queued', 'uploaded', 'skipped']}),
    limit: Flags.integer({description: 'Show the last N alarms (1..100000, default 50).', min: 1, max: 100_000}),
  }
}
