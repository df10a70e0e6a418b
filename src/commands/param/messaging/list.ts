import {UcCommand, clusterFlags} from '../../../cli/base.js'

export default class ParamMessagingList extends UcCommand {
  static summary = "List the IM and Presence messaging settings the Push Notifications guide names, with values, defaults and ranges."
  static handler = 'param#messagingList'
  static flags = {
    ...clusterFlags,
  }
}
