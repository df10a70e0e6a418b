import {Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class AlarmsOutbox extends UcCommand {
  static summary = 'List the alarm batches uploaded from the cluster (the outbox), newest last.'
  static handler = body('alarms/alarms', 'outbox')
  static flags = {
    ...clusterFlags,
    limit: Flags.integer({description: 'Show the last N batches (1..100000, default 50).', min: 1, max: 100_000}),
  }
}
