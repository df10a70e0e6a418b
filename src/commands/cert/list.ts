import {UcCommand, nodeFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class CertList extends UcCommand {
  static summary = 'List uploaded trust certificates (every node, or --node).'
  static handler = body('onboarding/cert', 'list')
  static flags = {
    ...nodeFlags,
  }
}
