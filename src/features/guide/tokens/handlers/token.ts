import type {Ctx} from '../../../../command/handler.js'
import {handler} from '../../../../command/handler.js'
import {type ProcedureResult, type ProcedureStep, runTokenProcedure} from '../procedure.js'
import {type NodeTokenStatus, tokenStatus} from '../tokens.js'
import {cucmTable} from '../../../../render/table.js'
import {hintForm} from '../../../../core/text.js'

export const status = handler<{cluster: string; nodes: NodeTokenStatus[]}>({
  write: false,
  run(ctx) {
    const c = ctx.cluster()
    return {cluster: c.name, nodes: tokenStatus(ctx.store, ctx.clock, c)}
  },
  async human(ctx, r) {
    ctx.out.lines(
      await cucmTable(
        ['node', 'refreshtoken', 'accesstokenexpiry', 'valid', 'detail'],
        r.nodes.map((n) => [
          n.node,
          n.refreshTokenFingerprint ?? 'NULL',
          n.accessTokenExpiresAt ?? 'NULL',
          n.valid ? 't' : 'f',
          hintForm(ctx.env, n.detail),
        ]),
      ),
    )
  },
})

function printStep(ctx: Ctx, s: ProcedureStep): void {
  if (ctx.json) return
  const st = ctx.style
  ctx.out.line(`${s.ok ? st.ok('PASS') : st.bad('FAIL')}  Step ${s.step}. ${s.title}`)
  for (const l of s.cli) ctx.out.line(`      admin:${l}`)
  ctx.out.line(`      ${hintForm(ctx.env, s.detail)}`)
}

export const procedure = handler<ProcedureResult>({
  ownTransactions: true,
  async run(ctx, {flags}) {
    const cluster = ctx.cluster()
    const io = {
      stepDone: (s: ProcedureStep) => printStep(ctx, s),
      confirm: (q: string) => ctx.confirm(q),
      atomic: <T>(fn: () => T) => ctx.store.atomic(fn),
    }
    return runTokenProcedure(
      ctx.store,
      ctx.clock,
      cluster,
      flags['source-cluster'] as string,
      io,
      await ctx.serviceChanges(),
    )
  },
  human(ctx, r) {
    ctx.out.line(
      r.ok
        ? `The refresh token of ${r.cluster} was updated from ${r.sourceCluster} on every node.`
        : `Step ${r.failedStep} failed; fix it and run the procedure again to resume.`,
    )
  },
  exitCode: (r) => (r.ok ? 0 : 1),
})
