import {Args, Flags} from '@oclif/core'
import {UcCommand, tenantsNotOverSsh} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export const dirFlag = {
  dir: Flags.string({description: 'The folder given to serve ssh|https --tenants [env: UCADMIN_TENANTS].'}),
}

export default class TenantsShow extends UcCommand {
  static summary = 'Show one tenant: its file, last login, simulated clock, clusters, snapshots and size.'
  static refusedOverSsh = tenantsNotOverSsh('tenants show')
  static handler = body('tenants/tenants', 'show')
  static examples = ['<%= config.bin %> tenants show alice --dir ./class']
  static args = {name: Args.string({description: 'The tenant (its account name).', required: true})}
  static flags = {...dirFlag}
}
