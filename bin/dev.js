#!/usr/bin/env -S node --import tsx
// Development entry point: runs the TypeScript sources through tsx, always through oclif (no manifest, no fast path).
import {main} from '../src/cli/main.ts'

await main(process.argv.slice(2), {root: new URL('..', import.meta.url), development: true})
