import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ExpresswayRestart extends UcCommand {
  static summary = 'Restart Expressway-C or Expressway-E.'
  static handler = body('onboarding/expressway', 'restart')
  static examples = ['<%= config.bin %> expressway restart c']
  static args = {
    which: Args.string({description: 'c or e', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
