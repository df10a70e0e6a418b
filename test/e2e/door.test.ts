import assert from 'node:assert/strict'
import {Readable, Writable} from 'node:stream'
import {pathToFileURL} from 'node:url'

import {LAB, ROOT, Sandbox} from '../helpers.js'
import {runWords} from '../../src/run/door.js'
import {readManifest} from '../../src/run/fast.js'
import {Store} from '../../src/store/store.js'

/**
 * Issue 19.4: a new door (the HTTPS server) runs commands by words through the one parser and runner, with the
 * rules every door takes from the commands' policy fields in the manifest: no list of command ids of its own.
 */
class Capture extends Writable {
  text = ''
  override _write(chunk: Buffer, _e: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8')
    done()
  }
}

describe('a door runs commands by words, honouring the policy fields (runWords)', function () {
  this.timeout(30_000)
  let sb: Sandbox
  let store: Store
  before(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
    store = Store.open(sb.db)
  })
  after(() => {
    store.close()
    sb.remove()
  })

  async function run(words: string[], pinned = {node: 'cucm-sub1', cluster: 'lab'}) {
    const out = new Capture()
    const err = new Capture()
    const io = {in: Readable.from([]), out, err, stdinIsTTY: false, stdoutIsTTY: false, color: false, columns: 80}
    const manifest = readManifest(pathToFileURL(`${ROOT}/`))!
    const code = await runWords(words, {
      kind: 'https',
      manifest,
      pinned,
      io,
      env: {UCADMIN_DB: sb.db, UCADMIN_NODE: pinned.node, UCADMIN_CLUSTER: pinned.cluster},
      store,
    })
    return {code, stdout: out.text, stderr: err.text}
  }

  it('runs a command as the CLI would, on the door node', async () => {
    const r = await run(['utils', 'service', 'restart', 'Cisco', 'Tomcat', '--json'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(JSON.parse(r.stdout).results[0].node, 'cucm-sub1')
    assert.deepEqual(await run(['utils', 'service', 'list', '--json']).then((x) => x.code), 0)
  })

  it('refuses what the command policy refuses over a remote door, and what names another node or cluster', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['state', 'save', 'x'], /^Error: Snapshots act on the whole shared state file/],
      [['apply', '-f', 'lab.yaml'], /^Error: Lab files are applied on the server/],
      [['account', 'list'], /^Error: Accounts are managed on the server/],
      [
        ['cluster', 'create', 'b', '--version', '14SU3', '--publisher', 'b-pub'],
        /^Error: An SSH session stays in its cluster \(lab\): it cannot create clusters\./,
      ],
      [['cluster', 'show', 'other'], /cannot run commands on cluster other/],
      [['show', 'status', '--node', 'cucm-pub'], /logged in to cucm-sub1; it cannot run commands on cucm-pub/],
      [
        ['sim', 'alarm', 'raise', '--severity', 'Error', '--message', 'm', '--count', '20000'],
        /--count takes at most 10,000/,
      ],
      [['cluster', 'export', '--output', '/tmp/x.yaml'], /cannot write files on the server/],
      [['shell'], /cannot run inside the admin: shell/],
    ]
    for (const [words, want] of cases) {
      const r = await run(words)
      assert.equal(r.code, 2, words.join(' '))
      assert.match(r.stderr, want, words.join(' '))
    }
  })
})
