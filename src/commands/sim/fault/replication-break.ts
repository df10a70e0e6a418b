import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimFaultReplicationBreak extends UcCommand {
  static summary = 'Break database replication from the publisher to a node: its replica keeps its current rows.'
  static handler = body('cucmdb/replication', 'replicationBreak')
  static args = {
    host: Args.string({description: 'Node host name (a subscriber or an IM and Presence node)', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
