import {UcCommand, clusterFlags} from '../../../cli/base.js'

export default class SimClientList extends UcCommand {
  static summary = "List the simulated clients: mode, IM session node and state, unread queue, held, history, lost."
  static handler = 'failover#clientList'
  static flags = {
    ...clusterFlags,
  }
}
