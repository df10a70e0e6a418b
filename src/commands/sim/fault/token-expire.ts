import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimFaultTokenExpire extends UcCommand {
  static summary = "Make the cluster's machine account refresh token invalid (and its access tokens expire)."
  static handler = body('tokens/expire', 'tokenExpire')
  static flags = {
    ...clusterFlags,
  }
}
