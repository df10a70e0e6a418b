import {execa, type Options} from 'execa'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Readable, Writable} from 'node:stream'
import {fileURLToPath, pathToFileURL} from 'node:url'

import type {IOStreams} from '../src/command/io.js'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))
export const BIN = join(ROOT, 'bin', 'run.js')

export interface Result {
  stdout: string
  stderr: string
  exitCode: number
  /** stdout parsed as the one JSON document a --json command prints. */
  json<T = any>(): T
}

export interface RunOptions {
  /** What the command reads on stdin (default: nothing, a closed stdin). */
  input?: string
  /** Environment on top of the sandbox's; undefined removes a variable. */
  env?: Record<string, string | undefined>
}

type Env = Record<string, string | undefined>

/**
 * The built CLI's in-process entry (dist/cli/main.js: the very code bin/run.js runs, and the modules oclif loads for
 * its fallback, so there is one copy of every class in the process). Loaded once per test process.
 */
type Entry = typeof import('../src/cli/main.js')
type IoModule = typeof import('../src/command/io.js')
let entry: Promise<{runArgv: Entry['runArgv']; colorWanted: IoModule['colorWanted']}> | undefined
function loadEntry() {
  entry ??= (async () => {
    const main = (await import(pathToFileURL(join(ROOT, 'dist', 'cli', 'main.js')).href)) as Entry
    const io = (await import(pathToFileURL(join(ROOT, 'dist', 'command', 'io.js')).href)) as IoModule
    return {runArgv: main.runArgv, colorWanted: io.colorWanted}
  })()
  return entry
}

/** A stream that keeps everything written to it, as text. */
class Capture extends Writable {
  private readonly chunks: Buffer[] = []

  override _write(chunk: Buffer | string, encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk, encoding))
    done()
  }

  text(): string {
    return Buffer.concat(this.chunks).toString('utf8')
  }
}

function result(stdout: string, stderr: string, exitCode: number): Result {
  return {
    stdout,
    stderr,
    exitCode,
    json() {
      try {
        return JSON.parse(stdout)
      } catch {
        throw new Error(`stdout is not one JSON document:\n${stdout}\nstderr:\n${stderr}`)
      }
    },
  }
}

/** A temporary state file (and folder) for one test or suite; remove() cleans up. */
export class Sandbox {
  readonly dir = mkdtempSync(join(tmpdir(), 'ucadmin-test-'))
  readonly db = join(this.dir, 'state.db')
  readonly env: Record<string, string> = {}

  /** The environment a command sees: the test process's, this sandbox's state file, no colour, no inherited target. */
  commandEnv(extra: Env = {}): Env {
    const env: Env = {
      ...process.env,
      UCADMIN_DB: this.db,
      NO_COLOR: '1',
      UCADMIN_CLUSTER: undefined,
      UCADMIN_NODE: undefined,
      DEBUG: undefined,
      ...this.env,
      ...extra,
    }
    for (const k of Object.keys(env)) if (env[k] === undefined) delete env[k]
    return env
  }

  /**
   * Runs `ucadmin ARGS...` on this sandbox's state file, in this process, through the same entry as bin/run.js
   * (fast path, sessions, the unknown-command line, oclif fallback), with stdin, stdout and stderr as a script or
   * pipe has them (not terminals). For what only a real process shows, use spawn().
   */
  async run(args: string[], opts: RunOptions = {}): Promise<Result> {
    const {runArgv, colorWanted} = await loadEntry()
    const env = this.commandEnv(opts.env)
    const out = new Capture()
    const err = new Capture()
    const io: IOStreams = {
      in: Readable.from(opts.input ? [Buffer.from(opts.input)] : []),
      out,
      err,
      stdinIsTTY: false,
      stdoutIsTTY: false,
      color: colorWanted(false, env),
      columns: 80,
    }
    const exitCode = await runArgv([...args], {root: pathToFileURL(ROOT + '/'), io, env})
    return result(out.text(), err.text(), exitCode)
  }

  /** Runs `node bin/run.js ARGS...` as a separate process, as a user would, on this sandbox's state file. */
  async spawn(args: string[], opts: RunOptions = {}): Promise<Result> {
    const o: Options = {
      reject: false,
      env: {
        UCADMIN_DB: this.db,
        NO_COLOR: '1',
        UCADMIN_CLUSTER: undefined,
        UCADMIN_NODE: undefined,
        DEBUG: undefined,
        ...this.env,
        ...opts.env,
      },
      extendEnv: true,
      input: opts.input ?? '',
      stripFinalNewline: false,
    }
    const r = await execa('node', [BIN, ...args], o)
    return result(String(r.stdout), String(r.stderr), r.exitCode ?? -1)
  }

  /** Runs in-process and fails the test unless the exit code is as expected. */
  async ok(args: string[], exitCode = 0, opts: RunOptions = {}): Promise<Result> {
    return expectExit(args, exitCode, await this.run(args, opts))
  }

  /** Runs as a separate process and fails the test unless the exit code is as expected. */
  async spawnOk(args: string[], exitCode = 0, opts: RunOptions = {}): Promise<Result> {
    return expectExit(args, exitCode, await this.spawn(args, opts))
  }

  /** Writes a file (a lab file, a script) in the sandbox's folder; its path. */
  write(name: string, text: string): string {
    const p = join(this.dir, name)
    writeFileSync(p, text)
    return p
  }

  remove(): void {
    rmSync(this.dir, {recursive: true, force: true})
  }
}

function expectExit(args: string[], exitCode: number, r: Result): Result {
  if (r.exitCode !== exitCode) {
    throw new Error(
      `ucadmin ${args.join(' ')}: exit ${r.exitCode}, expected ${exitCode}\nstdout:\n${r.stdout}\nstderr:\n${r.stderr}`,
    )
  }
  return r
}

/** A cluster most tests start from: 14SU3, a CUCM publisher and subscriber, an IM and Presence publisher. */
export const LAB = [
  'cluster',
  'create',
  'lab',
  '--version',
  '14SU3',
  '--publisher',
  'cucm-pub',
  '--subscriber',
  'cucm-sub1',
  '--imp-publisher',
  'imp-pub',
]

/** The task flow up to Cloud Onboarding Completed, as an operator types it. */
export async function onboard(sb: Sandbox, cluster: string[] = []): Promise<void> {
  await sb.ok(['onboarding', 'voucher', ...cluster])
  await sb.ok(['onboarding', 'save', '--push', 'on', '--manage-certs', 'on', ...cluster])
  await sb.ok(['utils', 'service', 'restart', 'Cisco', 'Tomcat', '--all-nodes', ...cluster])
  await sb.ok(['onboarding', 'save', ...cluster])
}

/**
 * A lab where calls and pushes reach simulated clients: LAB on `version`, the messaging parameters and OAuth with
 * Refresh Login Flow on, a Local Push SSID list (LabWiFi;Ward2), onboarded, the push services restarted, and a Unified
 * CM group G1 (publisher, subscriber) with device pool DP. Add the clients yourself.
 */
export async function callsLab(sb: Sandbox, version = '14SU3'): Promise<void> {
  const plm = version.startsWith('11.5')
  await sb.ok([...LAB.map((w) => (w === '14SU3' ? version : w)), ...(plm ? ['--licensing', 'plm'] : [])])
  if (plm) await sb.ok(['license', 'sync'])
  for (const p of ['multiple-device-messaging', 'stream-management'])
    await sb.ok(['param', 'messaging', 'set', p, 'Enabled'])
  await sb.ok(['param', 'enterprise', 'set', 'OAuth with Refresh Login Flow', 'Enabled'])
  await sb.ok(['param', 'jabber', 'set', 'LocalPushSSIDList', 'LabWiFi;Ward2'])
  await onboard(sb)
  for (const s of ['Cisco Push Notification Service', 'Cisco XCP Config Manager', 'Cisco XCP Router'])
    await sb.ok(['utils', 'service', 'restart', s, '--all-nodes'])
  await sb.ok(['cluster', 'group', 'set', 'G1', '--nodes', 'cucm-pub,cucm-sub1'])
  await sb.ok(['cluster', 'device-pool', 'set', 'DP', '--group', 'G1'])
}

/** A simulated client as `sim client list --json` shows it. */
export const simClient = async (sb: Sandbox, user: string) =>
  (await sb.ok(['sim', 'client', 'list', '--json'])).json().clients.find((c: {user: string}) => c.user === user)
