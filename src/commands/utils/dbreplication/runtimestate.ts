import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class UtilsDbreplicationRuntimestate extends UcCommand {
  static summary =
    'Show the database replication state of every node of the cluster, as `utils dbreplication runtimestate` does.'
  static handler = body('cucmdb/replication', 'runtimestate')
  static flags = {
    ...nodeFlags,
  }
}
