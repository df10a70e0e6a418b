import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ParamMessagingList extends UcCommand {
  static summary =
    'List the IM and Presence messaging settings the Push Notifications guide names, with values, defaults and ranges.'
  static handler = body('onboarding/param', 'messagingList')
  static flags = {
    ...clusterFlags,
  }
}
