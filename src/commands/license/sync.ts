import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class LicenseSync extends UcCommand {
  static summary = 'Synchronize Licenses in Cisco Prime License Manager (11.5(1)SU releases).'
  static handler = body('onboarding/license', 'sync')
  static flags = {
    ...clusterFlags,
  }
}
