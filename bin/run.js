#!/usr/bin/env node
// Production entry point. Most invocations are served by the fast path (dist/cli/main.js), which parses argv
// against oclif.manifest.json and runs the command's handler without importing @oclif/core. Anything the fast
// path does not recognise (help, autocomplete, unknown commands or flags) is handed to oclif itself.
import {main} from '../dist/cli/main.js'

await main(process.argv.slice(2), {root: new URL('..', import.meta.url)})
