import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimFaultReplicationFix extends UcCommand {
  static summary =
    'Restore database replication to a node; it catches up with the publisher when its database is reachable.'
  static handler = body('cucmdb/replication', 'replicationFix')
  static args = {
    host: Args.string({description: 'Node host name (a subscriber or an IM and Presence node)', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
