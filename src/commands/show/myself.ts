import {UcCommand, nodeFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ShowMyself extends UcCommand {
  static summary =
    "Show the account you are logged in with, as CUCM's show myself does (and which simulated node this is)."
  static handler = body('cluster/platform', 'myself')
  static flags = {
    ...nodeFlags,
  }
}
