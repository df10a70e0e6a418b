import {Args, Flags} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'
import {MAX_TAIL_LINES} from '../../../features/platform/traces/traces.js'

export default class FileTailActivelog extends UcCommand {
  static summary = 'Print the last lines of a trace file (of the newest file when PATH is a folder or a glob).'
  static handler = body('traces/file', 'tail')
  static strict = false
  static examples = ['<%= config.bin %> file tail activelog cm/trace/ccmpns/log4j/ --lines 20']
  static args = {
    path: Args.string({description: 'File, folder or glob, e.g. cm/trace/ccmpns/log4j/*.log', required: true}),
  }
  static flags = {
    ...nodeFlags,
    lines: Flags.integer({
      char: 'n',
      description: 'How many lines (1..100000, default 10; a trailing number works too, as on CUCM).',
      min: 1,
      max: MAX_TAIL_LINES,
    }),
  }
}
