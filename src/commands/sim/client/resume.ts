import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimClientResume extends UcCommand {
  static summary = 'Resume a client (foreground): a Jabber user signs in again if needed and gets its unread queue.'
  static handler = body('failover/failover', 'clientResume')
  static args = {
    user: Args.string({description: 'User id', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
