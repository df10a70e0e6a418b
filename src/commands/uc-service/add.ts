import {Args, Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class UcServiceAdd extends UcCommand {
  static summary =
    'Add a UC service of type Jabber Client Configuration (jabber-config.xml) with its parameters (Configure Wi-Fi SSID).'
  static handler = body('onboarding/profiles', 'ucServiceAdd')
  static examples = [
    '<%= config.bin %> uc-service add WardConfig --param "LocalPushSSIDList=Ward1;Ward2"',
    '<%= config.bin %> uc-service add ICU --description "ICU Wi-Fi" --param LocalPushSSIDList=ICUWiFi --param EnableVoipSocket=false',
  ]
  static args = {
    name: Args.string({description: 'UC service name', required: true}),
  }
  static flags = {
    ...clusterFlags,
    description: Flags.string({description: 'Description.'}),
    param: Flags.string({
      description: 'A jabber-config.xml parameter, NAME=VALUE (repeatable), e.g. "LocalPushSSIDList=Ward1;Ward2".',
      multiple: true,
    }),
  }
}
