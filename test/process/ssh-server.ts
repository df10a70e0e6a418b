import {execa, type ResultPromise} from 'execa'

import {BIN, type Sandbox} from '../helpers.js'

/** `ucadmin serve ssh --port 0` as a child process on a sandbox's state file. */
export class ServerProcess {
  stdout = ''
  stderr = ''
  port = 0
  private constructor(readonly child: ResultPromise) {}

  static async start(sb: Sandbox, args: string[] = []): Promise<ServerProcess> {
    const child = execa('node', [BIN, 'serve', 'ssh', '--port', '0', ...args], {
      env: {UCADMIN_DB: sb.db, NO_COLOR: '1', DEBUG: undefined, UCADMIN_NODE: undefined, UCADMIN_CLUSTER: undefined},
      extendEnv: true,
      reject: false,
      stdin: 'ignore',
    })
    const s = new ServerProcess(child)
    child.stdout!.on('data', (d: Buffer) => (s.stdout += d.toString()))
    child.stderr!.on('data', (d: Buffer) => (s.stderr += d.toString()))
    const json = args.includes('--json')
    for (let i = 0; i < 200; i++) {
      const m = json
        ? /^\{.*"port":(\d+).*\}\n/.exec(s.stdout)
        : /^Listening on 127\.0\.0\.1:(\d+)\nHost key: .*\n/.exec(s.stdout)
      if (m) {
        s.port = Number(m[1])
        return s
      }
      if (child.exitCode !== null) break
      await new Promise((r) => setTimeout(r, 50))
    }
    child.kill('SIGKILL')
    throw new Error(`the server did not start:\n${s.stdout}\n${s.stderr}`)
  }

  get pid(): number {
    return this.child.pid!
  }

  /** Waits for the process to end by itself (at most 15 s); its exit code. */
  async exited(): Promise<number> {
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000)
    const r = await this.child
    clearTimeout(timer)
    return r.exitCode ?? -1
  }

  /** SIGTERM, then SIGKILL if it has not gone within graceMs (then the exit code is not 0). */
  async stop(graceMs = 10_000): Promise<number> {
    if (this.child.exitCode === null) {
      this.child.kill('SIGTERM')
      const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs)
      await this.child
      clearTimeout(timer)
    }
    return (await this.child).exitCode ?? -1
  }
}
