import {Args, Flags} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class RunSql extends UcCommand {
  static summary =
    "Run one SELECT, INSERT, UPDATE or DELETE on the node's copy of the CUCM database, as `run sql` does."
  static description = `The statement follows as words (as on CUCM) or as one quoted argument; quote it in a shell, since the shell
expands * and removes quotes: ucadmin run sql "select * from machineaccountdetails". Or pass --file PATH, or - to read
it from stdin. Words are taken as they are (-1, --x inside SQL are not flags); only --json, --node HOST, --cluster NAME
and --file PATH are flags, before or after the statement (in bash and in the admin: shell alike), and -- ends them; a
statement whose SQL comment spells one of them is refused. SELECT reads the node's own replica; a write goes to the
CUCM publisher and replicates to every node. Informix forms such as "select first 5 * from processnode" work.`
  static fileFlags = ['file']
  static handler = body('cucmdb/sql', 'runSql')
  static strict = false
  static rawWords = true
  static examples = [
    '<%= config.bin %> run sql "select * from machineaccountdetails"',
    '<%= config.bin %> run sql "select first 5 name, tknodeusage from processnode" --node cucm-sub1',
    `<%= config.bin %> run sql "update machineaccountdetails set refreshtoken='TOKEN' where pkid='PKID'"`,
    '<%= config.bin %> run sql --file statement.sql',
    'echo "select pkid from machineaccountdetails" | <%= config.bin %> run sql -',
  ]
  static args = {
    statement: Args.string({description: 'The SQL statement, as words or one quoted argument (- reads stdin)'}),
  }
  static flags = {
    ...nodeFlags,
    file: Flags.string({description: 'Read the statement from this file.'}),
  }
}
