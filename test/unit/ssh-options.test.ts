import assert from 'node:assert/strict'
import {availableParallelism} from 'node:os'

import {UsageError} from '../../src/core/errors.js'
import {specOf} from '../../src/cli/base.js'
import {parseInput} from '../../src/run/parse.js'
import ServeSsh from '../../src/commands/serve/ssh.js'
import {LOCKOUT_WINDOW_MS, serveOptions} from '../../src/ssh/server.js'

/** `serve ssh` flags as every path parses them: the one parser, with the defaults of the flag definitions. */
const options = (argv: string[]) => serveOptions(parseInput(specOf(ServeSsh, 'serve:ssh'), argv).flags)

describe('serve ssh options', () => {
  it('defaults to loopback, port 2222, 30 minutes idle, 3 tries, lockout after 10', () => {
    assert.deepEqual(options([]), {
      host: '127.0.0.1',
      port: 2222,
      node: undefined,
      cluster: undefined,
      idleMs: 30 * 60_000,
      maxAuthTries: 3,
      lockout: 10,
      lockoutWindowMs: LOCKOUT_WINDOW_MS,
      loginGraceMs: 60_000,
      maxStartups: 100,
      perSourceMaxStartups: 10,
      tenants: undefined,
      template: undefined,
      tenantIdleMs: 5 * 60_000,
      workers: 0,
      exitOnStdinClose: false,
    })
  })

  it('--workers: with tenants, the cores (at least 2, at most 16) unless given; 0 runs them on the main thread', () => {
    const cores = availableParallelism()
    assert.equal(options(['--tenants', '/tmp']).workers, Math.min(Math.max(cores, 2), 16))
    assert.equal(options(['--tenants', '/tmp', '--workers', '0']).workers, 0)
    assert.equal(options(['--tenants', '/tmp', '--workers', '3']).workers, 3)
    assert.equal(options(['--workers', '0']).workers, 0)
    for (const bad of [
      ['--workers', '2'],
      ['--tenants', '/tmp', '--workers', '65'],
      ['--tenants', '/tmp', '--workers=-1'],
    ])
      assert.throws(() => options(bad), UsageError, bad.join(' '))
  })

  it('reads the flags and refuses bad values with exit 2', () => {
    const o = options([
      '--host',
      '0.0.0.0',
      '--port',
      '0',
      '--idle-timeout',
      '90s',
      '--max-auth-tries',
      '5',
      '--lockout',
      '2',
      '--node',
      'imp-pub',
    ])
    assert.deepEqual(
      [o.host, o.port, o.idleMs, o.maxAuthTries, o.lockout, o.node],
      ['0.0.0.0', 0, 90_000, 5, 2, 'imp-pub'],
    )
    assert.equal(options(['--idle-timeout', '0']).idleMs, 0)
    assert.equal(options(['--idle-timeout', '24d']).idleMs, 24 * 86_400_000)
    assert.equal(options(['--host', '::1']).host, '::1')
    for (const bad of [
      ['--port', '70000'],
      ['--port', 'x'],
      ['--port=-1'],
      ['--max-auth-tries', '0'],
      ['--lockout', '1.5'],
      ['--idle-timeout', '5x'],
      ['--host', 'not-an-ip'],
      ['--host', 'localhost'],
      ['--idle-timeout', '30d'],
    ]) {
      assert.throws(() => options(bad), UsageError, bad.join(' '))
    }
  })
})
