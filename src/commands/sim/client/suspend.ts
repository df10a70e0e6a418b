import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimClientSuspend extends UcCommand {
  static summary = 'Suspend a client (the app goes to the background): IMs to a Jabber user are queued and pushed.'
  static handler = body('failover/failover', 'clientSuspend')
  static args = {
    user: Args.string({description: 'User id', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
