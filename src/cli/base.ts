import {Command, Flags} from '@oclif/core'
import {pathToFileURL} from 'node:url'

import type {Input} from './handler.js'
import {systemStreams} from './io.js'
import {currentRun} from './oclif-context.js'
import {runHandler} from './runner.js'
import {type WordFlag, parseWords} from './words.js'

/** Flags every command has. */
export const jsonFlag = {
  json: Flags.boolean({description: 'Print the result as one JSON document on stdout.', helpGroup: 'GLOBAL'}),
}

/** Flags of commands that act on a cluster. */
export const clusterFlags = {
  ...jsonFlag,
  cluster: Flags.string({description: 'Cluster to act on [env: UCADMIN_CLUSTER] (default: the current one, else the only one).', helpGroup: 'GLOBAL'}),
}

/** Flags of commands that act on one node, as if logged in to its admin: CLI. */
export const nodeFlags = {
  ...clusterFlags,
  node: Flags.string({description: 'Node to run on [env: UCADMIN_NODE] (default: the CUCM publisher).', helpGroup: 'GLOBAL'}),
}

export const yesFlag = {
  yes: Flags.boolean({char: 'y', description: 'Do not ask for confirmation.'}),
}

/**
 * The base of every ucadmin command. A command class only declares its interface (flags, args, help) and names its
 * body (`static handler = 'module#export'` under src/handlers); parsing is oclif's, the body runs through the
 * shared runner, which the fast path and the shell also use.
 */
export abstract class UcCommand extends Command {
  static handler: string
  /** Instead of a handler: a long-running command (`path#export` under src), see src/cli/session.ts. */
  static session?: string
  static baseFlags = jsonFlag
  /** Take the positional words verbatim, as `run sql` needs (see parseWords); only the command's long flags count. */
  static rawWords = false

  async run(): Promise<void> {
    const ctor = this.constructor as typeof UcCommand
    let input: Input
    if (ctor.rawWords) {
      const parsed = parseWords({...ctor.baseFlags, ...ctor.flags} as Record<string, WordFlag>, this.argv)
      if (typeof parsed === 'string') this.error(parsed, {exit: 2})
      input = parsed
    } else {
      const {flags, args, argv} = await this.parse(ctor)
      input = {flags, args: args as Record<string, string | undefined>, argv: argv as string[]}
    }
    // Run through runArgv (always, from bin/run.js and bin/dev.js): that run's streams, environment and exit code.
    // Loaded by oclif some other way (oclif readme, a plugin): the process's own.
    const run = currentRun()
    const io = run?.io ?? systemStreams()
    const env = run?.env ?? process.env
    let code: number
    if (ctor.session) {
      const {runSession} = await import('./session.js')
      code = await runSession(ctor.session, input, {io, env, root: pathToFileURL(this.config.root + '/')})
    } else {
      code = await runHandler(ctor.handler, input, {io, env})
    }
    if (run) run.code = code
    else if (code) process.exitCode = code
  }
}
