import {UcCommand, clusterFlags} from '../../../cli/base.js'

export default class ParamEnterpriseList extends UcCommand {
  static summary = "List the Unified CM enterprise parameters the Push Notifications guide names, with values, defaults and ranges."
  static handler = 'param#enterpriseList'
  static flags = {
    ...clusterFlags,
  }
}
