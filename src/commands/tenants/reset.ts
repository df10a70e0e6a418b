import {Args} from '@oclif/core'
import {UcCommand, tenantsNotOverSsh, yesFlag} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'
import {dirFlag} from './show.js'

export default class TenantsReset extends UcCommand {
  static summary = "Put a tenant's lab back to the template (between exercises); its snapshots are kept."
  static refusedOverSsh = tenantsNotOverSsh('tenants reset')
  static handler = body('tenants/tenants', 'reset')
  static examples = ['<%= config.bin %> tenants reset alice --dir ./class --yes']
  static args = {name: Args.string({description: 'The tenant (its account name).', required: true})}
  static flags = {...yesFlag, ...dirFlag}
}
