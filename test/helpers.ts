import {execa, type Options} from 'execa'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const BIN = join(ROOT, 'bin', 'run.js')

export interface Result {
  stdout: string
  stderr: string
  exitCode: number
  /** stdout parsed as the one JSON document a --json command prints. */
  json<T = any>(): T
}

/** A temporary state file (and folder) for one test or suite; remove() cleans up. */
export class Sandbox {
  readonly dir = mkdtempSync(join(tmpdir(), 'ucadmin-test-'))
  readonly db = join(this.dir, 'state.db')
  readonly env: Record<string, string> = {}

  /** Runs `bin/run.js ARGS...` as a user would, on this sandbox's state file. */
  async run(args: string[], opts: {input?: string; env?: Record<string, string | undefined>} = {}): Promise<Result> {
    const o: Options = {
      reject: false,
      env: {UCADMIN_DB: this.db, NO_COLOR: '1', UCADMIN_CLUSTER: undefined, UCADMIN_NODE: undefined, DEBUG: undefined, ...this.env, ...opts.env},
      extendEnv: true,
      input: opts.input ?? '',
      stripFinalNewline: false,
    }
    const r = await execa('node', [BIN, ...args], o)
    const stdout = String(r.stdout)
    return {
      stdout,
      stderr: String(r.stderr),
      exitCode: r.exitCode ?? -1,
      json() {
        try {
          return JSON.parse(stdout)
        } catch {
          throw new Error(`stdout is not one JSON document:\n${stdout}\nstderr:\n${String(r.stderr)}`)
        }
      },
    }
  }

  /** Runs and fails the test unless the exit code is as expected. */
  async ok(args: string[], exitCode = 0, opts: {input?: string; env?: Record<string, string | undefined>} = {}): Promise<Result> {
    const r = await this.run(args, opts)
    if (r.exitCode !== exitCode) {
      throw new Error(`ucadmin ${args.join(' ')}: exit ${r.exitCode}, expected ${exitCode}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`)
    }
    return r
  }

  remove(): void {
    rmSync(this.dir, {recursive: true, force: true})
  }
}

/** A cluster most tests start from: 14SU3, a CUCM publisher and subscriber, an IM and Presence publisher. */
export const LAB = ['cluster', 'create', 'lab', '--version', '14SU3', '--publisher', 'cucm-pub', '--subscriber', 'cucm-sub1', '--imp-publisher', 'imp-pub']

/** The task flow up to Cloud Onboarding Completed, as an operator types it. */
export async function onboard(sb: Sandbox, cluster: string[] = []): Promise<void> {
  await sb.ok(['onboarding', 'voucher', ...cluster])
  await sb.ok(['onboarding', 'save', '--push', 'on', '--manage-certs', 'on', ...cluster])
  await sb.ok(['utils', 'service', 'restart', 'Cisco', 'Tomcat', '--all-nodes', ...cluster])
  await sb.ok(['onboarding', 'save', ...cluster])
}
