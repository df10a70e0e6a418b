import {UcCommand, clusterFlags} from '../../cli/base.js'

export default class LicenseStatus extends UcCommand {
  static summary = "Show the cluster's licensing: Smart Licensing, Prime License Manager (and synchronization), SLR."
  static handler = 'license#status'
  static flags = {
    ...clusterFlags,
  }
}
