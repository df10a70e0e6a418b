import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class TokenStatus extends UcCommand {
  static summary =
    'Per node: a fingerprint of the machine account refresh token in its replica, access token expiry, validity.'
  static handler = body('tokens/token', 'status')
  static flags = {
    ...clusterFlags,
  }
}
