import {UcCommand, clusterFlags} from '../../cli/base.js'

export default class ExpresswayRefreshServers extends UcCommand {
  static summary = "On Expressway-C, refresh the Unified CM servers (resync the Authz certificate)."
  static handler = 'expressway#refresh'
  static flags = {
    ...clusterFlags,
  }
}
