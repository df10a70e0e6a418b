import {existsSync} from 'node:fs'

import {readManifest} from '../run/fast.js'
import type {SessionMain} from '../command/session.js'
import {FailedError, UsageError} from '../core/errors.js'
import {defaultDbPath, openOptions} from '../store/db.js'
import {Store} from '../store/store.js'
import {makeCompleter} from './complete.js'
import {storeValues, type ValueSource} from './values.js'

/** Sourced by bash: asks `ucadmin completion complete -- WORDS...` for the word at the cursor. */
const BASH = `# ucadmin completion for bash: eval "$(ucadmin completion bash)" (e.g. in ~/.bashrc)
_ucadmin_complete() {
  local cur=\${COMP_WORDS[COMP_CWORD]} IFS=$'\\n' c
  local out
  out=$(ucadmin completion complete -- "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null) || return 0
  COMPREPLY=()
  if [[ $out == ':files' ]]; then
    compopt -o filenames 2>/dev/null
    COMPREPLY=($(compgen -f -- "$cur"))
    return 0
  fi
  for c in $out; do COMPREPLY+=("$(printf '%q' "$c")"); done
}
complete -F _ucadmin_complete ucadmin
`

/** Sourced by zsh (compinit loaded): the same protocol through compadd. */
const ZSH = `# ucadmin completion for zsh: eval "$(ucadmin completion zsh)" (after compinit, e.g. in ~/.zshrc)
_ucadmin() {
  local -a out
  out=(\${(f)"$(ucadmin completion complete -- "\${(@)words[2,CURRENT]}" 2>/dev/null)"})
  if [[ \${out[1]} == ':files' ]]; then _files; return; fi
  (( \${#out} )) && compadd -- "\${out[@]}"
}
compdef _ucadmin ucadmin
`

/**
 * \`ucadmin completion bash|zsh\` prints the script that wires completion into that shell; \`ucadmin completion
 * complete -- WORDS...\` (what the scripts call) prints the candidates for the last word, one per line: command
 * words, flags, and values (service names, hosts, clusters, options such as platforms, parameter ids; \`:files\`
 * where a local path goes), from the same completer as the admin: prompt.
 */
export const completion: SessionMain = async (input, {io, env, root}) => {
  const [what, ...words] = input.argv
  if (what === 'bash' || what === 'zsh') {
    const script = what === 'bash' ? BASH : ZSH
    // --json, as every command: one document with the script in it.
    if (input.flags.json === true || words.includes('--json'))
      io.out.write(JSON.stringify({shell: what, script}, null, 2) + '\n')
    else io.out.write(script)
    return 0
  }
  if (what !== 'complete')
    throw new UsageError(`Unknown shell "${what ?? ''}".`, {
      code: 'USAGE',
      fix: 'Use `ucadmin completion bash` or `ucadmin completion zsh`.',
    })
  const manifest = readManifest(root)
  if (!manifest) throw new FailedError('oclif.manifest.json is missing.', {fix: 'Run `npm run build`.'})
  const path = defaultDbPath(env)
  // Completion never creates the state file: without one there are no hosts or clusters to offer.
  const store = existsSync(path) ? Store.open(path, openOptions(env)) : undefined
  try {
    const none: ValueSource = {hosts: () => [], clusters: () => [], params: () => []}
    const values: ValueSource = {...(store ? storeValues(store) : none), files: () => [':files']}
    const complete = makeCompleter(manifest, (c) => !(c as {hidden?: boolean}).hidden, values)
    const typed = words.length ? words : ['']
    const partial = typed.at(-1)!
    const [cands, replaced] = complete(typed.join(' '))
    // The completer may replace several words (a service name); the shell replaces only the word at the cursor.
    const cut = Math.max(replaced.length - partial.length, 0)
    const out = [...new Set(cands.map((c) => c.slice(cut)))].filter(Boolean)
    if (out.length) io.out.write(out.join('\n') + '\n')
    return 0
  } finally {
    store?.close()
  }
}
