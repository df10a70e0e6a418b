import {basename, dirname, sep} from 'node:path'

import {type Ctx, handler} from '../../../../command/handler.js'
import {FailedError, UsageError} from '../../../../core/errors.js'
import {iso, parseInstant} from '../../../../core/time.js'
import {hintForm} from '../../../../core/text.js'
import {
  type ListedSnapshot,
  type RestoreResult,
  type SaveResult,
  deleteSnapshot,
  listSnapshots,
  resetState,
  restoreSnapshot,
  saveSnapshot,
  snapshotRef,
} from '../state.js'

/**
 * A path as the session may see it: a tenant's session (serve ssh|https --tenants) sees its own files by their names
 * in the class folder (`alice.db`, `alice.db.snapshots/before.db`), never the server's folders.
 */
function seen(ctx: Ctx): (path: string) => string {
  if (ctx.env.UCADMIN_TENANT === undefined) return (path) => path
  const dir = dirname(ctx.store.path) + sep
  return (path) => (path.startsWith(dir) ? path.slice(dir.length) : basename(path))
}

const what = (r: {name: string | null; path: string}) => (r.name === null ? r.path : `"${r.name}" (${r.path})`)
const clusters = (names: string[]) => (names.length ? `cluster${names.length === 1 ? '' : 's'} ${names.join(', ')}` : 'no clusters')

export const save = handler<SaveResult>({
  ownTransactions: true,
  async run(ctx, {args}) {
    const r = await saveSnapshot(ctx.store, snapshotRef(ctx.store.path, args.target ?? ''))
    return {...r, path: seen(ctx)(r.path)}
  },
  human(ctx, r) {
    ctx.out.line(`${r.replaced ? 'Replaced' : 'Saved'} snapshot ${what(r)}: ${clusters(r.clusters)}, clock ${r.clock}, ${r.bytes} bytes.`)
  },
})

/**
 * A restore or reset from a command of its own (not a shell or SSH session): the process closes the state file
 * right after, and closing checkpoints the WAL into it. That checkpoint skips fsync (synchronous OFF on this
 * connection only), which makes a fresh lab per test about as cheap as one command. A killed process still leaves
 * a sound file (the OS has the writes); only an OS crash or power loss in that moment could damage it, and a
 * harness restores again. The restore itself is committed atomically either way.
 */
function oneShot(ctx: Ctx): void {
  if (ctx.env.UCADMIN_SESSION === undefined) ctx.store.db.pragma('synchronous = OFF')
}

async function confirmed(ctx: Ctx, question: string): Promise<void> {
  if (!(await ctx.confirm(question))) throw new FailedError('Cancelled; nothing was changed.', {code: 'CANCELLED'})
}

export const restore = handler<RestoreResult>({
  ownTransactions: true,
  async run(ctx, {args}) {
    const ref = snapshotRef(ctx.store.path, args.target ?? '')
    const show = seen(ctx)
    await confirmed(ctx, `The current state in ${show(ctx.store.path)} will be replaced by ${ref.name ?? ref.path}.`)
    const r = restoreSnapshot(ctx.store, ref, ctx.store.path)
    oneShot(ctx)
    return {...r, path: show(r.path)}
  },
  human(ctx, r) {
    ctx.out.line(`Restored ${what(r)}: ${clusters(r.clusters)}, clock ${r.clock}${r.migratedFrom ? ` (migrated from schema ${r.migratedFrom})` : ''}.`)
  },
})

export const list = handler<{directory: string; snapshots: ListedSnapshot[]}>({
  write: false,
  run(ctx) {
    const show = seen(ctx)
    const r = listSnapshots(ctx.store.path)
    return {directory: show(r.directory), snapshots: r.snapshots.map((x) => ({...x, path: show(x.path)}))}
  },
  human(ctx, r) {
    if (r.snapshots.length === 0) {
      ctx.out.line(hintForm(ctx.env, `No snapshots in ${r.directory} (save one with \`ucadmin state save NAME\`).`))
      return
    }
    const w = Math.max(4, ...r.snapshots.map((s) => s.name.length))
    ctx.out.line(`${'name'.padEnd(w)}  ${'saved (real time)'.padEnd(24)}  ${'bytes'.padStart(9)}  clock / clusters`)
    for (const s of r.snapshots) {
      const detail = s.problem ? `unusable: ${s.problem}` : `${s.clock ?? '-'}  ${s.clusters?.join(', ') || '(no clusters)'}`
      ctx.out.line(`${s.name.padEnd(w)}  ${s.savedAt.padEnd(24)}  ${String(s.bytes).padStart(9)}  ${detail}`)
    }
    ctx.out.line(`${r.snapshots.length} snapshot${r.snapshots.length === 1 ? '' : 's'} in ${r.directory}`)
  },
})

export const remove = handler<{deleted: string; path: string}>({
  write: false,
  run(ctx, {args}) {
    const ref = snapshotRef(ctx.store.path, args.name ?? '')
    // A tenant's `template` is the lab it started with: the fix of an empty lab restores it, so it stays.
    if (ctx.env.UCADMIN_TENANT !== undefined && ref.name === 'template')
      throw new UsageError('"template" is the lab you started with, kept so that you can always go back to it.', {
        code: 'TEMPLATE_KEPT',
        fix: hintForm(ctx.env, 'Delete your own snapshots by name (see `ucadmin state list`).'),
      })
    const r = deleteSnapshot(ctx.store.path, ref)
    return {deleted: r.name, path: seen(ctx)(r.path)}
  },
  human(ctx, r) {
    ctx.out.line(`Deleted snapshot "${r.deleted}".`)
  },
})

/** The simulated clock must stay within what a date can print (years 1970 to 9999). */
const LATEST = Date.parse('9999-12-31T23:59:59.999Z')

export const reset = handler<{now: string; clusters: string[]}>({
  ownTransactions: true,
  async run(ctx, {flags}) {
    let at: number | undefined
    if (flags.at !== undefined) {
      at = parseInstant(String(flags.at))
      if (at < 0 || at > LATEST) throw new UsageError(`--at must be from 1970 to 9999, not ${String(flags.at)}.`, {code: 'BAD_TIME', fix: 'Give e.g. --at 2026-03-01T09:00:00Z.'})
    }
    await confirmed(ctx, `Every cluster and all state in ${seen(ctx)(ctx.store.path)} will be deleted (snapshots are kept).`)
    resetState(ctx.store, at)
    oneShot(ctx)
    const {storedTime} = await import('../../../world/clock/clock.js')
    return {now: iso(storedTime(ctx.store)), clusters: []}
  },
  human(ctx, r) {
    ctx.out.line(`State reset: no clusters, clock at ${r.now}.`)
  },
})
