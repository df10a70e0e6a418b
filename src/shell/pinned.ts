import type {Input} from '../cli/handler.js'
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

/** Commands a pinned session never runs: they change which clusters exist or which one is current. */
const CLUSTER_CHANGES: Record<string, string> = {
  'cluster:create': 'create clusters',
  'cluster:delete': 'delete clusters',
  'cluster:use': 'change the current cluster',
}

/**
 * The most alarms one `sim alarm raise --count` may raise in an SSH session: sessions' commands run one at a time,
 * so one command must not hold the others for seconds (a million take about 10 s; raise them from the system shell).
 */
export const MAX_SSH_ALARM_COUNT = 10_000

export function checkPinned(commandId: string, input: Input, session: PinnedSession): void {
  const {node, cluster} = session
  if (commandId === 'sim:alarm:raise' && Number(input.flags.count ?? 1) > MAX_SSH_ALARM_COUNT) {
    throw new UsageError(`Over SSH, sim alarm raise --count takes at most ${MAX_SSH_ALARM_COUNT.toLocaleString('en-US')} (other sessions wait while it runs).`, {
      code: 'BAD_FLAG',
      fix: `Raise them in several commands, or run \`ucadmin sim alarm raise --count ${show(String(input.flags.count))}\` on the server's system shell.`,
    })
  }
  const what = CLUSTER_CHANGES[commandId]
  if (what) {
    throw new UsageError(`An SSH session stays in its cluster${cluster ? ` (${cluster})` : ''}: it cannot ${what}.`, {
      code: 'OTHER_CLUSTER',
      fix: `Run \`ucadmin ${commandId.replaceAll(':', ' ')}\` on the server's system shell.`,
    })
  }
  const n = input.flags.node as string | undefined
  if (n !== undefined && node && !same(n, node) && !session.otherNodes) {
    throw new UsageError(`This session is logged in to ${node}; it cannot run commands on ${show(n)}.`, {
      code: 'OTHER_NODE',
      fix: `Log in with an account whose node is ${show(n)} (ucadmin account add NAME --node ${show(n)}).`,
    })
  }
  const named: Array<string | undefined> = [input.flags.cluster as string | undefined, input.flags['source-cluster'] as string | undefined]
  if (commandId === 'cluster:show') named.push(input.args.name)
  for (const c of named) {
    if (c === undefined || (cluster && same(c, cluster))) continue
    throw new UsageError(
      cluster ? `This session is logged in to cluster ${cluster}; it cannot run commands on cluster ${show(c)}.` : `This session has no cluster; it cannot run commands on cluster ${show(c)}.`,
      {code: 'OTHER_CLUSTER', fix: `Log in with an account of cluster ${show(c)}.`},
    )
  }
}
