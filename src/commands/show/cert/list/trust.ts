import {UcCommand, nodeFlags} from '../../../../cli/base.js'
import {body} from '../../../../cli/bodies.js'

export default class ShowCertListTrust extends UcCommand {
  static summary = "List the node's trust certificates (tomcat-trust, callmanager-trust), uploads included."
  static handler = body('cluster/platform', 'certListTrust')
  static flags = {
    ...nodeFlags,
  }
}
