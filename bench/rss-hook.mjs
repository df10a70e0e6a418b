// Preloaded with `node --import ./bench/rss-hook.mjs bin/run.js ...`: reports the process's peak resident set size on
// stderr when it exits, so benchmarks can check that memory stays bounded.
import {writeSync} from 'node:fs'

process.on('exit', () => {
  writeSync(2, `\nmaxRSS_KB=${process.resourceUsage().maxRSS}\n`)
})
