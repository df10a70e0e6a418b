import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class UtilsDbreplicationStatus extends UcCommand {
  static summary =
    'Check database replication on every node, as `utils dbreplication status` does: the result goes to a file under activelog.'
  static handler = body('cucmdb/replication', 'status')
  static examples = [
    '<%= config.bin %> utils dbreplication status',
    '<%= config.bin %> file view activelog cm/trace/dbl/sdi/ReplicationStatus.2026_01_05_09_00_00.out',
  ]
  static flags = {
    ...nodeFlags,
  }
}
