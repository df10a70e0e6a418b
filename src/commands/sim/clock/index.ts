import {UcCommand} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimClock extends UcCommand {
  static summary = 'Show the simulated clock.'
  static handler = body('clock/clock', 'clockShow')
}
