import {Args, Flags} from '@oclif/core'
import {UcCommand, clusterFlags} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ClusterGraph extends UcCommand {
  static summary =
    'Draw a cluster: nodes by role, services not started, replication, HA pairs, groups, cloud reachability, onboarding.'
  static handler = body('cluster/graph', 'graph')
  static examples = [
    '<%= config.bin %> cluster graph lab',
    '<%= config.bin %> cluster graph lab -o lab.png',
    '<%= config.bin %> cluster graph lab --output lab.svg',
    '<%= config.bin %> cluster graph --format dot | dot -Tpdf > lab.pdf',
  ]
  /** The argument names a cluster (a pinned session may name only its own; completion offers clusters). */
  static clusterArg = 'name'
  static args = {
    name: Args.string({description: 'Cluster name (default: the current cluster)', required: false}),
  }
  static flags = {
    ...clusterFlags,
    format: Flags.string({
      description:
        'mermaid (default), dot (Graphviz), svg (laid out by Graphviz WebAssembly) or png (that SVG rendered by resvg); default from the --output extension.',
      options: ['mermaid', 'dot', 'svg', 'png'],
    }),
    output: Flags.string({
      char: 'o',
      description:
        'Write to this file instead of stdout; its extension chooses the format (.mmd, .dot, .gv, .svg, .png; others are refused).',
    }),
  }
}
