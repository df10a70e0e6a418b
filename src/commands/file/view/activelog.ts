import {Args} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class FileViewActivelog extends UcCommand {
  static summary = "Print a trace file; in the admin: shell on a terminal, page by page with CUCM's file pager."
  static handler = body('traces/file', 'view')
  static filePager = true
  static examples = ['<%= config.bin %> file view activelog cm/trace/ccmpns/log4j/ccmpns00000001.log']
  static args = {
    path: Args.string({description: 'The file, e.g. cm/trace/ccmpns/log4j/ccmpns00000001.log', required: true}),
  }
  static flags = {
    ...nodeFlags,
  }
}
