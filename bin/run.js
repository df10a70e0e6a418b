#!/usr/bin/env node
// Production entry point. Most invocations are served by the fast path (src/cli/main.ts), which parses argv
// against the compact manifest (dist/commands.json) and runs the command's body without importing @oclif/core.
// Anything the fast path does not recognise (help, autocomplete, unknown commands or flags) is handed to oclif
// itself. The fast path runs from its start-up bundle (dist/fast/, scripts/bundle.mjs: a few files instead of
// about 45 ES modules), or from dist/cli/main.js when the bundle was not built.
const {main} = await import('../dist/fast/main.js').catch((error) => {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !/dist[\\/]fast[\\/]main\.js/.test(error.message)) throw error
  return import('../dist/cli/main.js')
})

await main(process.argv.slice(2), {root: new URL('..', import.meta.url)})
