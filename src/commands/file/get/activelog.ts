import {Args, Flags} from '@oclif/core'
import {UcCommand, nodeFlags} from '../../../cli/base.js'
import {body} from '../../../cli/bodies.js'

export default class FileGetActivelog extends UcCommand {
  static summary = 'Copy trace files of the node to a local folder (CUCM sends them to an SFTP server); not over SSH.'
  static handler = body('traces/file', 'get')
  static refusedOverSsh = {
    message: 'A session over SSH cannot write files on the server.',
    fix: 'Read them here with `file view activelog FILE` or `file tail activelog FILE`.',
  }
  static examples = ["<%= config.bin %> file get activelog 'cm/trace/ccmpns/log4j/*' --to ./traces"]
  static args = {
    path: Args.string({description: 'File, folder or glob, e.g. cm/trace/ccmpns/log4j/*', required: true}),
  }
  static flags = {
    ...nodeFlags,
    to: Flags.string({
      description: 'Local folder to copy into (default: the current folder); files land under TO/HOST/PATH.',
    }),
  }
}
