import {Args, Flags} from '@oclif/core'
import {UcCommand, jsonFlag} from '../cli/base.js'
import {body} from '../cli/bodies.js'

export default class Apply extends UcCommand {
  static summary =
    'Make the state what a lab file (YAML or JSON) describes: clusters, onboarding, parameters, Expressway, groups, clients, SSH accounts.'
  static description =
    'Walks the same procedure a person would (voucher, saves, the restarts they ask for), and only what differs: applying the same file again changes nothing ("0 changed"). The file is checked against data/lab.schema.json first; every problem is printed with its line, and nothing is changed when there is one.'
  static handler = body('labs/labs', 'apply')
  /** A lab file is read on the server and may create clusters and accounts: the server's own shell only. */
  static refusedOverSsh = {
    message: 'Lab files are applied on the server, not over SSH.',
    fix: "Run `ucadmin apply -f FILE` on the server's system shell.",
  }
  static examples = [
    '<%= config.bin %> apply -f labs/example.yaml',
    '<%= config.bin %> apply labs/example.yaml --dry-run',
    'cat lab.json | <%= config.bin %> apply -f -',
  ]
  static args = {
    file: Args.string({
      description: 'The lab file, as with -f (kubectl takes only -f; ucadmin takes both).',
      required: false,
    }),
  }
  static flags = {
    ...jsonFlag,
    file: Flags.string({char: 'f', description: 'The lab file (YAML or JSON), or - for stdin.'}),
    'dry-run': Flags.boolean({description: 'Print the plan (what apply would do) and change nothing.'}),
    seed: Flags.string({
      description: 'Seed of the clusters the file creates without a seed of their own [env: UCADMIN_SEED].',
    }),
  }
}
