import {UcCommand} from '../cli/base.js'
import {body} from '../cli/bodies.js'

export default class Demo extends UcCommand {
  static summary = 'Run the demo: the whole Push Notifications story, on a fresh state file in a temporary folder.'
  static description =
    'Runs scripts/demo.sh from wherever ucadmin is installed: two clusters from labs/example.yaml, the task flow to a 200 test push, a machine token breaking and the manual refresh-token procedure repairing it. Your state file (UCADMIN_DB) is not touched.'
  static handler = body('labs/labs', 'demo')
  static refusedInSession = {
    message: 'The demo runs ucadmin processes of its own: run it from your system shell.',
    fix: 'Run `ucadmin demo` from your system shell.',
  }
  static examples = ['<%= config.bin %> demo']
}
