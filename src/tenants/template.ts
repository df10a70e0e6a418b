import {chmodSync, copyFileSync, existsSync, renameSync, rmSync} from 'node:fs'
import {extname, resolve} from 'node:path'
import {Readable, Writable} from 'node:stream'

import type {Env} from '../cli/handler.js'
import type {IOStreams} from '../cli/io.js'
import {runHandler} from '../cli/runner.js'
import {UsageError} from '../core/errors.js'
import {oneLine} from '../core/text.js'
import {templatePath} from '../features/tenants/dir.js'
import {inspectSnapshot} from '../features/labs/state.js'
import {openDatabase} from '../store/db.js'

const LAB_EXTENSIONS = new Set(['.yaml', '.yml', '.json'])

/**
 * Writes DIR/.template.db from `--template FILE`: a lab file (YAML or JSON) is applied to a fresh state, a saved
 * snapshot is checked and copied. Done once when the server starts (a bad template exits 2 before listening); every
 * new tenant is then a copy of it, which costs a file copy instead of applying the lab again.
 */
export async function writeTemplate(dir: string, file: string, env: Env): Promise<{source: string; kind: 'lab' | 'snapshot'}> {
  const source = resolve(file)
  if (!existsSync(source)) throw new UsageError(`No template file at ${oneLine(file, 200)}.`, {code: 'BAD_TEMPLATE', fix: 'Give a lab file (LAB.yaml) or a snapshot written by `ucadmin state save PATH`.'})
  const target = templatePath(dir)
  const tmp = `${target}.${process.pid}.tmp`
  rmSync(tmp, {force: true})
  try {
    if (LAB_EXTENSIONS.has(extname(source).toLowerCase())) {
      let errors = ''
      const sink = new Writable({write: (_c, _e, cb) => cb()})
      const err = new Writable({
        write: (c, _e, cb) => {
          errors += String(c)
          cb()
        },
      })
      const io: IOStreams = {in: Readable.from([]), out: sink, err, stdinIsTTY: false, stdoutIsTTY: false, color: false, columns: 80}
      const code = await runHandler('labs/labs#apply', {args: {}, argv: [], flags: {file: source}}, {io, env: {...env, UCADMIN_DB: tmp, UCADMIN_SESSION: undefined}})
      if (code !== 0) {
        throw new UsageError(`The template ${oneLine(file, 200)} could not be applied: ${oneLine(errors.trim().split('\n')[0]?.replace(/^Error: /, '') ?? '', 400)}`, {
          code: 'BAD_TEMPLATE',
          fix: `Check it with \`ucadmin diff -f ${oneLine(file, 200)}\` on a scratch state (UCADMIN_DB=/tmp/x.db).`,
        })
      }
      // Closed (its WAL checkpointed into it): one file, what every tenant copies.
      openDatabase(tmp).close()
    } else {
      inspectSnapshot(source, `The template ${oneLine(file, 200)}`)
      copyFileSync(source, tmp)
      openDatabase(tmp).close()
    }
    chmodSync(tmp, 0o600)
    renameSync(tmp, target)
  } finally {
    rmSync(tmp, {force: true})
    rmSync(`${tmp}-wal`, {force: true})
    rmSync(`${tmp}-shm`, {force: true})
  }
  return {source, kind: LAB_EXTENSIONS.has(extname(source).toLowerCase()) ? 'lab' : 'snapshot'}
}
