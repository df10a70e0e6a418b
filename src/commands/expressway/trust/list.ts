import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ExpresswayTrustList extends UcCommand {
  static summary = 'List the certificates uploaded onto Expressway-C.'
  static handler = body('onboarding/expressway', 'trustList')
  static flags = {
    ...clusterFlags,
  }
}
