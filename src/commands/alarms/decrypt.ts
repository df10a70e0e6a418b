import {Flags} from '@oclif/core'
import {UcCommand} from '../../cli/base.js'
import {body} from '../../cli/bodies.js'

export default class AlarmsDecrypt extends UcCommand {
  static summary = 'Decrypt the PII of an uploaded alarm batch with the Cisco Support Token, as Cisco TAC would.'
  static description =
    'The token comes from --token-stdin (first line of stdin), --token or UCADMIN_SUPPORT_TOKEN; it is never printed. The batch comes from the outbox (--batch) or a file holding the uploaded JSON (--file, - for stdin).'
  static fileFlags = ['file']
  static handler = body('alarms/alarms', 'decrypt')
  static examples = [
    'printf "%s\\n" "$TOKEN" | <%= config.bin %> alarms decrypt --batch 1 --token-stdin',
    'UCADMIN_SUPPORT_TOKEN=... <%= config.bin %> alarms decrypt --file received-batch.json --json',
  ]
  static flags = {
    batch: Flags.string({description: 'Batch number or batch id in the outbox.'}),
    file: Flags.string({description: 'File holding an uploaded batch (JSON), - for stdin.'}),
    token: Flags.string({
      description:
        'Cisco Support Token (prefer --token-stdin or UCADMIN_SUPPORT_TOKEN: command lines are visible to other users).',
    }),
    'token-stdin': Flags.boolean({description: 'Read the Cisco Support Token from the first line of stdin.'}),
  }
}
