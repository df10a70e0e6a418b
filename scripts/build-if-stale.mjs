// npm test: builds (npm run build) unless dist/ is newer than every source it is built from, so that
// `npm install-test` builds once (prepare already built it). `npm run build` always builds.
import {execSync} from 'node:child_process'
import {readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const mtime = (p) => {
  try {
    return statSync(join(root, p)).mtimeMs
  } catch {
    return -1
  }
}
function newest(dir) {
  let t = 0
  for (const e of readdirSync(join(root, dir), {withFileTypes: true})) {
    const p = join(dir, e.name)
    t = Math.max(t, e.isDirectory() ? newest(p) : mtime(p))
  }
  return t
}
const built = Math.min(mtime('dist/commands.json'), mtime('oclif.manifest.json'), mtime('dist/fast/main.js'))
const sources = Math.max(
  newest('src'),
  newest('data'),
  newest('scripts'),
  mtime('package.json'),
  mtime('tsconfig.json'),
)
if (built < sources) execSync('npm run build', {cwd: root, stdio: 'inherit'})
else console.log('dist/ is up to date (npm run build rebuilds it).')
