import {UcCommand, nodeFlags} from '../../../cli/base.js'

export default class UtilsDbreplicationRuntimestate extends UcCommand {
  static summary = "Show the database replication state of every node of the cluster, as `utils dbreplication runtimestate` does."
  static handler = 'cucmdb#runtimestate'
  static flags = {
    ...nodeFlags,
  }
}
