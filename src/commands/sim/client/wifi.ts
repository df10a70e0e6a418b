import {Args} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class SimClientWifi extends UcCommand {
  static summary = 'The mobile device joins Wi-Fi SSID (Local Push on a provisioned SSID) or leaves Wi-Fi (off).'
  static handler = body('calls/calls', 'clientWifi')
  static examples = [
    '<%= config.bin %> sim client wifi carol HospitalWiFi',
    '<%= config.bin %> sim client wifi carol off',
  ]
  static args = {
    user: Args.string({description: 'User id', required: true}),
    ssid: Args.string({description: 'The Wi-Fi SSID, or off', required: true}),
  }
  static flags = {
    ...clusterFlags,
  }
}
