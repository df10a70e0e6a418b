import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class UcServiceList extends UcCommand {
  static summary =
    'List the UC services of type Jabber Client Configuration (jabber-config.xml): LocalPushSSIDList, EnableVoipSocket and the service profiles that use each.'
  static handler = body('onboarding/profiles', 'ucServiceList')
  static flags = {
    ...clusterFlags,
  }
}
