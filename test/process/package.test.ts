import assert from 'node:assert/strict'
import {mkdtempSync, readFileSync, rmSync, symlinkSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'

import {execa} from 'execa'

import {ROOT} from '../helpers.js'

/**
 * Issue 24.10: an installed copy (`npm pack`, `npm install -g`) has what the README links to and what `ucadmin demo`
 * runs, and the build writes its manifests without the `oclif` publishing tools.
 */
describe('the package as installed', function () {
  this.timeout(60_000)

  it('ships docs/, the demo and its lab, both manifests, and names its repository', async () => {
    const r = await execa('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {cwd: ROOT})
    const files = new Set((JSON.parse(r.stdout)[0].files as Array<{path: string}>).map((f) => f.path))
    for (const f of [
      'docs/architecture.md',
      'docs/shell-and-ssh.md',
      'scripts/demo.sh',
      'labs/example.yaml',
      'bin/run.js',
      'oclif.manifest.json',
      'dist/commands.json',
      'dist/commands/demo.js',
    ]) {
      assert.ok(files.has(f), `${f} is in the package`)
    }
    assert.ok(![...files].some((f) => f.startsWith('src/') || f.startsWith('test/')), 'sources and tests stay out')
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'))
    assert.match(pkg.repository.url, /github\.com/)
    assert.equal(pkg.devDependencies.oclif, undefined, 'the manifest is written with @oclif/core, not the oclif CLI')
  })

  it('`ucadmin demo` runs the demo from an unpacked copy, on a state file of its own', async function () {
    this.timeout(180_000)
    const dir = mkdtempSync(join(tmpdir(), 'ucadmin-pack-'))
    try {
      const packed = await execa('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {cwd: ROOT})
      await execa('tar', ['-xzf', join(dir, JSON.parse(packed.stdout)[0].filename), '-C', dir])
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'package', 'node_modules'))
      const mine = join(dir, 'mine.db')
      const r = await execa('node', [join(dir, 'package', 'bin', 'run.js'), 'demo'], {
        cwd: dir,
        env: {UCADMIN_DB: mine, NO_COLOR: '1'},
        reject: false,
      })
      assert.equal(r.exitCode, 0, r.stderr)
      assert.match(r.stdout, /Demo finished/)
      // The last hint works from an installed copy too (bin/run.js is relative to a clone, not to where you are).
      assert.match(r.stdout.slice(-200), /then try: ucadmin shell, or node bin\/run\.js shell in a clone\)\.$/)
      assert.doesNotMatch(r.stdout, new RegExp(mine), 'the demo leaves UCADMIN_DB alone')
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
