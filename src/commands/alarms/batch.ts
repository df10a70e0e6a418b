import {Args} from '@oclif/core'
import {UcCommand} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class AlarmsBatch extends UcCommand {
  static summary = 'Print an uploaded alarm batch exactly as it was sent (JSON; PII encrypted or removed).'
  static handler = body('alarms/alarms', 'batch')
  static examples = ['<%= config.bin %> alarms batch 1 > batch.json']
  static args = {
    batch: Args.string({description: 'Batch number or batch id (see `alarms outbox`)', required: true}),
  }
}
