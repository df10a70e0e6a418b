import type {Input} from '../command/handler.js'
import type {ManifestCommand} from './fast.js'
import {UsageError} from '../core/errors.js'
import {oneLine} from '../core/text.js'

/**
 * What an SSH session may not do: it stays on its node and in its cluster. A session's commands may not name
 * another node or cluster (`--node`, `--cluster`, `token procedure --source-cluster`, `cluster show B`), and may not
 * create or delete clusters or change the state file's current cluster (`cluster create`, `cluster delete`,
 * `cluster use`), which would change what every other user of the state file sees. Checked before the command runs,
 * so a refused command changes nothing (exit 2).
 */
export interface PinnedSession {
  node?: string
  cluster?: string
  /**
   * An HTTPS door (the administration pages) may name another node of its cluster, as Control Center's Server
   * drop-down does on a real node; the cluster stays pinned.
   */
  otherNodes?: boolean
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase()
const show = (s: string) => oneLine(s, 80)

/** Checks a command line against the session's pin, from the command's policy fields (src/run/fast.ts). */
export function checkPinned(command: ManifestCommand, input: Input, session: PinnedSession): void {
  const {node, cluster} = session
  const typed = command.id.replaceAll(':', ' ')
  for (const [flag, max] of Object.entries(command.sshFlagMax ?? {})) {
    if (Number(input.flags[flag] ?? 1) <= max) continue
    throw new UsageError(
      `Over SSH, ${typed} --${flag} takes at most ${max.toLocaleString('en-US')} (other sessions wait while it runs).`,
      {
        code: 'BAD_FLAG',
        fix: `Split it into several commands, or run \`ucadmin ${typed} --${flag} ${show(String(input.flags[flag]))}\` on the server's system shell.`,
      },
    )
  }
  if (command.allClustersFlag && input.flags[command.allClustersFlag] === true) {
    throw new UsageError(
      `An SSH session stays in its cluster${cluster ? ` (${cluster})` : ''}: it cannot run ${typed} --${command.allClustersFlag}.`,
      {
        code: 'OTHER_CLUSTER',
        fix: `Drop --${command.allClustersFlag} (the session acts on its own cluster), or run \`ucadmin ${typed} --${command.allClustersFlag}\` on the server's system shell.`,
      },
    )
  }
  const what = command.changesClusters
  if (what) {
    throw new UsageError(`An SSH session stays in its cluster${cluster ? ` (${cluster})` : ''}: it cannot ${what}.`, {
      code: 'OTHER_CLUSTER',
      fix: `Run \`ucadmin ${typed}\` on the server's system shell.`,
    })
  }
  const n = input.flags.node as string | undefined
  if (n !== undefined && node && !same(n, node) && !session.otherNodes) {
    throw new UsageError(`This session is logged in to ${node}; it cannot run commands on ${show(n)}.`, {
      code: 'OTHER_NODE',
      fix: `Log in with an account whose node is ${show(n)} (ucadmin account add NAME --node ${show(n)}).`,
    })
  }
  const named: Array<string | undefined> = [
    input.flags.cluster as string | undefined,
    input.flags['source-cluster'] as string | undefined,
  ]
  if (command.clusterArg) named.push(input.args[command.clusterArg])
  for (const c of named) {
    if (c === undefined || (cluster && same(c, cluster))) continue
    throw new UsageError(
      cluster
        ? `This session is logged in to cluster ${cluster}; it cannot run commands on cluster ${show(c)}.`
        : `This session has no cluster; it cannot run commands on cluster ${show(c)}.`,
      {code: 'OTHER_CLUSTER', fix: `Log in with an account of cluster ${show(c)}.`},
    )
  }
}
