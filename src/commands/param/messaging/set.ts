import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ParamMessagingSet extends UcCommand {
  static summary = 'Set one of the IM and Presence messaging settings.'
  static handler = body('onboarding/param', 'messagingSet')
  static completes = {name: 'params:messaging'} as const
  static strict = false
  static examples = ['<%= config.bin %> param messaging set multiple-device-messaging Enabled']
  static args = {
    name: Args.string({description: 'Parameter name (quote it) or id', required: true}),
    value: Args.string({description: 'New value', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
