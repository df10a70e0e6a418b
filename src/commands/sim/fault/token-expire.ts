import {UcCommand, clusterFlags} from '../../../cli/base.js'

export default class SimFaultTokenExpire extends UcCommand {
  static summary = "Make the cluster's machine account refresh token invalid (and its access tokens expire)."
  static handler = 'sim#tokenExpire'
  static flags = {
    ...clusterFlags,
  }
}
