import {UcCommand} from '../cli/base.js'
import {body} from '../cli/bodies.js'

export default class Version extends UcCommand {
  static summary = 'Print the version of ucadmin (as --version does).'
  static handler = body('cluster/show', 'ucadminVersion')
  static examples = ['<%= config.bin %> version', '<%= config.bin %> version --json']
}
