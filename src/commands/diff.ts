import {Args, Flags} from '@oclif/core'
import {UcCommand, jsonFlag} from '../cli/base.js'
import {body} from '../cli/bodies.js'

export default class Diff extends UcCommand {
  static summary = 'Print what `apply -f FILE` would change; exit 0 when nothing, 1 when something (as kubectl diff).'
  static handler = body('labs/labs', 'diff')
  static examples = ['<%= config.bin %> diff -f labs/example.yaml', '<%= config.bin %> diff labs/example.yaml']
  static args = {
    file: Args.string({description: 'The lab file, as with -f.', required: false}),
  }
  static flags = {
    ...jsonFlag,
    file: Flags.string({char: 'f', description: 'The lab file (YAML or JSON), or - for stdin.'}),
  }
}
