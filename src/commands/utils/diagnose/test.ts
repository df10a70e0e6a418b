import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class UtilsDiagnoseTest extends UcCommand {
  static summary = 'Run the platform diagnostics (exit 1 when a test fails).'
  static handler = body('cluster/platform', 'diagnoseTest')
  static flags = {
    ...nodeFlags,
  }
}
