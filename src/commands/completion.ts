import {Args} from '@oclif/core'
import {UcCommand} from '../cli/base.js'

export default class Completion extends UcCommand {
  static summary =
    'Print the bash or zsh completion script: commands, flags and values (service names, hosts, clusters, platforms, parameters, lab files).'
  static description =
    'Add `eval "$(ucadmin completion bash)"` to ~/.bashrc, or `eval "$(ucadmin completion zsh)"` to ~/.zshrc after compinit. The script asks `ucadmin completion complete -- WORDS...` for the candidates of the word at the cursor.'
  static session = 'shell/completion#completion'
  static strict = false
  static rawWords = true
  static examples = ['eval "$(<%= config.bin %> completion bash)"', 'eval "$(<%= config.bin %> completion zsh)"']
  static args = {
    shell: Args.string({description: 'bash or zsh (complete: the candidates for the words after --)', required: true}),
  }
}
