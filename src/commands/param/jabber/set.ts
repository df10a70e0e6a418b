import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ParamJabberSet extends UcCommand {
  static summary = 'Set one of the Jabber client configuration (jabber-config.xml) parameters.'
  static handler = body('onboarding/param', 'jabberSet')
  static completes = {name: 'params:jabber'} as const
  static strict = false
  static examples = ['<%= config.bin %> param jabber set LocalPushSSIDList "HospitalWiFi;Ward2"']
  static args = {
    name: Args.string({description: 'Parameter name (quote it) or id', required: true}),
    value: Args.string({description: 'New value', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
