import {Args} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class FileListActivelog extends UcCommand {
  static summary = 'List trace folders and files under the active log partition of the node.'
  static handler = body('traces/file', 'list')
  static strict = false
  static examples = ['<%= config.bin %> file list activelog cm/trace/ccmpns/log4j/']
  static args = {
    path: Args.string({description: 'Folder, e.g. cm/trace/ccmpns/log4j/', required: false}),
  }
  static flags = {
    ...nodeFlags,
  }
}
