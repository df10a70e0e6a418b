import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ExpresswaySet extends UcCommand {
  static summary = "Set an Expressway setting: oauth-refresh (Authorize by OAuth token with refresh), mra, deployed."
  static handler = body('onboarding/expressway', 'set')
  static examples = ["<%= config.bin %> expressway set oauth-refresh off"]
  static args = {
    setting: Args.string({description: "oauth-refresh, mra or deployed", required: true}),
    value: Args.string({description: "on or off", required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
