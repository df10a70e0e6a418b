import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class LicenseStatus extends UcCommand {
  static summary = "Show the cluster's licensing: Smart Licensing, Prime License Manager (and synchronization), SLR."
  static handler = body('onboarding/license', 'status')
  static flags = {
    ...clusterFlags,
  }
}
