import {UcCommand, nodeFlags} from '../../cli/base.js'

export default class ShowStatus extends UcCommand {
  static summary = "Show the node's status, as `show status` does."
  static handler = 'show#status'
  static flags = {
    ...nodeFlags,
  }
}
