import {Flags} from '@oclif/core'
import {UcCommand, nodeFlags} from '../cli/base.js'

export default class Shell extends UcCommand {
  static summary =
    'The admin: prompt: run CUCM commands (utils, run sql, show, file) and ucadmin topics in one session.'
  static description =
    'On a terminal: an admin: prompt with history, tab completion, help, quit/exit and CUCM paging (`set cli pagination off`). With stdin not a terminal: script mode, one command per line (# comments and blank lines skipped), output exactly as the CLI prints it; it stops at the first failing command with that exit code, or with --keep-going runs every line and exits with the worst code seen. --node/--cluster apply to every command that does not name its own. With --json (script mode only) every command runs as with --json and the shell prints one JSON document per command, one per line (JSON Lines): {line, command, exitCode, result} or {line, command, exitCode, error}.'
  static session = 'shell/main#shell'
  static examples = [
    '<%= config.bin %> shell',
    '<%= config.bin %> shell --node imp-pub',
    'printf "utils service restart Cisco Tomcat\\nshow status\\n" | <%= config.bin %> shell',
    '<%= config.bin %> shell --keep-going < checks.txt',
    '<%= config.bin %> shell --json --keep-going < scenario.txt',
  ]
  static flags = {
    ...nodeFlags,
    'keep-going': Flags.boolean({
      description: 'Script mode: run every line even after a failure; exit with the worst exit code seen.',
    }),
  }
}
