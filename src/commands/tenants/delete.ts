import {Args} from '@oclif/core'
import {UcCommand, tenantsNotOverSsh, yesFlag} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'
import {dirFlag} from './show.js'

export default class TenantsDelete extends UcCommand {
  static summary = "Delete a tenant's lab and snapshots; its next login starts afresh from the template."
  static refusedOverSsh = tenantsNotOverSsh('tenants delete')
  static handler = body('tenants/tenants', 'remove')
  static examples = ['<%= config.bin %> tenants delete alice --dir ./class --yes']
  static args = {name: Args.string({description: 'The tenant (its account name).', required: true})}
  static flags = {...yesFlag, ...dirFlag}
}
