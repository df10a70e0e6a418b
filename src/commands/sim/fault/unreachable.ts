import {Args} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimFaultUnreachable extends UcCommand {
  static summary = "Make a Cisco cloud host unreachable on port 443 (from every node, or from --node)."
  static handler = body('faults/faults', 'unreachable')
  static args = {
    host: Args.string({description: "fos-a.wbx2.com, push.webexconnect.com or idbroker.webex.com", required: true}),
  }
  static flags = {
    ...nodeFlags,
  }
}
