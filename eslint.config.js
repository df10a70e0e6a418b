// ESLint: TypeScript's recommended rules, and the import direction between layers and tiers (docs/architecture.md).
//
// Layers, lowest first; a layer imports only from itself and the layers below it (type-only imports aside, so the
// command contract can name a cluster row or the clock's type). Dynamic import() is held to the same rules.
//   src/core        errors, ids, time, catalogue loading: nothing of ucadmin
//   src/store       the SQLite state file and its migrations
//   src/render      CUCM tables, colour
//   src/command     the command contract: Handler, Ctx, Input, executeBody, IOStreams, session types
//   src/features    the rules of the guide, in tiers, lowest first: world < platform < guide < paths < scenario
//                   (src/features/<tier>/<feature>/); a tier imports its own tier and the tiers below
//   src/compose     the composition root: the reaction tables (clock events, service changes), read by src/run only
//   src/run         the one parser, the fast path's manifest, the runner and the one Ctx factory
//   src/shell, src/ssh, src/https, src/web   the doors (the admin: shell, SSH, HTTPS, the administration pages)
//   src/cli         the process entry, oclif's base class, the session registry
//   src/commands    oclif command classes
// Cycles between folders are refused by scripts/check-cycles.mjs (npm test).
import tseslint from 'typescript-eslint'

const TIERS = ['world', 'platform', 'guide', 'paths', 'scenario']
const LAYERS = ['core', 'store', 'render', 'command', 'features', 'compose', 'run', 'doors', 'cli', 'commands']
const DOORS = ['shell', 'ssh', 'https', 'web']
/** Doors built on another: SSH sessions run the admin: shell; the HTTPS server serves the pages (src/web). */
const DOOR_USES = {ssh: ['shell'], https: ['web']}
/** The folders above a layer, as a regular expression on an import path. */
const folders = (names) => `(^|/)(${names.join('|')})/`
const above = (layer) =>
  LAYERS.slice(LAYERS.indexOf(layer) + 1).flatMap((l) =>
    l === 'doors' ? DOORS : l === 'features' ? ['features', ...TIERS] : [l],
  )

/** Refuses imports (static, and dynamic import()) matching `regex` from `files`; type-only imports pass. */
const refuse = (files, regex, message) => ({
  files,
  rules: {
    '@typescript-eslint/no-restricted-imports': ['error', {patterns: [{regex, message, allowTypeImports: true}]}],
    'no-restricted-syntax': [
      'error',
      {selector: `ImportExpression[source.value=/${regex.replaceAll('/', '\\/')}/]`, message},
    ],
  },
})
const layer = (name, dir = name) =>
  refuse(
    [`src/${dir}/**/*.ts`],
    folders(above(name)),
    `src/${dir} imports only the layers below it (see eslint.config.js, docs/architecture.md).`,
  )
const tier = (t) =>
  refuse(
    [`src/features/${t}/**/*.ts`],
    folders([
      ...TIERS.slice(TIERS.indexOf(t) + 1),
      ...above('features').filter((l) => !TIERS.includes(l) && l !== 'features'),
    ]),
    `src/features/${t} imports its own tier and the tiers below (${TIERS.join(' < ')}), never src/compose or a door: the reactions come through the context.`,
  )

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'bench/**', 'scripts/**', 'bin/**', 'oclif.manifest.json']},
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'},
      ],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  layer('core'),
  layer('store'),
  refuse(['src/render/**/*.ts'], folders(['store', ...above('store')]), 'src/render imports only src/core.'),
  layer('command'),
  ...TIERS.map(tier),
  layer('compose'),
  layer('run'),
  // The doors import the layers below them except src/compose: only the runner (src/run) reads the reaction tables.
  ...DOORS.map((d) =>
    refuse(
      [`src/${d}/**/*.ts`],
      folders(['compose', ...DOORS.filter((x) => x !== d && !(DOOR_USES[d] ?? []).includes(x)), 'cli', 'commands']),
      `src/${d} imports the layers below the doors${DOOR_USES[d] ? ` and ${DOOR_USES[d].map((x) => `src/${x}`).join(', ')}` : ''}, but not src/compose (see eslint.config.js).`,
    ),
  ),
  refuse(
    ['src/cli/**/*.ts'],
    folders(['compose', ...above('cli')]),
    'src/cli imports the layers below it, but not src/compose: the runner (src/run) hands the reactions out.',
  ),
  {files: ['test/**/*.ts'], rules: {'@typescript-eslint/no-unused-expressions': 'off'}},
)
