import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'

import {LAB, ROOT, Sandbox} from '../helpers.js'

/**
 * ucadmin's mirrored commands against the real CUCM captures in test/fixtures/cucm/: the same keys, column positions
 * and line shapes (never the same values), and the fields public clients read with their own regexes (see
 * test/fixtures/cucm/README.md for where each regex comes from).
 */
const fixture = (name: string) =>
  readFileSync(join(ROOT, 'test', 'fixtures', 'cucm', name), 'utf8')
    .replace(/\n$/, '')
    .split('\n')

/** A line's shape: its key with the key's padding, and how many words follow (the uptime line by its form). */
const KEYS = /^(\s*[A-Za-z/ ]+?\s*:)/
const UPTIME = /^ \d\d:\d\d:\d\d up .+, +\d+ users?, +load average: \d+\.\d\d, \d+\.\d\d, \d+\.\d\d$/
function shape(line: string): string {
  if (UPTIME.test(line)) return 'UPTIME'
  const key = KEYS.exec(line)?.[0] ?? ''
  return `${key}#${line.slice(key.length).split(/\s+/).filter(Boolean).length}`
}

/** Column starts of a line (where a word begins after two blanks or at 0). */
function columnStarts(line: string): number[] {
  return [...line.matchAll(/(?:^|(?<=\s\s))\S/g)].map((m) => m.index!)
}

// Public clients' regexes (copied as the clients use them).
const UNICON_PROMPT = /^(.*?)([\r\n]|\x1b\[K)admin:\s*/s
const UNICON_PRESS_ENTER = /^.*?\x1b\[1mPress <enter> for 1 line, <space> for one page, or <q> to quit\x1b\[0m/s
const UNICON_PAGING_OPTIONS =
  /^.*?\x1b\[1m\r\noptions: q=quit, n=next, p=prev, b=begin, e=end \(lines (\d+) - (\d+) of (\d+)\) : \x1b\[0m/s
const ANSIBLE_DIAGNOSE = /(\w+\s-\s\w+)\s+:\s(.+)/i
const ANSIBLE_DBREPL = /(\w+)\s+([\d+.]+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(.+)/i
const ANSIBLE_DRF_ROW = /(\w+)\s+(\w+)\s+(\w+)\s+(\w+)\s+([\w\s:]+\d)\s+(.+)/i
const OPENVAS_VERSION = /Active Master Version: ([^\r\n]+)/

describe('ucadmin output against the real CUCM captures', () => {
  let sb: Sandbox
  before(async () => {
    sb = new Sandbox()
    await sb.ok([
      'cluster',
      'create',
      'lab',
      '--version',
      '12.5(1)SU3',
      '--publisher',
      'cucm-pub.example.com',
      '--subscriber',
      'cucm-sub1',
      '--imp-publisher',
      'imp-pub',
    ])
  })
  after(() => sb.remove())

  it("show status: the capture's keys, padding and blocks on every node; used + free = total; stable values", async () => {
    const real = fixture('show-status.txt')
    for (const node of ['cucm-pub.example.com', 'cucm-sub1', 'imp-pub']) {
      const out = (await sb.ok(['show', 'status', '--node', node])).stdout.replace(/\n$/, '').split('\n')
      assert.deepEqual(out.map(shape), real.map(shape), node)
      assert.equal(out[0], '')
      assert.match(out[1], /^Host Name {10}: /)
      assert.match(out.join('\n'), /^CPU Idle:\s+(\d+\.\d+)%\s+System:\s+(\d+\.\d+)%\s+User:\s+(\d+\.\d+)%$/m)
      // Disk and memory columns end where the capture's end.
      for (const i of [11, 12, 14, 15, 16, 17, 18, 19, 21, 22, 23, 24])
        assert.deepEqual(ends(out[i]), ends(real[i]), `${node} line ${i}: ${out[i]}`)
    }
    const j = (await sb.ok(['show', 'status', '--json', '--node', 'cucm-sub1'])).json()
    for (const k of [
      'host',
      'cluster',
      'role',
      'state',
      'date',
      'productVersion',
      'uptimeSeconds',
      'services',
      'dnsConfigured',
    ])
      assert.ok(k in j, k)
    assert.equal(j.memory.usedK + j.memory.freeK, j.memory.totalK)
    for (const d of j.disks) assert.equal(d.usedK + d.freeK, d.totalK)
    const text = (await sb.ok(['show', 'status', '--node', 'cucm-sub1'])).stdout
    assert.doesNotMatch(text, /Cluster|Role|DNS|Services/)
    const m = /^\s*Used:\s+(\d+)K$/m.exec(text)
    assert.equal(Number(m![1]), j.memory.usedK)
    assert.equal((await sb.ok(['show', 'status', '--node', 'cucm-sub1'])).stdout, text)
    // The simulator's facts are in cluster show instead.
    await sb.ok(['sim', 'fault', 'dns-off', 'cucm-sub1'])
    const d = (await sb.ok(['cluster', 'show', '--json']))
      .json()
      .nodeDetails.find((n: {host: string}) => n.host === 'cucm-sub1')
    assert.equal(d.dnsConfigured, false)
    assert.equal((await sb.ok(['show', 'status', '--json', '--node', 'cucm-sub1'])).json().dnsConfigured, false)
    assert.match(
      (await sb.ok(['cluster', 'show'])).stdout,
      /^cucm-sub1 +Unified CM subscriber +up +not configured +\d+\/\d+ started$/m,
    )
    assert.match((await sb.ok(['show', 'network', 'eth0', '--node', 'cucm-sub1'])).stdout, /^DNS\nNot configured\.$/m)
    assert.match(
      (await sb.ok(['utils', 'diagnose', 'test', '--node', 'cucm-sub1'], 1)).stdout,
      /^test - validate_network +: Failed/m,
    )
    await sb.ok(['sim', 'fault', 'dns-on', 'cucm-sub1'])
  })

  it("show network cluster: the capture's line shape, TCP since for every node but this one, processnode only on the publisher", async () => {
    const real = fixture('show-network-cluster.txt')
    const lineShape =
      /^(\d+\.\d+\.\d+\.\d+) (\S+) (\S+) (Publisher|Subscriber) (callmanager|cups) (DBPub|DBSub) authenticated( using TCP since \w{3} \w{3} \d{1,2} \d\d:\d\d:\d\d \d{4})?$/
    for (const l of real.slice(0, 3)) assert.match(l, lineShape)
    const pub = (await sb.ok(['show', 'network', 'cluster'])).stdout.split('\n')
    const rows = pub.filter((l) => /^\d/.test(l)).map((l) => lineShape.exec(l)!)
    assert.equal(rows.length, 3)
    assert.deepEqual(
      rows.map((r) => [r[2], r[3], r[4], r[5], r[6], Boolean(r[7])]),
      [
        ['cucm-pub.example.com', 'cucm-pub', 'Publisher', 'callmanager', 'DBPub', false],
        ['cucm-sub1.lab.example.com', 'cucm-sub1', 'Subscriber', 'callmanager', 'DBSub', true],
        ['imp-pub.lab.example.com', 'imp-pub', 'Subscriber', 'cups', 'DBPub', true],
      ],
    )
    const at = pub.indexOf('Server Table (processnode) Entries')
    assert.equal(pub[at + 1], real[real.indexOf('Server Table (processnode) Entries') + 1])
    const names = (
      await sb.ok(['run', 'sql', "select name from processnode where name != 'EnterpriseWideData'"])
    ).stdout
      .trim()
      .split('\n')
      .slice(2)
      .map((l) => l.trim())
    // Issue 20, item 16: the nodes of processnode, never the EnterpriseWideData row.
    assert.deepEqual(pub.slice(at + 2).filter(Boolean), names)
    assert.equal(names.length, 3)
    assert.ok(!pub.includes('EnterpriseWideData'))
    const sub = (await sb.ok(['show', 'network', 'cluster', '--node', 'cucm-sub1'])).stdout
    assert.doesNotMatch(sub, /Server Table/)
    assert.match(sub, /cucm-sub1 Subscriber callmanager DBSub authenticated\n/)
    assert.match(sub, /cucm-pub Publisher callmanager DBPub authenticated using TCP since /)
  })

  it("utils dbreplication runtimestate: the capture's blocks and columns; long names widen their column; the Ansible parser reads every row", async () => {
    const real = fixture('dbreplication-runtimestate.txt')
    await sb.ok(['cluster', 'add-node', 'cucm-subscriber-long-name.example.com', '--role', 'subscriber'])
    const out = (await sb.ok(['utils', 'dbreplication', 'runtimestate'])).stdout.replace(/\n$/, '').split('\n')
    // The same blocks in the same places (blank lines, keys), the header lines byte for byte.
    const head = (ls: string[]) =>
      ls
        .slice(0, ls.findIndex((l) => l.startsWith('SERVER-NAME')) - 1)
        .map((l) => l.replace(/from \S+ \(\d+ Servers\):$/, 'from X:').replace(/:.*$/, ':'))
    assert.deepEqual(head(out), head(real))
    const hdr = real.findIndex((l) => l.startsWith('SERVER-NAME'))
    const ours = out.findIndex((l) => l.startsWith('SERVER-NAME'))
    // Within 80 columns wherever the capture is (its table rows and the file view hint are wider).
    for (const [i, l] of out.slice(0, ours).entries()) if (real[i].length <= 80) assert.ok(l.length <= 80, l)
    // Columns after the (wider) SERVER-NAME column are where the capture has them, shifted by the same amount.
    const shift = columnStarts(out[ours])[1] - columnStarts(real[hdr])[1]
    assert.ok(shift >= 0)
    assert.deepEqual(
      columnStarts(out[ours]).map((c, i) => (i ? c - shift : c)),
      columnStarts(real[hdr]),
    )
    for (const row of out.slice(ours + 2))
      assert.deepEqual(
        columnStarts(row)
          .slice(0, 7)
          .map((c, i) => (i ? c - shift : c)),
        columnStarts(real[hdr]).slice(0, 7),
        row,
      )
    assert.match(out[ours + 2], /^cucm-pub\.example\.com +10\./)
    assert.match(out.at(-1)!, /^cucm-subscriber-long-name\.example\.com  10\.\d+\.0\.14 /)
    const parsed = out.filter((l) => ANSIBLE_DBREPL.test(l)).map((l) => ANSIBLE_DBREPL.exec(l)!)
    const realParsed = real.filter((l) => ANSIBLE_DBREPL.test(l))
    assert.equal(realParsed.length, 2)
    assert.equal(parsed.length, 4)
    for (const p of parsed) assert.equal(p[7], '(2) Setup Completed')
  })

  it('show version active/inactive, show tech ccm_service: what scanners read', async () => {
    const v = (await sb.ok(['show', 'version', 'active'])).stdout
    assert.equal(OPENVAS_VERSION.exec(v)![1], '12.5.1.13900-1')
    assert.match((await sb.ok(['show', 'tech', 'ccm_service'])).stdout, /GroupName: CM Services/)
    assert.match(
      (await sb.ok(['show', 'tech', 'ccm_service', '--node', 'imp-pub'])).stdout,
      /GroupName: IM and Presence Services/,
    )
    assert.match((await sb.ok(['show', 'version', 'inactive'])).stdout, /^Inactive Master Version:$/m)
  })

  it("utils diagnose test and utils disaster_recovery status backup parse with the Ansible module's regexes", async () => {
    const d = (await sb.ok(['utils', 'diagnose', 'test'])).stdout.split('\n')
    assert.equal(/Log file:\s(.+)/i.exec(d.join('\n'))![1], 'platform/log/diag1.log')
    const tests = d.filter((l) => /\w+\s-\s\w+\s+:\s.+/i.test(l)).map((l) => ANSIBLE_DIAGNOSE.exec(l)!)
    assert.ok(tests.some((t) => t[1] === 'test - tomcat' && t[2] === 'Passed'))
    await sb.ok(['utils', 'service', 'stop', 'Cisco', 'Tomcat', '--node', 'cucm-sub1'])
    const failed = await sb.ok(['utils', 'diagnose', 'test', '--node', 'cucm-sub1'], 1)
    assert.match(failed.stdout, /^test - tomcat +: Failed/m)
    const none = (await sb.ok(['utils', 'disaster_recovery', 'status', 'backup'])).stdout
    assert.match(none, /drfCliMsg: No backup status available/)
    await sb.ok(['sim', 'clock', 'advance', '1d'])
    const drf = (await sb.ok(['utils', 'disaster_recovery', 'status', 'backup'])).stdout.split('\n')
    assert.equal(/Status:\s(.+)/i.exec(drf.join('\n'))![1], 'SUCCESS :Backup Completed...')
    assert.match(/Tar Filename:\s(.+)/i.exec(drf.join('\n'))![1], /^\d{4}-\d\d-\d\d-02-00-00\.tar$/)
    const rows = drf
      .filter((l) => /\w+\s+\w+\s+\w+\s+\w+\s+[\w\s:]+\d\s+.+/i.test(l) && !/:\s/.test(l.slice(0, 20)))
      .map((l) => ANSIBLE_DRF_ROW.exec(l)!)
    assert.ok(rows.length >= 3)
    // The module's \w+ groups split a hyphenated host name (as they do on a real CUCM); the row's fourth field is its status.
    assert.ok(
      rows.every((r) => r.input!.split(/\s+/)[3] === 'SUCCESS' && r[6].startsWith('activelog/platform/drf/log/')),
    )
  })

  it('show myself, show network eth0, show hardware, show cert list, utils ntp status: one set of platform facts', async () => {
    const me = (await sb.ok(['show', 'myself'])).stdout
    assert.match(me, /^Machine Name    : cucm-pub$/m)
    assert.match(me, /simulated by ucadmin/)
    const eth = (await sb.ok(['show', 'network', 'eth0', 'detail', '--node', 'cucm-sub1'])).stdout
    const status = (await sb.ok(['show', 'status', '--json', '--node', 'cucm-sub1'])).json()
    const hw = (await sb.ok(['show', 'hardware', '--json', '--node', 'cucm-sub1'])).json()
    const net = (await sb.ok(['show', 'network', 'cluster', '--json'])).json()
    const ip = /IP Address : (\S+)/.exec(eth)![1]
    assert.equal(ip, net.nodes.find((n: {host: string}) => n.host === 'cucm-sub1').ip)
    assert.match(eth, /^MAC Address  : 00:50:56(:[0-9a-f]{2}){3}$/m)
    assert.ok(status.memory.totalK <= hw.ramMb * 1024)
    assert.match(
      (await sb.ok(['show', 'hardware', '--node', 'cucm-sub1'])).stdout,
      new RegExp(`^Memory +: ${hw.ramMb} MBytes$`, 'm'),
    )
    await sb.ok(['cert', 'upload', 'tomcat-trust', 'Example-Root-CA.pem', '--node', 'cucm-sub1'])
    const trust = (await sb.ok(['show', 'cert', 'list', 'trust', '--node', 'cucm-sub1'])).stdout
    assert.match(trust, /^tomcat-trust\/Example-Root-CA\.pem: Trust Certificate$/m)
    assert.match(
      (await sb.ok(['show', 'cert', 'list', 'own'])).stdout,
      /^tomcat\/tomcat\.pem: Self-signed certificate generated by system$/m,
    )
    const ntp = (await sb.ok(['utils', 'ntp', 'status', '--node', 'cucm-sub1'])).stdout
    assert.match(
      ntp,
      new RegExp(`synchronised to NTP server \\(${net.nodes[0].ip.replaceAll('.', '\\.')}\\) at stratum 3`),
    )
  })

  it('show network eth0 takes only `detail`; an upgrade leaves the old release as the inactive version', async () => {
    await sb.ok(['show', 'network', 'eth0', 'bogus'], 2)
    await sb.ok(['cluster', 'upgrade', '--version', '14SU3'])
    assert.match((await sb.ok(['show', 'version', 'inactive'])).stdout, /^Inactive Master Version: 12\.5\.1\.13900-1$/m)
    assert.match((await sb.ok(['show', 'version', 'active'])).stdout, /^Active Master Version: 14\.0\.1\.13900-1$/m)
    const status = (await sb.ok(['show', 'status', '--json'])).json()
    assert.equal(status.unifiedOsVersion, '8.0.0.0-4')
    assert.ok(status.disks[1].usedPercent > 1)
  })

  it("the pager and file pager bytes match Unicon's VOS patterns", async () => {
    const {PAGER_PROMPT, filePagerPrompt} = await import('../../src/shell/terminal.js')
    assert.match(PAGER_PROMPT + '\x1b[K', UNICON_PRESS_ENTER)
    assert.match(filePagerPrompt(1, 23, 100).replace('\n', '\r\n'), UNICON_PAGING_OPTIONS)
    assert.match('\r\nadmin:', UNICON_PROMPT)
  })
})

/** Where each word of a line ends (right-aligned columns). */
function ends(line: string): number[] {
  return [...line.matchAll(/\S+/g)].map((m) => m.index! + m[0].length)
}

void LAB
