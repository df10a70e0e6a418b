import {UcCommand, tenantsNotOverSsh} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'
import {dirFlag} from './show.js'

export default class TenantsList extends UcCommand {
  static summary = 'List the tenants of a serve ssh|https --tenants folder: last login, simulated clock, size, cluster.'
  static refusedOverSsh = tenantsNotOverSsh('tenants list')
  static handler = body('tenants/tenants', 'list')
  static examples = [
    '<%= config.bin %> tenants list --dir ./class',
    '<%= config.bin %> tenants list --dir ./class --json',
  ]
  static flags = {...dirFlag}
}
