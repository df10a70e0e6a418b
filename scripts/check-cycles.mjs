// Refuses cycles between folders of src/ (npm test): folder A imports folder B, which (through any chain) imports A.
// Every import counts, dynamic import() included; type-only imports (`import type`, `import {type X}`) do not, as
// they vanish when compiled. Each folder is a node (src/features/guide/onboarding and its handlers/ are two), so a
// feature's handlers may use a feature of the same tier that uses the feature's domain. See docs/architecture.md.
import {readFileSync, readdirSync} from 'node:fs'
import {dirname, join, normalize, relative} from 'node:path'
import {fileURLToPath} from 'node:url'

// `node scripts/check-cycles.mjs [ROOT]`: the src/ folder of ROOT (default: this repository).
const root = process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..')
const src = join(root, 'src')

function* files(dir) {
  for (const e of readdirSync(dir, {withFileTypes: true})) {
    if (e.isDirectory()) yield* files(join(dir, e.name))
    else if (e.name.endsWith('.ts')) yield join(dir, e.name)
  }
}

const STATIC = /^\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"](\.[^'"]+)['"]/gm
const DYNAMIC = /(?<![\w.])import\(\s*['"](\.[^'"]+)['"]\s*\)/g
const typeOnly = (clause) =>
  /^\{[^}]*\}$/s.test(clause) &&
  clause
    .slice(1, -1)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .every((s) => s.startsWith('type '))

/** Folder -> folder -> an example `file -> import` for the report. */
const edges = new Map()
for (const file of files(src)) {
  const text = readFileSync(file, 'utf8')
  const specs = []
  for (const m of text.matchAll(STATIC)) if (!m[2] && !typeOnly(m[3])) specs.push(m[4])
  for (const m of text.matchAll(DYNAMIC)) {
    // `typeof import('...')` is a type, not a load.
    if (!/typeof\s*$/.test(text.slice(Math.max(0, m.index - 12), m.index))) specs.push(m[1])
  }
  const from = relative(root, dirname(file))
  for (const spec of specs) {
    const to = relative(root, dirname(normalize(join(dirname(file), spec))))
    if (to === from || !to.startsWith('src')) continue
    if (!edges.has(from)) edges.set(from, new Map())
    if (!edges.get(from).has(to)) edges.get(from).set(to, `${relative(root, file)} -> ${spec}`)
  }
}

// Tarjan's strongly connected components: any component of more than one folder is a cycle.
let index = 0
const idx = new Map()
const low = new Map()
const stack = []
const on = new Set()
const cycles = []
function visit(v) {
  idx.set(v, index)
  low.set(v, index++)
  stack.push(v)
  on.add(v)
  for (const w of edges.get(v)?.keys() ?? []) {
    if (!idx.has(w)) {
      visit(w)
      low.set(v, Math.min(low.get(v), low.get(w)))
    } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w)))
  }
  if (low.get(v) === idx.get(v)) {
    const c = []
    let w
    do {
      w = stack.pop()
      on.delete(w)
      c.push(w)
    } while (w !== v)
    if (c.length > 1) cycles.push(c.sort())
  }
}
for (const v of edges.keys()) if (!idx.has(v)) visit(v)

if (cycles.length) {
  for (const c of cycles) {
    console.error(`Import cycle between folders: ${c.join(', ')}`)
    for (const a of c)
      for (const [b, why] of edges.get(a) ?? []) if (c.includes(b)) console.error(`  ${a} -> ${b}  (${why})`)
  }
  console.error('Break it: move the shared code down a tier, or hand it in through the context (docs/architecture.md).')
  process.exit(1)
}
console.log(
  `No import cycles between the ${new Set([...edges.keys(), ...[...edges.values()].flatMap((m) => [...m.keys()])]).size} folders of src/.`,
)
