import ssh2 from 'ssh2'

const {Client} = ssh2
export type SshClient = InstanceType<typeof Client>

/** OpenSSH's options for a test server: no config, no host key checks, errors only. */
export const OPENSSH = [
  '-F',
  '/dev/null',
  '-o',
  'StrictHostKeyChecking=no',
  '-o',
  'UserKnownHostsFile=/dev/null',
  '-o',
  'LogLevel=ERROR',
  '-o',
  'ConnectTimeout=10',
]
export const OPENSSH_TEXT = OPENSSH.join(' ')

/** Logs in with a password (ssh2's client, as paramiko would). */
export function connect(port: number, user: string, password: string): Promise<SshClient> {
  return new Promise((resolve, reject) => {
    const c = new Client()
    c.on('ready', () => resolve(c))
    c.on('error', reject)
    c.on('close', () => reject(new Error('closed before login')))
    c.connect({host: '127.0.0.1', port, username: user, password, readyTimeout: 30_000, hostVerifier: () => true})
  })
}

export function exec(c: SshClient, command: string): Promise<{code: number; stdout: string; stderr: string}> {
  return new Promise((resolve, reject) => {
    c.exec(command, (err, stream) => {
      if (err) return reject(err)
      let stdout = ''
      let stderr = ''
      let code = -1
      stream.on('data', (d: Buffer) => (stdout += d.toString()))
      stream.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
      stream.on('exit', (n: number) => (code = n))
      stream.on('close', () => resolve({code, stdout, stderr}))
    })
  })
}

/** One exec request on a connection of its own. */
export async function run(port: number, user: string, password: string, command: string) {
  const c = await connect(port, user, password)
  try {
    return await exec(c, command)
  } finally {
    c.end()
  }
}

/** An interactive session with a terminal (paramiko's invoke_shell): send lines, wait for text. */
export class Shell {
  output = ''
  private waiters: Array<() => void> = []
  private constructor(
    readonly client: SshClient,
    private readonly stream: ssh2.ClientChannel,
  ) {
    stream.on('data', (d: Buffer) => {
      this.output += d.toString()
      for (const w of this.waiters.splice(0)) w()
    })
  }

  static async open(port: number, user: string, password: string): Promise<Shell> {
    const c = await connect(port, user, password)
    const stream = await new Promise<ssh2.ClientChannel>((resolve, reject) =>
      c.shell({rows: 24, cols: 120, term: 'xterm'}, (err, s) => (err ? reject(err) : resolve(s))),
    )
    const sh = new Shell(c, stream)
    await sh.waitFor(/\nadmin:$/)
    return sh
  }

  send(text: string): void {
    this.stream.write(text)
  }

  /** Resolves once the output (since `from`) matches. */
  async waitFor(re: RegExp, from = 0): Promise<string> {
    for (;;) {
      const m = re.exec(this.output.slice(from))
      if (m) return m[0]
      await new Promise<void>((resolve) => this.waiters.push(resolve))
    }
  }

  /** Hangs up without answering (a client that goes away). */
  close(): void {
    this.client.end()
  }
}
