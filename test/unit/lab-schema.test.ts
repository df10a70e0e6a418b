import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'

import {paramCatalogue} from '../../src/features/guide/onboarding/parameters.js'

describe('data/lab.schema.json', () => {
  const schema = JSON.parse(readFileSync(new URL('../../data/lab.schema.json', import.meta.url), 'utf8'))

  it('names every parameter of the catalogue, with its allowed values', () => {
    const props = schema.definitions.cluster.properties.parameters.properties
    assert.deepEqual(Object.keys(props).sort(), paramCatalogue().map((p) => p.id).sort())
    for (const p of paramCatalogue().filter((x) => x.type === 'enum')) assert.deepEqual(props[p.id].enum, p.values)
  })

  it('never has a key for an inline password', () => {
    assert.equal(schema.definitions.account.additionalProperties, false)
    assert.equal(schema.definitions.account.properties.password, undefined)
  })
})
