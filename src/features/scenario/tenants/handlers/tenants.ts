import {askOnTerminal, type Ctx, handler} from '../../../../command/handler.js'
import {FailedError} from '../../../../core/errors.js'
import {
  type TenantInfo,
  checkTenantName,
  deleteTenant,
  resetTenant,
  tenantInfo,
  tenantNames,
  tenantsDir,
} from '../dir.js'

/**
 * `ucadmin tenants list|show|reset|delete --dir DIR`: the trainer's view of the folder `serve ssh --tenants DIR`
 * serves. They read and write the tenants' files directly (no server needed; one may be running).
 */

const dirOf = (flags: Record<string, unknown>, env: Ctx['env']) =>
  tenantsDir((flags.dir as string | undefined) ?? env.UCADMIN_TENANTS)

async function confirmed(ctx: Ctx, yes: boolean, question: string): Promise<void> {
  if (yes || ctx.json || !ctx.io.stdinIsTTY || !ctx.io.stdoutIsTTY) return
  if (!(await askOnTerminal(ctx.io, question)))
    throw new FailedError('Cancelled; nothing was changed.', {code: 'CANCELLED'})
}

const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`
const when = (iso: string | null) => (iso ? iso.replace(/\.\d+Z$/, 'Z') : 'never')

function describe(t: TenantInfo): string {
  if (t.problem) return `unusable: ${t.problem}`
  return `${t.current ?? (t.clusters.length ? '(none current)' : '(no clusters)')}${t.clusters.length > 1 ? ` (clusters ${t.clusters.join(', ')})` : ''}`
}

export const list = handler<{directory: string; tenants: TenantInfo[]}>({
  stateless: true,
  run(ctx, {flags}) {
    const directory = dirOf(flags, ctx.env)
    return {directory, tenants: tenantNames(directory).map((n) => tenantInfo(directory, n))}
  },
  human(ctx, r) {
    if (r.tenants.length === 0) {
      ctx.out.line(`No tenants in ${r.directory} yet (a tenant appears when its account first logs in).`)
      return
    }
    const w = Math.max(6, ...r.tenants.map((t) => t.name.length))
    ctx.out.line(
      `${'tenant'.padEnd(w)}  ${'last login'.padEnd(20)}  ${'clock (simulated)'.padEnd(24)}  ${'size'.padStart(9)}  cluster`,
    )
    for (const t of r.tenants) {
      ctx.out.line(
        `${t.name.padEnd(w)}  ${when(t.lastLogin).padEnd(20)}  ${(t.clock ?? '-').padEnd(24)}  ${mib(t.bytes).padStart(9)}  ${describe(t)}`,
      )
    }
    ctx.out.line(`${r.tenants.length} tenant${r.tenants.length === 1 ? '' : 's'} in ${r.directory}`)
  },
})

export const show = handler<TenantInfo>({
  stateless: true,
  run(ctx, {args, flags}) {
    return tenantInfo(dirOf(flags, ctx.env), checkTenantName(args.name ?? ''))
  },
  human(ctx, t) {
    ctx.out.line(`Tenant:      ${t.name}`)
    ctx.out.line(`File:        ${t.path}`)
    ctx.out.line(`Last login:  ${when(t.lastLogin)}`)
    ctx.out.line(`Clock:       ${t.clock ?? '-'}`)
    ctx.out.line(`Cluster:     ${describe(t)}`)
    ctx.out.line(`Snapshots:   ${t.snapshots}`)
    ctx.out.line(`Size:        ${mib(t.bytes)} (${t.bytes} bytes)`)
  },
})

export const reset = handler<TenantInfo>({
  stateless: true,
  async run(ctx, {args, flags}) {
    const dir = dirOf(flags, ctx.env)
    const name = checkTenantName(args.name ?? '')
    tenantInfo(dir, name)
    await confirmed(ctx, flags.yes === true, `The lab of ${name} goes back to the template (its snapshots are kept).`)
    return resetTenant(dir, name)
  },
  human(ctx, t) {
    ctx.out.line(`Tenant ${t.name} reset to the template: ${describe(t)}, clock ${t.clock ?? '-'}.`)
  },
})

export const remove = handler<{name: string; deleted: boolean}>({
  stateless: true,
  async run(ctx, {args, flags}) {
    const dir = dirOf(flags, ctx.env)
    const name = checkTenantName(args.name ?? '')
    tenantInfo(dir, name)
    await confirmed(
      ctx,
      flags.yes === true,
      `The lab of ${name} and its snapshots are deleted (its next login starts from the template).`,
    )
    return deleteTenant(dir, name)
  },
  human(ctx, r) {
    ctx.out.line(`Deleted tenant ${r.name}.`)
  },
})
