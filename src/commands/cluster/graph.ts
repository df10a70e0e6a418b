import {Args, Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ClusterGraph extends UcCommand {
  static summary = 'Draw a cluster: nodes by role, services not started, replication, HA pairs, groups, cloud reachability, onboarding.'
  static handler = body('cluster/graph', 'graph')
  static clusterArg = 'name'
  static examples = ['<%= config.bin %> cluster graph lab', '<%= config.bin %> cluster graph lab --format svg --output lab.svg', '<%= config.bin %> cluster graph --format dot | dot -Tpng > lab.png']
  static args = {
    name: Args.string({description: 'Cluster name (default: the current cluster)', required: false}),
  }
  static flags = {
    ...clusterFlags,
    format: Flags.string({description: 'mermaid (default), dot (Graphviz) or svg (laid out by Graphviz WebAssembly); default from the --output extension.', options: ['mermaid', 'dot', 'svg']}),
    output: Flags.string({char: 'o', description: 'Write to this file instead of stdout.'}),
  }
}
