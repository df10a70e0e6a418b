import {Args, Flags} from '@oclif/core'
import {UcCommand} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class ClusterCreate extends UcCommand {
  static summary =
    'Create a simulated cluster: CUCM publisher and subscribers, IM and Presence nodes, default services.'
  static handler = body('cluster/cluster', 'create')
  static changesClusters = 'create clusters'
  static examples = [
    '<%= config.bin %> cluster create lab --version 14SU3 --publisher cucm-pub --subscriber cucm-sub1 --imp-publisher imp-pub',
    "<%= config.bin %> cluster create old --version '11.5(1)SU8' --publisher pub115 --licensing plm",
  ]
  static args = {
    name: Args.string({description: 'Cluster name', required: true}),
  }
  static flags = {
    version: Flags.string({description: 'Release, e.g. 11.5(1)SU8, 12.5(1)SU3, 14SU3, 15SU1.', required: true}),
    publisher: Flags.string({description: 'Host name of the CUCM publisher.', required: true}),
    subscriber: Flags.string({description: 'Host name of a CUCM subscriber (repeatable).', multiple: true}),
    'imp-publisher': Flags.string({description: 'Host name of the IM and Presence publisher.'}),
    'imp-subscriber': Flags.string({
      description: 'Host name of an IM and Presence subscriber (repeatable).',
      multiple: true,
    }),
    licensing: Flags.string({
      description: 'Licensing mode (default: plm before 12.0, smart from 12.0).',
      options: ['smart', 'plm', 'slr', 'none'],
    }),
    seed: Flags.string({
      description:
        'Derive tokens, pkids, vouchers and cluster IDs from this number (reproducible labs) [env: UCADMIN_SEED].',
    }),
    'if-not-exists': Flags.boolean({
      description: 'Exit 0 without changes when the cluster already exists as described.',
    }),
  }
}
