import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class UcServiceSet extends UcCommand {
  static summary =
    'Set a parameter of a UC service (jabber-config.xml); the UC service Default is the one `param jabber set` changes.'
  static handler = body('onboarding/profiles', 'ucServiceSet')
  static completes = {name: 'ucServices', param: 'params:jabber'} as const
  static examples = ['<%= config.bin %> uc-service set WardConfig LocalPushSSIDList "Ward1;Ward2;Ward3"']
  static args = {
    name: Args.string({description: 'UC service name', required: true}),
    param: Args.string({description: 'Parameter (LocalPushSSIDList, EnableVoipSocket)', required: true}),
    value: Args.string({description: 'New value', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
