import {Args} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'

export default class SimFaultUnreachable extends UcCommand {
  static summary = "Make a Cisco cloud host unreachable on port 443 (from every node, or from --node)."
  static handler = 'sim#unreachable'
  static args = {
    host: Args.string({description: "fos-a.wbx2.com, push.webexconnect.com or idbroker.webex.com", required: true}),
  }
  static flags = {
    ...nodeFlags,
  }
}
