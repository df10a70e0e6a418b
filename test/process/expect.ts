import {execa} from 'execa'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'

/**
 * Runs an expect(1) script, as CUCM automation does. The body gets two procedures: `want TEXT` waits for exact text
 * and `wantre REGEX` for a regular expression; either exits 2 (timeout) or 3 (end of output) when it does not come,
 * so a test can assert that the script exited 0. Returns the transcript (everything the terminal showed).
 */
export async function runExpect(
  dir: string,
  name: string,
  body: string,
  env: Record<string, string | undefined> = {},
  timeout = 15,
): Promise<{code: number; transcript: string; stderr: string}> {
  const file = join(dir, `${name}.exp`)
  writeFileSync(
    file,
    `set timeout ${timeout}
log_user 1
proc want {text} {
  expect {
    -exact $text {}
    timeout { puts stderr "\\nTIMEOUT waiting for: $text"; exit 2 }
    eof { puts stderr "\\nEOF waiting for: $text"; exit 3 }
  }
}
proc wantre {re} {
  expect {
    -re $re {}
    timeout { puts stderr "\\nTIMEOUT waiting for /$re/"; exit 2 }
    eof { puts stderr "\\nEOF waiting for /$re/"; exit 3 }
  }
}
${body}
`,
  )
  const r = await execa('expect', ['-f', file], {
    reject: false,
    stripFinalNewline: false,
    env: {NO_COLOR: '1', DEBUG: undefined, ...env},
    extendEnv: true,
    timeout: (timeout + 20) * 1000,
  })
  return {code: r.exitCode ?? -1, transcript: String(r.stdout), stderr: String(r.stderr)}
}
