import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class ExpresswayTrustRemove extends UcCommand {
  static summary = "Remove a certificate from Expressway-C's trusted certificates."
  static handler = body('onboarding/expressway', 'trustRemove')
  static args = {
    name: Args.string({description: 'A CA chain name, or HOST/tomcat, HOST/callmanager', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
