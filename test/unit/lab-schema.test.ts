import assert from 'node:assert/strict'
import {existsSync, readFileSync} from 'node:fs'

import {LEVELS, MAX_PUSH_FREQUENCY, MIN_PUSH_FREQUENCY} from '../../src/features/platform/alarms/alarms.js'
import {paramCatalogue} from '../../src/features/guide/onboarding/parameters.js'
// @ts-expect-error: a build script in JavaScript, without types
import {SCHEMA_FILE, TYPES_FILE, labTypes} from '../../scripts/lab-types.mjs'

describe('data/lab.schema.json', () => {
  const schema = JSON.parse(readFileSync(new URL('../../data/lab.schema.json', import.meta.url), 'utf8'))

  it('names every parameter of the catalogue, with its allowed values', () => {
    const props = schema.definitions.cluster.properties.parameters.properties
    assert.deepEqual(
      Object.keys(props).sort(),
      paramCatalogue()
        .map((p) => p.id)
        .sort(),
    )
    for (const p of paramCatalogue().filter((x) => x.type === 'enum')) assert.deepEqual(props[p.id].enum, p.values)
  })

  it('never has a key for an inline password', () => {
    assert.equal(schema.definitions.account.additionalProperties, false)
    assert.equal(schema.definitions.account.properties.password, undefined)
  })

  it('the TypeScript types of a lab file are generated from it (npm run gen:lab-types)', () => {
    const want = labTypes(JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')))
    assert.equal(
      readFileSync(TYPES_FILE, 'utf8'),
      want,
      'src/features/scenario/labs/lab-types.ts differs from the schema: run npm run gen:lab-types',
    )
  })

  it('takes the alarm settings from the guide constants (pushfrequency 5..90, the five levels)', () => {
    const a = schema.definitions.cluster.properties.alarms.properties
    assert.deepEqual([a.pushfrequency.minimum, a.pushfrequency.maximum], [MIN_PUSH_FREQUENCY, MAX_PUSH_FREQUENCY])
    assert.deepEqual(a.minpushlevel.enum, [...LEVELS])
  })

  it('the built CLI checks lab files with the validator compiled at build time (no schema compile at every apply)', async function () {
    const built = new URL('../../dist/features/scenario/labs/labfile.js', import.meta.url)
    if (!existsSync(built)) this.skip() // before the first npm run build
    const labfile = (await import(built.href)) as {usesCompiledValidator(): boolean}
    assert.equal(labfile.usesCompiledValidator(), true)
  })
})
