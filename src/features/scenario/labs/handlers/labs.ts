import {writeFileSync} from 'node:fs'

import type {Ctx, Input} from '../../../../command/handler.js'
import {handler} from '../../../../command/handler.js'
import {UsageError} from '../../../../core/errors.js'
import {escapeControls} from '../../../../core/text.js'
import {requireCluster} from '../../../world/cluster/target.js'
import {type ApplyResult, applyLab} from '../apply.js'
import {exportAll, exportCluster, labYaml} from '../export.js'
import {LabProblems, parseLab, readLabText} from '../labfile.js'
import type {LabDoc} from '../labfile.js'

async function load(ctx: Ctx, input: Input, cmd: 'apply' | 'diff') {
  const flag = input.flags.file as string | undefined
  const arg = input.args.file as string | undefined
  if (flag !== undefined && arg !== undefined) {
    throw new UsageError(`Give the lab file once: -f ${flag} or ${arg}, not both.`, {code: 'TWO_LAB_FILES', fix: `e.g. ucadmin ${cmd} -f ${flag}`})
  }
  const file = flag ?? arg
  if (file === undefined || file === '') throw new UsageError('Give the lab file with -f FILE (or -f - for stdin).', {code: 'NO_LAB_FILE', fix: `e.g. ucadmin ${cmd} -f labs/example.yaml`})
  const {text, source, baseDir} = await readLabText(file, ctx.io.in)
  return parseLab(text, source, baseDir)
}

/** Runs apply (or its dry run); a bad file prints one line per problem on stderr before the error. */
async function run(ctx: Ctx, input: Input, dryRun: boolean, cmd: 'apply' | 'diff'): Promise<ApplyResult> {
  try {
    const lab = await load(ctx, input, cmd)
    return await applyLab({store: ctx.store, clock: ctx.clock, env: ctx.env, reactions: await ctx.serviceChanges(), seed: input.flags.seed as string | undefined}, lab, dryRun)
  } catch (error) {
    if (error instanceof LabProblems) for (const l of error.lines()) ctx.err.line(l)
    throw error
  }
}

function printPlan(ctx: Ctx, r: ApplyResult, verb: {changed: string; none: string}): void {
  for (const res of r.resources) {
    if (res.status === 'unchanged') {
      ctx.out.line(escapeControls(`${res.resource} unchanged`))
      continue
    }
    ctx.out.line(escapeControls(`${res.resource} ${r.dryRun ? `would be ${res.status}` : res.status}`))
    for (const s of res.steps) ctx.out.line(escapeControls(`  ${r.dryRun ? '+' : '-'} ${s.detail}   $ ${s.command}`))
  }
  ctx.out.line(r.changed === 0 ? verb.none : '')
  ctx.out.line(`${escapeControls(r.file)}: ${r.changed} ${verb.changed}, ${r.unchanged} unchanged.`)
}

export const apply = handler<ApplyResult>({
  run(ctx, input) {
    return run(ctx, input, input.flags['dry-run'] === true, 'apply')
  },
  human(ctx, r) {
    printPlan(ctx, r, r.dryRun ? {changed: 'to change (dry run: nothing changed)', none: 'Nothing to do.'} : {changed: 'changed', none: 'Nothing to do: the state already is as the file says.'})
  },
})

/** `ucadmin diff -f FILE`: the plan; exit 1 when apply would change something (kubectl diff's convention). */
export const diff = handler<ApplyResult>({
  run(ctx, input) {
    return run(ctx, input, true, 'diff')
  },
  human(ctx, r) {
    printPlan(ctx, r, {changed: 'to change', none: 'No differences.'})
  },
  exitCode: (r) => (r.changed === 0 ? 0 : 1),
})

/** `cluster export [NAME | --all]`: the lab file of one cluster, or of every cluster of the state with the current one. */
export const exportLab = handler<{clusters: string[]; file: string | null; lab: LabDoc; text: string}>({
  write: false,
  async run(ctx, {args, flags}) {
    if (flags.all === true && args.name !== undefined) {
      throw new UsageError(`Give a cluster name or --all, not both.`, {code: 'BAD_INPUT', fix: `e.g. ucadmin cluster export --all, or ucadmin cluster export ${args.name}`})
    }
    // Over SSH an export carries no seed: it would reproduce the cluster's tokens for whoever reads the session.
    const opts = {seed: ctx.env.UCADMIN_SESSION !== 'ssh'}
    const lab = flags.all === true ? exportAll(ctx.store, ctx.clock, opts) : exportCluster(ctx.store, ctx.clock, args.name ? requireCluster(ctx.store, args.name) : ctx.cluster(), opts)
    const format = (flags.format as string | undefined) ?? (typeof flags.output === 'string' && /\.json$/i.test(flags.output) ? 'json' : 'yaml')
    const text = format === 'json' ? JSON.stringify(lab, null, 2) + '\n' : await labYaml(lab)
    const file = (flags.output as string | undefined) ?? null
    if (file !== null && file !== '-') {
      try {
        writeFileSync(file, text, {mode: 0o600})
      } catch (error) {
        throw new UsageError(`Cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, {fix: 'Give a path in a folder you can write.'})
      }
    }
    return {clusters: Object.keys(lab.clusters), file: file === '-' ? null : file, lab, text}
  },
  human(ctx, r) {
    const what = r.clusters.length === 1 ? `cluster ${r.clusters[0]}` : `${r.clusters.length} clusters (${r.clusters.join(', ')})`
    if (r.file) ctx.err.line(`Wrote ${what} to ${r.file}; \`ucadmin apply -f ${r.file}\` makes ${r.clusters.length === 1 ? 'it' : 'them'} again.`)
    else ctx.out.write(r.text)
  },
  json(ctx, r) {
    ctx.out.line(JSON.stringify(r.lab, null, 2))
  },
})

/**
 * `ucadmin demo`: the demo (scripts/demo.sh, shipped in the package) from wherever ucadmin is installed, on a fresh
 * state file in a temporary folder (never the one UCADMIN_DB names). Its output goes to the command's streams.
 */
export const demo = handler<{exitCode: number}>({
  stateless: true,
  async run(ctx) {
    if (ctx.json) throw new UsageError('The demo is a walkthrough for people: it has no --json.', {code: 'BAD_FLAG', fix: 'Run `ucadmin demo` without --json.'})
    const [{spawn}, {fileURLToPath}] = await Promise.all([import('node:child_process'), import('node:url')])
    const script = fileURLToPath(new URL('../../../../../scripts/demo.sh', import.meta.url))
    const env = {...ctx.env}
    delete env.UCADMIN_DB
    const child = spawn('bash', [script], {env: env as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe']})
    child.stdout.pipe(ctx.io.out, {end: false})
    child.stderr.pipe(ctx.io.err, {end: false})
    const exitCode = await new Promise<number>((resolve, reject) => {
      child.on('error', reject)
      child.on('close', (code) => resolve(code ?? 1))
    })
    return {exitCode}
  },
  exitCode: (r) => (r.exitCode === 0 ? 0 : 1),
})
