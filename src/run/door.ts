import {UsageError} from '../core/errors.js'
import type {Input} from '../command/handler.js'
import {type Manifest, type ManifestCommand, matchCommand} from './fast.js'
import {parseInput, parseRawWords} from './parse.js'
import {type PinnedSession, checkPinned} from './pinned.js'
import {type RunOptions, reportError, runHandler} from './runner.js'

/**
 * Running a command through a door other than argv (the admin: shell, SSH sessions, the HTTPS server): the command
 * named by words, its input through the one parser, and the door's rules taken from the command's policy fields in
 * the manifest (src/run/fast.ts, CommandPolicy). A new door needs no list of command ids.
 */

/** Where a command comes in: the local `ucadmin shell`, an SSH session, or the HTTPS server. */
export type DoorKind = 'shell' | 'ssh' | 'https'

/** Doors that serve other machines: they refuse what acts on the server's files or the whole state file. */
const remote = (kind: DoorKind) => kind !== 'shell'

/** Why a command may not run through this door, if it may not: from its policy fields. */
export function doorRefusal(c: ManifestCommand, kind: DoorKind, ownLab = false): UsageError | undefined {
  const typed = c.id.replaceAll(':', ' ')
  if (c.session) {
    return new UsageError(`\`${typed}\` cannot run inside the admin: shell.`, {
      code: 'NOT_IN_SESSION',
      fix: 'Run it from your system shell: ucadmin ' + typed,
    })
  }
  // A tenant's session may act on its own lab as a whole (its snapshots), never on the server's files.
  const refused = (remote(kind) && !(ownLab && c.ownLab) && c.refusedOverSsh) || c.refusedInSession
  if (refused) return new UsageError(refused.message, {code: 'NOT_IN_SESSION', fix: refused.fix})
  if (!c.handler)
    return new UsageError(`\`${typed}\` cannot run inside the admin: shell.`, {
      code: 'NOT_IN_SESSION',
      fix: 'Run it from your system shell.',
    })
  return undefined
}

export interface DoorOptions {
  kind: DoorKind
  manifest: Manifest
  /** The node and cluster the door is pinned to: commands may not name others (see pinned.ts). */
  pinned?: PinnedSession
  /** The session's state file is its own (a tenant's lab): commands with the ownLab policy may run over SSH. */
  ownLab?: boolean
}

/** Checks a parsed command against the door's rules (pin, files on the server); throws a UsageError. */
export function checkDoor(command: ManifestCommand, input: Input, o: DoorOptions): void {
  if (o.pinned) checkPinned(command, input, o.pinned)
  // A remote door never reads a file of the server (another tenant's lab, a password file): no paths in flags.
  const named = remote(o.kind)
    ? command.fileFlags?.find((f) => typeof input.flags[f] === 'string' && input.flags[f] !== '-')
    : undefined
  if (named) {
    throw new UsageError(
      `A session over ${o.kind === 'ssh' ? 'SSH' : 'HTTPS'} cannot read files on the server (--${named}).`,
      {
        code: 'NOT_IN_SESSION',
        fix: `Give the text in the command itself, or run \`ucadmin ${command.id.replaceAll(':', ' ')} --${named} PATH\` on the server's system shell.`,
      },
    )
  }
  const snapshot = command.ownLab?.arg === undefined ? undefined : input.args[command.ownLab.arg]
  if (remote(o.kind) && snapshot !== undefined && (snapshot.includes('/') || snapshot.includes('\\'))) {
    throw new UsageError(
      `Over ${o.kind === 'ssh' ? 'SSH' : 'HTTPS'} a snapshot is named, not given as a path (a path names a file of the server).`,
      {
        code: 'NOT_IN_SESSION',
        fix: `Give a name: \`${command.id.replaceAll(':', ' ')} NAME\` (see \`state list\`).`,
      },
    )
  }
  // A remote door never writes files on the server (cluster export|graph --output).
  if (remote(o.kind) && input.flags.output !== undefined) {
    throw new UsageError(`A session over ${o.kind === 'ssh' ? 'SSH' : 'HTTPS'} cannot write files on the server.`, {
      code: 'NOT_IN_SESSION',
      fix: 'Drop --output: the result is printed to your session.',
    })
  }
}

/** The command named by WORDS and its input, through the one parser and the door's rules; throws a UsageError. */
export function planWords(words: string[], o: DoorOptions): {ref: string; input: Input; command: ManifestCommand} {
  const match = matchCommand(o.manifest, words)
  if (!match)
    throw new UsageError(
      `"${words
        .filter((w) => !w.startsWith('-'))
        .slice(0, 4)
        .join(' ')}" is not a command.`,
      {code: 'UNKNOWN_COMMAND', fix: 'See `ucadmin --help`.'},
    )
  const no = doorRefusal(match.command, o.kind, o.ownLab)
  if (no) throw no
  const fix = {fix: `See \`ucadmin ${match.words.join(' ')} --help\`.`}
  const input = match.command.rawWords
    ? parseRawWords(match.command.flags, match.rest, fix)
    : parseInput(match.command, match.rest, fix)
  checkDoor(match.command, input, o)
  return {ref: match.command.handler!, input, command: match.command}
}

/**
 * Runs a command given as words (['utils', 'service', 'restart', 'Cisco Tomcat']) through a door: the one parser,
 * the command's policy, the runner (one transaction, the CLI's output and exit codes). Never throws.
 */
export async function runWords(words: string[], o: DoorOptions & RunOptions): Promise<number> {
  try {
    const {ref, input} = planWords(words, o)
    return await runHandler(ref, input, o)
  } catch (error) {
    return reportError(error, {io: o.io, env: o.env, json: words.includes('--json')})
  }
}
