import {UcCommand, nodeFlags} from '../../cli/base.js'

export default class CertList extends UcCommand {
  static summary = "List uploaded trust certificates (every node, or --node)."
  static handler = 'cert#list'
  static flags = {
    ...nodeFlags,
  }
}
