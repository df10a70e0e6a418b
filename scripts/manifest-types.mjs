// After `oclif manifest`: writes what the one parser (src/run/parse.ts) needs beyond oclif's manifest into
// oclif.manifest.json: the bounds of integer flags and args (Flags.integer({min, max}), Args.integer), read from the
// built command classes by the same specOf() that UcCommand uses, and `typed: true` on each command so the fast path
// knows the manifest carries them (an older manifest sends every command through oclif instead).
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

const root = new URL('..', import.meta.url)
const file = new URL('oclif.manifest.json', root)
const manifest = JSON.parse(readFileSync(file, 'utf8'))
const {specOf} = await import(new URL('dist/cli/base.js', root).href)
let integers = 0
for (const cmd of Object.values(manifest.commands)) {
  const mod = await import(pathToFileURL(join(root.pathname, ...cmd.relativePath)).href)
  const spec = specOf(mod.default, cmd.id)
  for (const [kind, defs] of [['flags', spec.flags], ['args', spec.args]]) {
    for (const [name, d] of Object.entries(defs)) {
      if (!d.integer) continue
      cmd[kind][name].integer = d.integer
      integers++
    }
  }
  cmd.typed = true
}
writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n')
console.log(`manifest types: ${integers} integer flags and args`)
