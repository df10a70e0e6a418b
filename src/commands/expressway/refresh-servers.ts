import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ExpresswayRefreshServers extends UcCommand {
  static summary = 'On Expressway-C, refresh the Unified CM servers (resync the Authz certificate).'
  static handler = body('onboarding/expressway', 'refresh')
  static flags = {
    ...clusterFlags,
  }
}
