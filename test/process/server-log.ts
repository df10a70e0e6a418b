import assert from 'node:assert/strict'
import type {Readable} from 'node:stream'

/**
 * Waits until a server process's log (its stderr, read through a pipe, so a line may arrive just after the client saw
 * the outcome it describes) has a line matching `re`, and fails the test if it never comes. Nothing about time is
 * asserted: the wait only bounds a test that would otherwise hang.
 */
export async function logged(server: {stderr: string}, re: RegExp, ms = 10_000): Promise<string> {
  for (const end = Date.now() + ms; !re.test(server.stderr) && Date.now() < end;) {
    await new Promise((r) => setTimeout(r, 20))
  }
  assert.match(server.stderr, re)
  return server.stderr
}

/** The first line a server prints (its `--json` document: a server's `--json` is JSON Lines), without its newline. */
export function firstLine(stdout: Readable): Promise<string> {
  return new Promise<string>((resolve) => {
    let out = ''
    stdout.on('data', (d: Buffer) => {
      out += d.toString()
      if (out.includes('\n')) resolve(out.slice(0, out.indexOf('\n')))
    })
  })
}
