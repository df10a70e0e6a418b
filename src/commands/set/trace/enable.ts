import {Args} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SetTraceEnable extends UcCommand {
  static summary = "Set a service's trace level on the node (Detailed writes the DEBUG lines; the default is Info)."
  static handler = body('traces/trace-level', 'enable')
  static examples = [
    '<%= config.bin %> set trace enable Detailed ccmpns',
    '<%= config.bin %> set trace enable Detailed cmas --node cucm-pub',
  ]
  static args = {
    level: Args.string({
      description: 'Error, Special, State_Transition, Significant, Entry_exit, Arbitrary or Detailed',
      required: true,
    }),
    tname: Args.string({
      description: 'Trace name: ccmpns, cmas, xcpconfigmgr, rtr-jsm or lpns (or the service name)',
      required: true,
    }),
  }
  static flags = {
    ...nodeFlags,
  }
}
