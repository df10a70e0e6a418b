import assert from 'node:assert/strict'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'

import {matchCommand, readManifest} from '../../src/run/fast.js'
import {parseInput, parseRawWords} from '../../src/run/parse.js'
import {CLUSTER_RESOURCES, LAB_RESOURCES} from '../../src/features/scenario/labs/resources/index.js'
import {ROOT, Sandbox} from '../helpers.js'

/** The words a POSIX shell reads from the steps' quoting (bare words and single quotes). */
function shellWords(text: string): string[] {
  const words: string[] = []
  for (const m of text.matchAll(/(?:[^\s']+|'[^']*')+/g)) words.push(m[0].replace(/'([^']*)'/g, '$1'))
  return words
}

/** The reconciler kind a resource of apply's result belongs to. */
function kindOf(resource: string): string {
  if (resource === 'current') return 'current'
  if (resource.startsWith('account/')) return 'accounts'
  const [, , kind] = resource.split('/')
  return kind === undefined
    ? 'cluster'
    : ((
        {
          group: 'groups',
          'device-pool': 'devicePools',
          client: 'clients',
          'uc-service': 'ucServices',
          'service-profile': 'serviceProfiles',
        } as Record<string, string>
      )[kind] ?? kind)
}

const FIRST = `
clusters:
  lab:
    version: 12.5(1)SU3
    licensing: smart
    nodes:
      - {host: cucm-pub, role: publisher}
      - {host: cucm-sub1, role: subscriber}
      - {host: imp-pub, role: imp-publisher}
    certificates: [{store: tomcat-trust, name: Example-Root-CA.pem}]
    parameters: {push-ha: Enabled, oauth-refresh-login-flow: Enabled, stream-management: Enabled, enable-voip-socket: "true", oauth-access-token-expiry: 30}
    onboarding: {onboarded: true, troubleshooting: true, proxy: {url: "http://proxy.example.com:3128", auth: digest}}
    expressway: {deployed: true, oauthRefresh: true, mra: true}
    alarms: {pushfrequency: 15, minpushlevel: Warning}
    groups: [{name: G1, nodes: [cucm-sub1, cucm-pub]}]
    devicePools: [{name: DP 1, group: G1}]
    ucServices: [{name: WardConfig, description: Ward Wi-Fi, parameters: {local-push-ssid-list: "Ward1;Ward2"}}]
    serviceProfiles: [{name: WardProfile, mobile: WardConfig}]
    clients:
      - {user: alice, platform: ios, node: imp-pub, devicePool: DP 1, mra: true, serviceProfile: WardProfile}
      - {user: bob, app: webex, platform: android, suspended: true}
  old:
    version: 11.5(1)SU8
    licensing: plm
    nodes: [{host: old-pub, role: publisher}]
    onboarding: {onboarded: true}
accounts:
  - {name: admin, passwordFile: pw.txt}
  - {name: ops, passwordEnv: OPS_PW, node: cucm-sub1}
current: old
`

const SECOND = `
clusters:
  lab:
    version: 14SU3
    nodes:
      - {host: cucm-pub, role: publisher}
      - {host: cucm-sub1, role: subscriber}
      - {host: imp-pub, role: imp-publisher}
      - {host: imp-sub, role: imp-subscriber}
    parameters: {push-ha: Disabled}
    onboarding: {onboarded: true, troubleshooting: false, proxy: null}
    alarms: {pushfrequency: 90, minpushlevel: Critical}
    ucServices: [{name: WardConfig, parameters: {local-push-ssid-list: Ward1}}]
    clients:
      - {user: alice, node: imp-pub, suspended: true, serviceProfile: Default}
      - {user: bob, app: webex, suspended: false}
  old:
    version: 11.5(1)SU8
    licensing: none
    nodes: [{host: old-pub, role: publisher}]
    onboarding: {onboarded: false}
accounts:
  - {name: admin, passwordFile: pw2.txt}
  - {name: ops, passwordEnv: OPS_PW, node: imp-pub}
current: lab
`

describe('apply: every step is a command the one parser reads', () => {
  let sb: Sandbox
  before(() => {
    sb = new Sandbox()
    writeFileSync(join(sb.dir, 'pw.txt'), 'first-secret\n')
    writeFileSync(join(sb.dir, 'pw2.txt'), 'second-secret\n')
    writeFileSync(join(sb.dir, 'one.yaml'), FIRST)
    writeFileSync(join(sb.dir, 'two.yaml'), SECOND)
  })
  after(() => sb.remove())

  it('each reconciler names commands that exist', () => {
    const manifest = readManifest(pathToFileURL(ROOT + '/'))!
    for (const r of [...CLUSTER_RESOURCES, ...LAB_RESOURCES]) {
      assert.ok(r.commands.length > 0, r.kind)
      for (const id of r.commands) assert.ok(manifest.commands[id], `${r.kind}: no command ${id}`)
    }
  })

  it('the steps of a set-up and of a change parse to the commands their reconciler stands for, as printed', async () => {
    const manifest = readManifest(pathToFileURL(ROOT + '/'))!
    const byKind = new Map([...CLUSTER_RESOURCES, ...LAB_RESOURCES].map((r) => [r.kind, r]))
    const seen = new Set<string>()
    for (const file of ['one.yaml', 'two.yaml']) {
      const r = await sb.ok(['apply', '-f', join(sb.dir, file), '--json'], 0, {env: {OPS_PW: 'ops-secret'}})
      const text = (await sb.ok(['diff', '-f', join(sb.dir, file)], 0, {env: {OPS_PW: 'ops-secret'}})).stdout
      assert.match(text, /No differences\./)
      for (const res of r.json().resources as Array<{
        resource: string
        steps: Array<{command: string; argv: string[]; detail: string}>
      }>) {
        const reconciler = byKind.get(kindOf(res.resource))
        assert.ok(reconciler, `no reconciler for ${res.resource}`)
        for (const s of res.steps) {
          const m = matchCommand(manifest, s.argv)
          assert.ok(m, `${s.command}: names no command`)
          // The one parser (src/run/parse.ts), as every door calls it; a UsageError fails the test with its line.
          const input = m.command.rawWords ? parseRawWords(m.command.flags, m.rest) : parseInput(m.command, m.rest)
          assert.ok(input.flags, s.command)
          assert.ok(
            reconciler.commands.includes(m.command.id),
            `${res.resource}: ${m.command.id} is not among ${reconciler.commands.join(', ')}`,
          )
          // The printed command is the argv, quoted for a shell (after a `printf ... |` or before a `< FILE`).
          const at = s.command.indexOf('ucadmin ')
          const tail = s.command.slice(at + 'ucadmin '.length).replace(/ < \S+$/, '')
          assert.deepEqual(shellWords(tail), s.argv, s.command)
          seen.add(m.command.id)
        }
      }
    }
    // The two files between them exercise every command of every reconciler.
    const all = [...CLUSTER_RESOURCES, ...LAB_RESOURCES].flatMap((x) => x.commands)
    const missed = all.filter((id) => !seen.has(id))
    assert.deepEqual(missed, [], `steps never printed: ${missed.join(', ')}`)
  })
})
