import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class LicenseMode extends UcCommand {
  static summary =
    'Change the licensing mode, e.g. register to Smart Licensing or disable Specific License Reservation.'
  static handler = body('onboarding/license', 'mode')
  static examples = ['<%= config.bin %> license mode smart']
  static args = {
    mode: Args.string({description: 'smart, plm, slr or none', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
