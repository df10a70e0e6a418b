import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ServiceProfileList extends UcCommand {
  static summary =
    'List the service profiles: the system default and each profile, its Mobile jabber-config UC service, its LocalPushSSIDList and its users.'
  static handler = body('onboarding/profiles', 'serviceProfileList')
  static flags = {
    ...clusterFlags,
  }
}
