import assert from 'node:assert/strict'
import {readFileSync, readdirSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'

import {ROOT, Sandbox} from '../helpers.js'
import {
  CASES,
  ERROR_SCHEMA,
  NOT_A_DOCUMENT,
  SCHEMA_DIR,
  isError,
  prepare,
  runCases,
  schemaFile,
  type Sample,
} from '../json-shapes/shapes.js'

const Ajv = createRequire(import.meta.url)('ajv') as typeof import('ajv').default
const manifest = JSON.parse(readFileSync(join(ROOT, 'oclif.manifest.json'), 'utf8')) as {
  commands: Record<string, {id: string; flags: Record<string, unknown>}>
}

describe('--json shapes: every command document matches its schema in data/schemas/ (npm run schemas regenerates them)', function () {
  this.timeout(120_000)
  let sb: Sandbox
  let samples: Sample[]
  before(async () => {
    sb = new Sandbox()
    await prepare(sb)
    samples = await runCases(sb)
  })
  after(() => sb.remove())

  it('has a case and a schema for every command with --json, and no schema for a command that is gone', () => {
    const withJson = Object.values(manifest.commands)
      .filter((c) => c.flags.json)
      .map((c) => c.id)
    assert.ok(withJson.length > 100, `${withJson.length} commands with --json`)
    const uncovered = withJson.filter((id) => !(id in NOT_A_DOCUMENT) && !CASES[id]?.length)
    assert.deepEqual(uncovered, [], 'add cases to test/json-shapes/shapes.ts')
    const files = new Set(readdirSync(SCHEMA_DIR))
    const missing = withJson.filter((id) => !(id in NOT_A_DOCUMENT) && !files.has(schemaFile(id).split('/').pop()!))
    assert.deepEqual(missing, [], 'run npm run schemas')
    const known = new Set([...withJson, ERROR_SCHEMA].map((id) => schemaFile(id).split('/').pop()))
    assert.deepEqual(
      [...files].filter((f) => !known.has(f)),
      [],
      'schemas of commands that no longer exist',
    )
  })

  it('each case prints a result document (or an error document) that matches its schema', () => {
    const ajv = new Ajv({allErrors: true, strict: false})
    const validators = new Map<string, ReturnType<typeof ajv.compile>>()
    const validator = (id: string) => {
      if (!validators.has(id)) validators.set(id, ajv.compile(JSON.parse(readFileSync(schemaFile(id), 'utf8'))))
      return validators.get(id)!
    }
    const failures: string[] = []
    for (const s of samples) {
      assert.ok(s.docs.length >= 1, `${s.id}: no document`)
      if (s.id !== ERROR_SCHEMA)
        assert.ok(
          s.docs.some((d) => !isError(d)),
          `${s.id} ${s.argv.join(' ')}: failed (exit ${s.exitCode}): ${s.stderr}`,
        )
      for (const d of s.docs) {
        const id = isError(d) ? ERROR_SCHEMA : s.id
        const v = validator(id)
        if (!v(d))
          failures.push(
            `ucadmin ${s.id.replaceAll(':', ' ')} ${s.argv.join(' ')} --json: ${ajv.errorsText(v.errors, {separator: '; '})}`,
          )
      }
    }
    assert.deepEqual(
      failures,
      [],
      'a --json shape changed: if on purpose, run npm run schemas and commit data/schemas/',
    )
  })

  it('fails when a document gains, loses or retypes a field (the schemas are strict)', () => {
    const ajv = new Ajv({allErrors: true, strict: false})
    const v = ajv.compile(JSON.parse(readFileSync(schemaFile('cluster:list'), 'utf8')))
    const doc = samples.find((s) => s.id === 'cluster:list')!.docs[0] as {clusters: Array<Record<string, unknown>>}
    assert.ok(v(doc))
    const row = doc.clusters[0]
    assert.equal(v({...doc, extra: 1}), false)
    assert.equal(v({clusters: [{...row, newField: true}]}), false)
    const {[Object.keys(row)[0]]: _dropped, ...fewer} = row
    assert.equal(v({clusters: [fewer]}), false)
    assert.equal(v({clusters: [{...row, [Object.keys(row)[0]]: [1]}]}), false)
  })
})
