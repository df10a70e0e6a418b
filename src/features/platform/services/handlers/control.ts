import type {Ctx, Input} from '../../../../command/handler.js'
import {handler} from '../../../../command/handler.js'
import {FailedError} from '../../../../core/errors.js'
import {type ControlAction, type Transition, controlService} from '../control.js'
import {resolveServiceName} from '../services.js'
import {getService} from '../store.js'
import {listNodes} from '../../../world/cluster/store.js'
import type {ImOutcome} from '../../../paths/failover/imha.js'

interface ControlResult {
  action: ControlAction
  /** Per node: the final state, whether it changed, and the states it passed through. */
  results: Transition[]
  /** Cisco XCP Router on IM and Presence nodes: what the change did to the IM sessions (see docs/failover.md). */
  imSessions?: ImOutcome[]
}

function control(action: ControlAction) {
  return handler<ControlResult>({
    async run(ctx: Ctx, input: Input) {
      const name = resolveServiceName(input.argv)
      const reactions = await ctx.serviceChanges(name, action)
      let nodes = [ctx.node()]
      if (input.flags['all-nodes']) {
        nodes = listNodes(ctx.store, ctx.cluster().id).filter((n) => getService(ctx.store, n.id, name))
        if (nodes.length === 0)
          throw new FailedError(`No node of cluster ${ctx.cluster().name} runs ${name}.`, {code: 'SERVICE_NOT_ON_NODE'})
      }
      const {result: results, im} = reactions.withImOutcomes(ctx.store, () =>
        nodes.map((n) => controlService(ctx.store, ctx.clock, n, name, action, reactions)),
      )
      return im.length ? {action, results, imSessions: im} : {action, results}
    },
    human(ctx, r) {
      printTransitions(ctx, r.action, r.results)
      for (const o of (r.imSessions ?? []).filter((x) => x.users > 0)) ctx.out.line(`IM sessions: ${o.summary}`)
    },
  })
}

const VERB: Record<ControlAction, [string, string]> = {
  start: ['STARTED', 'Started'],
  stop: ['STOPPED', 'Stopped'],
  restart: ['RESTARTED', 'Restarted'],
  activate: ['ACTIVATED', 'Activated'],
  deactivate: ['DEACTIVATED', 'Deactivated'],
}

/** CUCM's service control output: a warning line, then the status as it polls, each line ending in two spaces. */
export function printTransitions(ctx: Ctx, action: ControlAction, transitions: Transition[]): void {
  const [upper, title] = VERB[action]
  const many = transitions.length > 1
  for (const t of transitions) {
    if (many) ctx.out.line(`${t.node}:`)
    ctx.out.line(
      ` Don't press Ctrl-c while the service is getting ${upper}.If Service has not ${title} Properly, execute the same Command Again`,
    )
    ctx.out.line('Service Manager is running')
    for (const s of t.states) ctx.out.line(`${t.service}[${s}]  `)
  }
}

export const start = control('start')
export const stop = control('stop')
export const restart = control('restart')
export const activate = control('activate')
export const deactivate = control('deactivate')
