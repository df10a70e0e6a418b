import {UcCommand} from '../../../cli/base.js'

export default class SimClock extends UcCommand {
  static summary = "Show the simulated clock."
  static handler = 'sim#clockShow'
}
