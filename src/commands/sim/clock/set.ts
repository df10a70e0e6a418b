import {Args} from '@oclif/core'
import {UcCommand} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimClockSet extends UcCommand {
  static summary = "Set the simulated clock to a later time, running what falls due on the way."
  static handler = body('clock/clock', 'clockSet')
  static args = {
    time: Args.string({description: "ISO 8601 time with a zone, e.g. 2026-03-01T09:00:00Z", required: true}),
  }
}
