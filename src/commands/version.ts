import {Command, Flags} from '@oclif/core'

export default class Version extends Command {
  static summary = 'Print the version of ucadmin (as --version does).'
  static examples = ['<%= config.bin %> version', '<%= config.bin %> version --json']
  static flags = {
    json: Flags.boolean({description: 'Print the result as one JSON document on stdout.', helpGroup: 'GLOBAL'}),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Version)
    const c = this.config
    if (flags.json) {
      this.log(JSON.stringify({name: c.name, version: c.version, node: process.version, platform: `${c.platform}-${c.arch}`}, null, 2))
    } else {
      this.log(c.userAgent)
    }
  }
}
