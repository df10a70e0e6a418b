import {Args} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class FileSearchActivelog extends UcCommand {
  static summary =
    'Search trace files for lines matching a regular expression (options: ignorecase, reltime days|hours|minutes N).'
  static handler = body('traces/file', 'search')
  static strict = false
  static examples = [
    "<%= config.bin %> file search activelog 'cm/trace/ccmpns/log4j/*' 'Response received : 400'",
    "<%= config.bin %> file search activelog 'cm/trace/ccmpns/log4j/*' fetchandstore ignorecase reltime hours 2",
  ]
  static args = {
    path: Args.string({description: 'File, folder or glob, e.g. cm/trace/ccmpns/log4j/*', required: true}),
    regexp: Args.string({description: 'The regular expression to find', required: true}),
  }
  static flags = {...nodeFlags}
}
