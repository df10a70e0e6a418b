import {writeFileSync} from 'node:fs'

import type {Ctx, Input} from '../../../../command/handler.js'
import {handler} from '../../../../command/handler.js'
import {UsageError} from '../../../../core/errors.js'
import {requireCluster} from '../../../world/cluster/target.js'
import {type ApplyResult, applyLab} from '../apply.js'
import {exportCluster, labYaml} from '../export.js'
import {LabProblems, parseLab, readLabText} from '../labfile.js'
import type {LabDoc} from '../labfile.js'

async function load(ctx: Ctx, input: Input) {
  const flag = input.flags.file as string | undefined
  const arg = input.args.file as string | undefined
  if (flag !== undefined && arg !== undefined) throw new UsageError(`Give the lab file once: -f ${flag} or ${arg}, not both.`, {code: 'USAGE', fix: 'e.g. ucadmin apply -f labs/example.yaml'})
  const file = flag ?? arg
  if (file === undefined || file === '') throw new UsageError('Give the lab file with -f FILE (or -f - for stdin).', {code: 'NO_LAB_FILE', fix: 'e.g. ucadmin apply -f labs/example.yaml'})
  const {text, source, baseDir} = await readLabText(file, ctx.io.in)
  return parseLab(text, source, baseDir)
}

/** Runs apply (or its dry run); a bad file prints one line per problem on stderr before the error. */
async function run(ctx: Ctx, input: Input, dryRun: boolean): Promise<ApplyResult> {
  try {
    const lab = await load(ctx, input)
    return await applyLab({store: ctx.store, clock: ctx.clock, env: ctx.env, reactions: await ctx.serviceChanges(), seed: input.flags.seed as string | undefined}, lab, dryRun)
  } catch (error) {
    if (error instanceof LabProblems) for (const l of error.lines()) ctx.err.line(l)
    throw error
  }
}

function printPlan(ctx: Ctx, r: ApplyResult, verb: {changed: string; none: string}): void {
  for (const res of r.resources) {
    if (res.status === 'unchanged') {
      ctx.out.line(`${res.resource} unchanged`)
      continue
    }
    ctx.out.line(`${res.resource} ${r.dryRun ? `would be ${res.status}` : res.status}`)
    for (const s of res.steps) ctx.out.line(`  ${r.dryRun ? '+' : '-'} ${s.detail}   $ ${s.command}`)
  }
  ctx.out.line(r.changed === 0 ? verb.none : '')
  ctx.out.line(`${r.file}: ${r.changed} ${verb.changed}, ${r.unchanged} unchanged.`)
}

export const apply = handler<ApplyResult>({
  run(ctx, input) {
    return run(ctx, input, input.flags['dry-run'] === true)
  },
  human(ctx, r) {
    printPlan(ctx, r, r.dryRun ? {changed: 'to change (dry run: nothing changed)', none: 'Nothing to do.'} : {changed: 'changed', none: 'Nothing to do: the state already is as the file says.'})
  },
})

/** `ucadmin diff -f FILE`: the plan; exit 1 when apply would change something (kubectl diff's convention). */
export const diff = handler<ApplyResult>({
  run(ctx, input) {
    return run(ctx, input, true)
  },
  human(ctx, r) {
    printPlan(ctx, r, {changed: 'to change', none: 'No differences.'})
  },
  exitCode: (r) => (r.changed === 0 ? 0 : 1),
})

export const exportLab = handler<{cluster: string; file: string | null; lab: LabDoc; text: string}>({
  write: false,
  async run(ctx, {args, flags}) {
    const c = args.name ? requireCluster(ctx.store, args.name) : ctx.cluster()
    // Over SSH an export carries no seed: it would reproduce the cluster's tokens for whoever reads the session.
    const lab = exportCluster(ctx.store, ctx.clock, c, {seed: ctx.env.UCADMIN_SESSION !== 'ssh'})
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
    return {cluster: c.name, file: file === '-' ? null : file, lab, text}
  },
  human(ctx, r) {
    if (r.file) ctx.err.line(`Wrote cluster ${r.cluster} to ${r.file}; \`ucadmin apply -f ${r.file}\` makes it again.`)
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
