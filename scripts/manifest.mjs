// npm run build: writes oclif.manifest.json (oclif's help, topics, fallback) and dist/commands.json (the compact
// manifest the fast path reads at every start) from the built command classes; see src/cli/manifest.ts.
import {writeFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const {buildManifest} = await import(new URL('../dist/cli/manifest.js', import.meta.url).href)
const {oclif, compact} = await buildManifest(root)
writeFileSync(new URL('../oclif.manifest.json', import.meta.url), JSON.stringify(oclif, null, 2) + '\n')
writeFileSync(new URL('../dist/commands.json', import.meta.url), JSON.stringify(compact))
const integers = Object.values(compact.commands).reduce(
  (n, c) => n + [...Object.values(c.flags), ...Object.values(c.args)].filter((d) => d.integer).length,
  0,
)
console.log(`manifest: ${Object.keys(compact.commands).length} commands, ${integers} integer flags and args`)
