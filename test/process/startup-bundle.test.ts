import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {execa} from 'execa'

import {referenceSchema, SCHEMA_VERSION} from '../../src/store/db.js'
import {LAB, ROOT, Sandbox} from '../helpers.js'

/** Prints every file: URL the process loads, one per line on stderr (a module hook, registered before bin/run.js). */
const HOOK = `data:text/javascript,${encodeURIComponent(
  `import {register} from 'node:module'; register(${JSON.stringify(
    `data:text/javascript,${encodeURIComponent(
      'export async function load(url, context, next) { if (url.startsWith("file:")) process._rawDebug("LOADED " + url); return next(url, context) }',
    )}`,
  )})`,
)}`

/** The start-up bundle (scripts/bundle.mjs, docs/architecture.md decision record 1). */
describe('the start-up bundle', function () {
  this.timeout(60_000)
  const sb = new Sandbox()
  before(async () => {
    await sb.ok(LAB)
    await sb.ok(['state', 'save', 'lab'])
  })
  after(() => sb.remove())

  async function loaded(args: string[]): Promise<string[]> {
    const r = await execa('node', ['--import', HOOK, join(ROOT, 'bin', 'run.js'), ...args], {
      env: sb.commandEnv(),
      extendEnv: false,
      reject: false,
    })
    assert.equal(r.exitCode, 0, r.stderr)
    return r.stderr
      .split('\n')
      .filter((l) => l.startsWith('LOADED '))
      .map((l) => l.slice(7))
      .filter((u) => u.startsWith(pathToFileURL(ROOT).href))
      .map((u) => u.slice(pathToFileURL(ROOT).href.length).replace(/^\/?/, '/'))
  }

  it('runs a command from dist/fast/ only: no module of dist/ is loaded a second time, unbundled', async () => {
    for (const args of [
      ['utils', 'service', 'list'],
      ['utils', 'service', 'restart', 'Cisco', 'Tomcat'],
      ['state', 'restore', 'lab'],
    ]) {
      const ours = (await loaded(args)).filter((u) => u.startsWith('/dist/'))
      assert.ok(ours.length > 0 && ours.length <= 20, `${args.join(' ')}: ${ours.length} files`)
      assert.deepEqual(
        ours.filter((u) => !u.startsWith('/dist/fast/')),
        [],
        `${args.join(' ')} loads only the bundle`,
      )
    }
  })

  it('hands help to oclif, whose modules are the unbundled ones', async () => {
    const files = await loaded(['utils', 'service', 'list', '--help'])
    assert.ok(files.some((u) => u.endsWith('/dist/cli/oclif-run.js')))
    assert.ok(files.some((u) => u === '/dist/run/fast.js'))
  })

  it('the schema the build wrote (dist/store/schema.json) is what the migrations make', () => {
    const built = JSON.parse(readFileSync(join(ROOT, 'dist', 'store', 'schema.json'), 'utf8')) as {
      version: number
      objects: Array<[string, string | null]>
    }
    assert.equal(built.version, SCHEMA_VERSION)
    assert.deepEqual(new Map(built.objects), referenceSchema())
  })
})
