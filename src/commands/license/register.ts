import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class LicenseRegister extends UcCommand {
  static summary = 'Register Unified CM with Smart Software Manager (ends Smart Licensing evaluation mode).'
  static handler = body('onboarding/license', 'register')
  static flags = {
    ...clusterFlags,
  }
}
