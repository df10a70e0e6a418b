import {UcCommand, clusterFlags} from '../../cli/base.js'

export default class ExpresswayStatus extends UcCommand {
  static summary = "Show the Expressway settings and when servers were refreshed and restarted."
  static handler = 'expressway#status'
  static flags = {
    ...clusterFlags,
  }
}
