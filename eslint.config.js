// ESLint: TypeScript's recommended rules, and the import direction between layers and features.
//
// Layers, lowest first; a layer imports only from itself and the layers below it:
//   src/core      errors, ids, time, catalogue loading: imports nothing of ucadmin
//   src/store     the SQLite state file and its migrations: core
//   src/render    CUCM tables, colour: core
//   src/features  the rules of the guide, by feature, with their handlers and store access: core, store, render,
//                 other features, and the command contract (src/cli/handler.ts, src/cli/io.ts)
//   src/cli, src/shell, src/ssh, src/https, src/web, src/commands   front doors: anything
import tseslint from 'typescript-eslint'

const layer = (files, patterns, message) => ({
  files,
  rules: {'no-restricted-imports': ['error', {patterns: patterns.map((group) => ({group, message}))}]},
})
const UP = ['**/cli/*', '**/shell/*', '**/ssh/*', '**/https/*', '**/web/*', '**/commands/*']
const CONTRACT_OK = ['!**/cli/handler.js', '!**/cli/io.js']

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', 'bench/**', 'scripts/**', 'bin/**', 'oclif.manifest.json']},
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none'}],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  layer(['src/core/**/*.ts'], [['**/store/*', '**/render/*', '**/features/*', ...UP]], 'src/core imports nothing of ucadmin (see eslint.config.js).'),
  layer(['src/store/**/*.ts'], [['**/render/*', '**/features/*', ...UP]], 'src/store imports only src/core.'),
  layer(['src/render/**/*.ts'], [['**/store/*', '**/features/*', ...UP]], 'src/render imports only src/core.'),
  layer(['src/features/**/*.ts'], [[...UP, ...CONTRACT_OK]], 'Features import core, store, render, other features and the command contract (cli/handler, cli/io), never a front door.'),
  {files: ['test/**/*.ts'], rules: {'@typescript-eslint/no-unused-expressions': 'off'}},
)
