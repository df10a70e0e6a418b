// Writes data/schemas/<command-id>.json, the JSON Schema of every command's --json document, from real runs
// (shapes.ts). Run by `npm run schemas` after changing a command's --json shape; review the diff.
import {mkdirSync, readdirSync, rmSync, writeFileSync} from 'node:fs'

import {Sandbox} from '../helpers.js'
import {ERROR_SCHEMA, SCHEMA_DIR, commandSchema, isError, prepare, runCases, schemaFile} from './shapes.js'

const sb = new Sandbox()
try {
  await prepare(sb)
  const samples = await runCases(sb)
  const docs = new Map<string, unknown[]>()
  for (const s of samples) {
    for (const d of s.docs) {
      const id = isError(d) ? ERROR_SCHEMA : s.id
      docs.set(id, [...(docs.get(id) ?? []), d])
    }
  }
  mkdirSync(SCHEMA_DIR, {recursive: true})
  for (const f of readdirSync(SCHEMA_DIR)) rmSync(`${SCHEMA_DIR}/${f}`)
  for (const [id, ds] of [...docs].sort())
    writeFileSync(schemaFile(id), JSON.stringify(commandSchema(id, ds), null, 2) + '\n')
  const missing = samples.filter((s) => s.id !== ERROR_SCHEMA && s.docs.every(isError))
  for (const s of missing)
    console.error(
      `no result document from ${s.id} ${s.argv.join(' ')} (exit ${s.exitCode}): ${s.stderr.split('\n')[0]}`,
    )
  console.log(`${docs.size} schemas in data/schemas/`)
} finally {
  sb.remove()
}
