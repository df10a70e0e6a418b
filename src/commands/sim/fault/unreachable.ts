import {Args} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimFaultUnreachable extends UcCommand {
  static summary = 'Make a Cisco cloud host (or the proxy) unreachable on port 443 (from every node, or from --node).'
  static handler = body('faults/faults', 'unreachable')
  static args = {
    host: Args.string({
      description:
        'fos-a.wbx2.com, push.webexconnect.com, idbroker.webex.com, or the HTTP(S) proxy host of `onboarding save --proxy`',
      required: true,
    }),
  }
  static flags = {
    ...nodeFlags,
  }
}
