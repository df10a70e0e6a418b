import {Args, Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ClusterExport extends UcCommand {
  static summary = 'Write a cluster as a lab file that `ucadmin apply -f` turns back into the same cluster.'
  static handler = body('labs/labs', 'exportLab')
  static examples = [
    '<%= config.bin %> cluster export lab > lab.yaml',
    '<%= config.bin %> cluster export lab --output lab.json',
    '<%= config.bin %> cluster export --all --output state.yaml',
  ]
  /** The argument names a cluster (a pinned session may name only its own; completion offers clusters). */
  static clusterArg = 'name'
  /** --all reads every cluster: refused in a pinned session. */
  static allClustersFlag = 'all'
  static args = {
    name: Args.string({description: 'Cluster name (default: the current cluster)', required: false}),
  }
  static flags = {
    ...clusterFlags,
    all: Flags.boolean({description: 'Every cluster of the state file, and which one is current.'}),
    output: Flags.string({char: 'o', description: 'Write to this file (mode 0600) instead of stdout.'}),
    format: Flags.string({
      description: 'yaml (default) or json (default for an --output ending in .json).',
      options: ['yaml', 'json'],
    }),
  }
}
