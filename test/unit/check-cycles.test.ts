import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

const SCRIPT = fileURLToPath(new URL('../../scripts/check-cycles.mjs', import.meta.url))

/** Runs the cycle check (npm run lint) on a tree of files. */
function check(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'ucadmin-cycles-'))
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), {recursive: true})
      writeFileSync(join(root, path), text)
    }
    const r = spawnSync(process.execPath, [SCRIPT, root], {encoding: 'utf8'})
    return {code: r.status, stderr: r.stderr}
  } finally {
    rmSync(root, {recursive: true, force: true})
  }
}

describe('the folder cycle check (scripts/check-cycles.mjs)', () => {
  it('passes this repository', () => {
    const r = spawnSync(process.execPath, [SCRIPT], {encoding: 'utf8'})
    assert.equal(r.status, 0, r.stderr)
  })

  it('refuses a cycle between folders, dynamic import() included, and names the imports', () => {
    const r = check({
      'src/a/x.ts': "import {y} from '../b/y.js'\nexport const x = y\n",
      'src/b/y.ts': "export const y = 1\nexport const z = () => import('../a/x.js')\n",
    })
    assert.equal(r.code, 1)
    assert.match(r.stderr, /Import cycle between folders: src\/a, src\/b/)
    assert.match(r.stderr, /src\/b -> src\/a {2}\(src\/b\/y\.ts -> \.\.\/a\/x\.js\)/)
  })

  it('lets type-only imports and typeof import() look anywhere', () => {
    const r = check({
      'src/a/x.ts': "import {y} from '../b/y.js'\nexport const x = y\n",
      'src/b/y.ts':
        "import type {X} from '../a/x.js'\nimport {type W} from '../a/x.js'\nexport const y = 1\nexport type T = X | W | typeof import('../a/x.js')\n",
    })
    assert.equal(r.code, 0, r.stderr)
  })
})
