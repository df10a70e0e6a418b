import {Args} from '@oclif/core'
import {UcCommand} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimClockAdvance extends UcCommand {
  static summary = "Advance the simulated clock, running what falls due in time order."
  static handler = body('clock/clock', 'clockAdvance')
  static examples = ["<%= config.bin %> sim clock advance 2h"]
  static args = {
    duration: Args.string({description: "How far: 90s, 45m, 2h, 61d, 1h30m", required: true}),
  }
}
