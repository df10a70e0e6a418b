import assert from 'node:assert/strict'
import {fileURLToPath} from 'node:url'

import {ESLint} from 'eslint'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** The messages ESLint (eslint.config.js) gives for CODE as if it were the file at PATH. */
async function lint(path: string, code: string): Promise<string[]> {
  const eslint = new ESLint({cwd: ROOT})
  const [r] = await eslint.lintText(code, {filePath: `${ROOT}/${path}`})
  return r.messages.map((m) => m.message)
}

describe('the tier and layer rules (eslint.config.js, docs/architecture.md)', function () {
  this.timeout(60_000)

  it('refuses a lower tier importing a higher one, statically or with import()', async () => {
    const static_ = await lint(
      'src/features/world/cluster/x.ts',
      "import {deliver} from '../../paths/push/delivery.js'\nexport const x = deliver\n",
    )
    assert.match(static_.join('\n'), /src\/features\/world imports its own tier and the tiers below/)
    const dynamic = await lint(
      'src/features/platform/services/x.ts',
      "export const x = () => import('../../guide/tokens/tokens.js')\n",
    )
    assert.match(dynamic.join('\n'), /src\/features\/platform imports its own tier and the tiers below/)
  })

  it('refuses features, doors and src/cli importing the composition root', async () => {
    for (const path of ['src/features/scenario/labs/x.ts', 'src/shell/x.ts', 'src/cli/x.ts']) {
      const depth = path.split('/').length - 2
      const msgs = await lint(path, `export const x = () => import('${'../'.repeat(depth)}compose/root.js')\n`)
      assert.ok(msgs.length > 0, `${path} may not import src/compose`)
    }
  })

  it('allows the same tier, lower tiers, type-only imports upward, and the runner importing the composition root', async () => {
    assert.deepEqual(
      await lint(
        'src/features/paths/calls/x.ts',
        "import {trace} from '../../platform/traces/traces.js'\nimport {x as y} from '../push/push.js'\nimport type {ProcedureResult} from '../../scenario/labs/apply.js'\nexport const x: ProcedureResult | undefined = undefined\nexport const z = [trace, y]\n",
      ),
      [],
    )
    assert.deepEqual(await lint('src/run/x.ts', "export const x = () => import('../compose/root.js')\n"), [])
  })
})
