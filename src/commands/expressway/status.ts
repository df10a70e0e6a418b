import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ExpresswayStatus extends UcCommand {
  static summary = 'Show the Expressway settings and when servers were refreshed and restarted.'
  static handler = body('onboarding/expressway', 'status')
  static flags = {
    ...clusterFlags,
  }
}
