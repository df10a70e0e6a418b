import {Args, Flags} from '@oclif/core'
import {UcCommand, jsonFlag} from '../cli/base.js'
import {body} from '../cli/bodies.js'

export default class Diff extends UcCommand {
  static summary = 'Print what `apply -f FILE` would change; exit 0 when nothing, 1 when something (as kubectl diff).'
  static handler = body('labs/labs', 'diff')
  /** A lab file is read on the server and may create clusters and accounts: the server's own shell only. */
  static refusedOverSsh = {
    message: 'Lab files are applied on the server, not over SSH.',
    fix: "Run `ucadmin diff -f FILE` on the server's system shell.",
  }
  static examples = ['<%= config.bin %> diff -f labs/example.yaml', '<%= config.bin %> diff labs/example.yaml']
  static args = {
    file: Args.string({description: 'The lab file, as with -f.', required: false}),
  }
  static flags = {
    ...jsonFlag,
    file: Flags.string({char: 'f', description: 'The lab file (YAML or JSON), or - for stdin.'}),
  }
}
