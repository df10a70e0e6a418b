import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimClientList extends UcCommand {
  static summary = 'List the simulated clients: mode, IM session node and state, unread queue, held, history, lost.'
  static handler = body('failover/failover', 'clientList')
  static flags = {
    ...clusterFlags,
  }
}
