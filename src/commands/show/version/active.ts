import {UcCommand, nodeFlags} from '../../../cli/base.js'

export default class ShowVersionActive extends UcCommand {
  static summary = "Show the active software version of the node."
  static handler = 'show#versionActive'
  static flags = {
    ...nodeFlags,
  }
}
