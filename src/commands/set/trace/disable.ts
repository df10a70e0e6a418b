import {Args} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SetTraceDisable extends UcCommand {
  static summary = "Return a service's trace level on the node to the default (Info)."
  static handler = body('traces/trace-level', 'disable')
  static examples = ['<%= config.bin %> set trace disable ccmpns']
  static args = {
    tname: Args.string({
      description: 'Trace name: ccmpns, cmas, xcpconfigmgr, rtr-jsm or lpns (or the service name)',
      required: true,
    }),
  }
  static flags = {
    ...nodeFlags,
  }
}
