#!/usr/bin/env node
// Build step (npm run build, after tsc): the fast path's start-up bundle in dist/fast/, so that a command loads a
// handful of files instead of about 45 ES modules (each costs a resolve, a read and a compile at every start).
// - dist/fast/main.js: the runtime, one file: src/cli/main.ts with the fast path, the runners and everything they
//   import statically (the store and its migrations, the clock, the context...). Each of its modules' exports are
//   also exported as a namespace (m0, m1, ...), for the files below.
// - the rest, split (esbuild code splitting): every module the runtime imports dynamically (the command bodies,
//   the composition root's reaction tables) and what they share. Their imports of a runtime module read the
//   runtime's namespace, so every module exists once in a process.
// - What the fast path hands to oclif (src/cli/oclif-run.ts) and the long-running sessions (src/cli/session.ts)
//   stay unbundled: they and everything they load are the modules of dist/, so a class (UcError, the run context
//   oclif's commands read) is never met in two copies.
// - A module's import.meta.url is its own unbundled file (dist/...), so paths it makes relative to itself (data/,
//   package.json, dist/vendor/) resolve as they do unbundled. Packages (better-sqlite3, chalk, ...) are not bundled.
// bin/run.js runs dist/fast/main.js, and dist/cli/main.js when it is missing. Also writes dist/store/schema.json.
import {readFileSync, rmSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const require = createRequire(import.meta.url)
const esbuild = require('esbuild')
const root = fileURLToPath(new URL('..', import.meta.url))
const dist = join(root, 'dist')
const outdir = join(dist, 'fast')
const MAIN = join(dist, 'cli', 'main.js')
/** The runtime's roots: the entry and the runners it imports lazily unbundled (always needed by a command). */
const ROOTS = [MAIN, ...['fast', 'runner', 'lean'].map((m) => join(dist, 'run', `${m}.js`))]
/** Modules of dist/cli/main.js that stay unbundled (see above). */
const OUTSIDE = new Set(['oclif-run.js', 'session.js'].map((m) => join(dist, 'cli', m)))

const posix = (p) => p.split('\\').join('/')
const fromOut = (file) => {
  const r = posix(relative(outdir, file))
  return r.startsWith('.') ? r : `./${r}`
}
/** The file name in dist/fast/ of a module imported dynamically by the runtime. */
const lazyName = (file) => posix(relative(dist, file)).replace(/\.js$/, '').replaceAll('/', '-')

const common = {
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  logLevel: 'warning',
}

/** A module's import.meta.url: its own unbundled file. */
const ownUrl = (build) =>
  build.onLoad({filter: /\.js$/}, (a) => {
    const text = readFileSync(a.path, 'utf8')
    // Only import.meta.url is made the module's own: anything else of import.meta would be the bundle's file.
    const other = /import\.meta\.(?!url\b)\w+/.exec(text)
    if (other) throw new Error(`${a.path}: ${other[0]} in a bundled module; use import.meta.url (scripts/bundle.mjs)`)
    if (!text.includes('import.meta.url')) return undefined
    const own = `new URL(${JSON.stringify(fromOut(a.path))}, import.meta.url).href`
    return {contents: text.replaceAll('import.meta.url', own), loader: 'js'}
  })

/** The runtime's modules, by the name of their namespace in dist/fast/main.js. */
let ns

/** In the runtime: dynamic imports are other files (bundled below, or unbundled when OUTSIDE). */
const lazy = new Set()
const runtimePlugin = {
  name: 'ucadmin-runtime',
  setup(build) {
    build.onResolve({filter: /^\./}, (a) => {
      if (a.kind !== 'dynamic-import') return undefined
      const file = resolve(a.resolveDir, a.path)
      if (OUTSIDE.has(file)) return {path: fromOut(file), external: true}
      if (ROOTS.includes(file) || ns?.has(file)) return undefined
      lazy.add(file)
      return {path: `./${lazyName(file)}.js`, external: true}
    })
    ownUrl(build)
  },
}

rmSync(outdir, {recursive: true, force: true})
// The current schema as the migrations make it, for referenceSchema() (src/store/db.ts): a restore compares a
// snapshot's schema with it, and would otherwise run every migration in memory first (about 8 ms).
const schemaFile = join(dist, 'store', 'schema.json')
rmSync(schemaFile, {force: true})
const {referenceSchema, SCHEMA_VERSION} = await import(pathToFileURL(join(dist, 'store', 'db.js')).href)
writeFileSync(schemaFile, JSON.stringify({version: SCHEMA_VERSION, objects: [...referenceSchema()]}))

// The runtime's modules: what the roots import statically.
const probe = await esbuild.build({
  ...common,
  stdin: {contents: ROOTS.map((f) => `import ${JSON.stringify(f)}`).join('\n'), resolveDir: dist, loader: 'js'},
  write: false,
  metafile: true,
  plugins: [runtimePlugin],
})
const runtime = Object.keys(probe.metafile.inputs)
  .map((f) => resolve(root, f))
  .filter((f) => f.startsWith(dist))
ns = new Map(runtime.map((f, i) => [f, `m${i}`]))
/** Writes dist/fast/main.js: the runtime, exporting each module's namespace and the names in `flat`. */
const buildRuntime = async (flat = new Map()) => {
  lazy.clear()
  await esbuild.build({
    ...common,
    stdin: {
      contents: [
        `export {main, runArgv} from ${JSON.stringify(MAIN)}`,
        ...runtime.map((f) => `export * as ${ns.get(f)} from ${JSON.stringify(f)}`),
        ...[...flat].map(([f, names]) => `export {${names.join(', ')}} from ${JSON.stringify(f)}`),
      ].join('\n'),
      resolveDir: dist,
      sourcefile: 'main.js',
      loader: 'js',
    },
    outfile: join(outdir, 'main.js'),
    plugins: [runtimePlugin],
  })
}
await buildRuntime()

// The runtime's exports by module. A module whose every export has a name of its own (no other runtime module
// exports another value under it) is imported by the files below straight from main.js, which exports those names
// too; the others through a small module reading its namespace.
const built = await import(pathToFileURL(join(outdir, 'main.js')).href)
const names = new Map(runtime.map((f) => [f, Object.keys(built[ns.get(f)])]))
const owner = new Map()
for (const f of runtime)
  for (const n of names.get(f)) {
    const value = built[ns.get(f)][n]
    owner.set(
      n,
      owner.has(n) && owner.get(n).value !== value ? {value, clash: true} : {value, clash: owner.get(n)?.clash},
    )
  }
const direct = new Map(
  runtime
    .filter((f) => names.get(f).every((n) => n !== 'default' && !owner.get(n).clash))
    .map((f) => [f, names.get(f)]),
)
const seen = new Set()
await buildRuntime(
  new Map(
    [...direct]
      .map(([f, ns]) => [f, ns.filter((n) => !seen.has(n) && seen.add(n) && n !== 'main' && n !== 'runArgv')])
      .filter(([, ns]) => ns.length > 0),
  ),
)
const facade = (file) => {
  const plain = names.get(file).filter((n) => n !== 'default')
  return [
    `import {${ns.get(file)} as m} from './main.js'`,
    plain.length ? `export const {${plain.join(', ')}} = m` : '',
    names.get(file).includes('default') ? 'export default m.default' : '',
  ].join('\n')
}

const lazyResult = await esbuild.build({
  ...common,
  entryPoints: Object.fromEntries([...lazy].map((f) => [lazyName(f), f])),
  splitting: true,
  outdir,
  chunkNames: 'chunk-[hash]',
  metafile: true,
  plugins: [
    {
      name: 'ucadmin-lazy',
      setup(build) {
        build.onResolve({filter: /^\./}, (a) => {
          const file = resolve(a.resolveDir, a.path)
          if (OUTSIDE.has(file)) return {path: fromOut(file), external: true}
          if (direct.has(file)) return {path: './main.js', external: true}
          if (ns.has(file)) return {path: file, namespace: 'runtime'}
          return undefined
        })
        build.onLoad({filter: /.*/, namespace: 'runtime'}, (a) => ({
          contents: facade(a.path),
          resolveDir: outdir,
          loader: 'js',
        }))
        build.onResolve({filter: /^\.\/main\.js$/, namespace: 'runtime'}, () => ({
          path: './main.js',
          external: true,
        }))
        ownUrl(build)
      },
    },
  ],
})
const files = Object.keys(lazyResult.metafile.outputs).length + 1
console.log(
  `fast path: ${runtime.length} modules in dist/fast/main.js (${runtime.length - direct.size} through a namespace), the rest in ${files - 1} files`,
)
