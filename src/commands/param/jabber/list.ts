import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ParamJabberList extends UcCommand {
  static summary =
    'List the Jabber client configuration (jabber-config.xml) parameters the Push Notifications guide names, with values, defaults and ranges.'
  static handler = body('onboarding/param', 'jabberList')
  static flags = {
    ...clusterFlags,
  }
}
