import assert from 'node:assert/strict'
import {X509Certificate} from 'node:crypto'
import https from 'node:https'
import tls from 'node:tls'

import {LAB, Sandbox} from '../helpers.js'
import {HttpsProcess, axlEnvelope, request} from './https-server.js'
import {logged} from './server-log.js'

/** Each test file binds its own loopback addresses (all of 127.0.0.0/8 is the loopback on Linux). */
const HOST = '127.21.0.1'
const ALL = '127.21.1.1'
/**
 * A connection the server closes at once: reset, or closed before the TLS handshake ended, depending on how far the
 * client got when the close came (a loaded machine sees both).
 */
const CLOSED = /ECONNRESET|socket hang up|socket disconnected before secure TLS connection/
const GOOD = 'admin:Adm1n-pass'

const version = (auth = GOOD) => ({
  body: axlEnvelope('getCCMVersion'),
  auth,
  headers: {SOAPAction: '"CUCM:DB ver=14.0 getCCMVersion"'},
})

describe('ucadmin serve https: the server', function () {
  this.timeout(90_000)
  let sb: Sandbox
  let server: HttpsProcess
  const others: HttpsProcess[] = []

  before(async () => {
    sb = new Sandbox()
    await sb.ok(LAB)
    await sb.ok(['account', 'add', 'admin', '--password-stdin'], 0, {input: 'Adm1n-pass\n'})
    await sb.ok(['account', 'add', 'locked', '--password-stdin'], 0, {input: 'Lock-pass1\n'})
    await sb.ok(['account', 'add', 'burst', '--password-stdin'], 0, {input: 'Burst-pass1\n'})
    await sb.ok(['cluster', 'create', 'other', '--version', '14SU3', '--publisher', 'other-pub'])
    await sb.ok(['account', 'add', 'otheradmin', '--password-stdin', '--node', 'other-pub'], 0, {
      input: 'Other-pass1\n',
    })
    await sb.ok(['cluster', 'use', 'lab'])
    server = await HttpsProcess.start(sb, ['--host', HOST, '--port', '0', '--lockout', '5'])
  })

  after(async () => {
    for (const s of [server, ...others]) await s?.stop()
    sb?.remove()
  })

  it('prints one JSON line with host, ports, node and the fingerprint of the certificate kept in the state file', async () => {
    assert.equal(server.stdout.split('\n').length, 2)
    assert.equal(server.doc.host, HOST)
    assert.equal(server.doc.node, 'cucm-pub')
    assert.equal(server.doc.ports.length, 1)
    const shown = (await sb.ok(['show', 'cert', 'own', 'tomcat', '--json'])).json()
    assert.equal(shown.fingerprint, server.doc.fingerprint)
    assert.match(shown.subject, /^CN=cucm-pub,/)
    assert.equal(new X509Certificate(shown.pem).fingerprint256, server.doc.fingerprint)
    // The PEM that `show cert own tomcat` prints is all a client needs to trust the node.
    const r = await request(HOST, server.port, {...version(), ca: shown.pem, servername: 'cucm-pub'})
    assert.equal(r.status, 200)
    assert.equal(r.peer?.subjectCN, 'cucm-pub')
    assert.match(r.body, /<version>14\.0\.1\.\d+-\d+<\/version>/)
  })

  it('answers 401 with WWW-Authenticate on a missing or bad login', async () => {
    for (const auth of [undefined, 'admin:wrong', 'nobody:Adm1n-pass']) {
      const r = await request(HOST, server.port, {...version(), auth})
      assert.equal(r.status, 401, String(auth))
      assert.match(String(r.headers['www-authenticate']), /^Basic realm="[^"]+"$/)
      assert.doesNotMatch(r.body, /version/)
    }
  })

  it("refuses an account kept to another cluster's node, and a request head over 16 KiB", async () => {
    const other = await request(HOST, server.port, version('otheradmin:Other-pass1'))
    assert.equal(other.status, 401)
    await logged(server, /failed login for otheradmin from 127\.0\.0\.1 on cucm-pub: account of another cluster/)
    const big = await request(HOST, server.port, {
      ...version(),
      headers: {SOAPAction: '"CUCM:DB ver=14.0 getCCMVersion"', 'X-Padding': 'x'.repeat(20_000)},
    }).catch((e: Error) => e)
    assert.ok(
      big instanceof Error ? /ECONNRESET|socket hang up/.test(big.message) : big.status === 431,
      String(big instanceof Error ? big.message : big.status),
    )
  })

  it('locks an account and a client address out after the lock-out limit of failed logins, as serve ssh does', async () => {
    // From a client address of its own, so that the lock of that address holds no other test.
    const from = {localAddress: '127.21.9.9'}
    for (let i = 0; i < 5; i++)
      assert.equal((await request(HOST, server.port, {...version('locked:bad'), ...from})).status, 401)
    // The right password is refused now, and the server says so in its log.
    assert.equal((await request(HOST, server.port, {...version('locked:Lock-pass1'), ...from})).status, 401)
    // The log arrives on another pipe than the answer: wait for it (nothing about time is asserted).
    await logged(server, /refused locked from 127\.21\.9\.9: too many failed logins/)
    // So is another account from that address; the account is locked from everywhere.
    assert.equal((await request(HOST, server.port, {...version(), ...from})).status, 401)
    assert.equal((await request(HOST, server.port, version('locked:Lock-pass1'))).status, 401)
    assert.equal((await request(HOST, server.port, version())).status, 200)
  })

  it('counts parallel bad logins when they start: a burst never has more than the limit checked', async () => {
    const from = {localAddress: '127.21.9.10'}
    const burst = await Promise.all(
      Array.from({length: 20}, (_, i) => request(HOST, server.port, {...version(`burst:wrong-${i}`), ...from})),
    )
    assert.deepEqual([...new Set(burst.map((r) => r.status))], [401])
    await logged(server, /refused burst from 127\.21\.9\.10: too many failed logins/)
    // At most --lockout (5) passwords were checked; the rest were refused before any check.
    const checked = server.stderr.split('\n').filter((l) => /failed login for burst from/.test(l)).length
    assert.ok(checked <= 5, `${checked} logins were checked:\n${server.stderr}`)
    assert.equal((await request(HOST, server.port, version('burst:Burst-pass1'))).status, 401)
  })

  it('follows state: a node that is down refuses, Tomcat not STARTED does not answer, AXL needs its service', async () => {
    // A keep-alive connection opened before Tomcat stops gets no answer after it.
    const agent = new https.Agent({keepAlive: true, maxSockets: 1})
    assert.equal((await request(HOST, server.port, {...version(), agent})).status, 200)
    await sb.ok(['utils', 'service', 'stop', 'Cisco', 'Tomcat'])
    await assert.rejects(request(HOST, server.port, {...version(), agent}), CLOSED)
    agent.destroy()
    await assert.rejects(request(HOST, server.port, version()), CLOSED)
    await sb.ok(['utils', 'service', 'start', 'Cisco', 'Tomcat'])
    assert.equal((await request(HOST, server.port, version())).status, 200)

    await sb.ok(['utils', 'service', 'stop', 'Cisco', 'AXL', 'Web', 'Service'])
    const r = await request(HOST, server.port, version())
    assert.equal(r.status, 503)
    assert.match(r.body, /<faultstring>Cisco AXL Web Service is not running on this node\.<\/faultstring>/)
    await sb.ok(['utils', 'service', 'start', 'Cisco', 'AXL', 'Web', 'Service'])

    await sb.ok(['sim', 'fault', 'node-down', 'cucm-pub'])
    await assert.rejects(request(HOST, server.port, version()), CLOSED)
    await sb.ok(['sim', 'fault', 'node-up', 'cucm-pub'])
    assert.equal((await request(HOST, server.port, version())).status, 200)
  })

  it('refuses XML with a DOCTYPE or entity declarations, and bodies over the size limit', async () => {
    const evil = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body><ns:executeSQLQuery xmlns:ns="http://www.cisco.com/AXL/API/14.0"><sql>&b;</sql></ns:executeSQLQuery></soapenv:Body></soapenv:Envelope>`
    const r = await request(HOST, server.port, {body: evil, auth: GOOD})
    assert.equal(r.status, 500)
    assert.match(r.body, /<faultstring>XML with a DOCTYPE or entity declarations is refused\.<\/faultstring>/)
    const big = await request(HOST, server.port, {
      body: axlEnvelope('executeSQLQuery', `<sql>select '${'x'.repeat(1_100_000)}' from processnode</sql>`),
      auth: GOOD,
    })
    assert.equal(big.status, 413)
    assert.match(big.body, /larger than 1,048,576 bytes/)
  })

  it('answers 404 for paths no app serves', async () => {
    const r = await request(HOST, server.port, {path: '/nothing/here', auth: GOOD})
    assert.equal(r.status, 404)
    assert.match(r.body, /HTTP Status 404/)
  })

  it('logs requests in the Tomcat access log, readable with file list|tail activelog, secrets redacted', async () => {
    await request(HOST, server.port, {path: '/axl/?j_password=Sup3rSecret&refresh_token=abc', auth: GOOD})
    await request(HOST, server.port, version())
    // The log is written a moment after the answer: wait until the line is there (no timing is asserted).
    let tail = ''
    for (let i = 0; i < 100 && !/j_password.*\n.*POST/.test(tail); i++) {
      tail = (await sb.ok(['file', 'tail', 'activelog', 'tomcat/logs/', '--lines', '100'])).stdout
      if (!/j_password.*\n.*POST/.test(tail)) await new Promise((r) => setTimeout(r, 50))
    }
    assert.match(
      tail,
      /^127\.0\.0\.1 - admin \[05\/Jan\/2026:09:00:00 \+0000\] "POST \/axl\/ HTTP\/1\.1" 200 \d+ \d+ "-"$/m,
    )
    assert.match(tail, /"GET \/axl\/\?j_password=<redacted>&refresh_token=<redacted> HTTP\/1\.1" 200/)
    assert.doesNotMatch(tail, /Sup3rSecret|Adm1n-pass/)
    const list = await sb.ok(['file', 'list', 'activelog', 'tomcat/logs/'])
    assert.match(list.stdout, /localhost_access_log\.2026-01-05\.txt/)
  })

  it('serves every node of the cluster at once, each on its own address with its own certificate', async () => {
    const all = await HttpsProcess.start(sb, ['--all-nodes', '--host', ALL, '--port', '0'])
    others.push(all)
    assert.deepEqual(
      all.doc.nodes.map((n) => [n.node, n.host]),
      [
        ['cucm-pub', '127.21.1.1'],
        ['cucm-sub1', '127.21.1.2'],
        ['imp-pub', '127.21.1.3'],
      ],
    )
    for (const n of all.doc.nodes) {
      const r = await request(n.host, n.ports[0], version())
      assert.equal(r.status, 200, n.node)
      assert.equal(r.peer?.subjectCN, n.node)
      assert.equal(r.peer?.fingerprint256, n.fingerprint)
    }
    // Its stderr is JSON Lines with --json.
    assert.equal(await all.stop(), 0)
    for (const line of all.stderr.trim().split('\n')) assert.ok(JSON.parse(line).event, line)
  })

  it('with --json, a port already in use ends the server with one JSON line (JSON Lines), exit 1', async () => {
    const busy = await import('node:net').then((net) => net.createServer().listen(0, '127.21.2.1'))
    await new Promise((r) => busy.once('listening', r))
    try {
      const port = (busy.address() as {port: number}).port
      const r = await sb.spawn(['serve', 'https', '--json', '--host', '127.21.2.1', '--port', String(port)])
      assert.equal(r.exitCode, 1, r.stderr)
      const lines = r.stdout.trim().split('\n')
      assert.equal(lines.length, 1, r.stdout)
      assert.ok(JSON.parse(lines[0]).error.message, lines[0])
    } finally {
      busy.close()
    }
  })

  it('refuses bad flags with one line and exit 2, before listening', async () => {
    const a = await sb.spawn(['serve', 'https', '--host', 'nowhere'])
    assert.equal(a.exitCode, 2)
    assert.match(a.stderr, /^Error: --host must be an IP address to listen on, not "nowhere"\./)
    const b = await sb.spawn(['serve', 'https', '--all-nodes', '--node', 'cucm-sub1'])
    assert.equal(b.exitCode, 2)
    const c = await sb.spawn(['serve', 'https', '--node', 'nosuch', '--port', '0'])
    assert.equal(c.exitCode, 2)
    assert.equal(c.stdout, '')
    // A port in use: exit 1, one line, nothing printed on stdout.
    const d = await sb.spawn(['serve', 'https', '--host', HOST, '--port', String(server.port)])
    assert.equal(d.exitCode, 1)
    assert.equal(d.stdout, '')
    assert.match(
      d.stderr,
      new RegExp(
        `^Error: Cannot listen on 127\\.21\\.0\\.1:${server.port} \\(EADDRINUSE\\)\\. Pick another --port`,
        'm',
      ),
    )
  })

  it('closes connections past the per-client bound at once', async () => {
    const s = await HttpsProcess.start(sb, ['--host', '127.21.3.1', '--port', '0', '--client-connections', '2'])
    others.push(s)
    const open = (): Promise<tls.TLSSocket> =>
      new Promise((resolve, reject) => {
        const sock = tls.connect({host: '127.21.3.1', port: s.port, rejectUnauthorized: false}, () => resolve(sock))
        sock.on('error', reject)
        sock.on('close', () => reject(new Error('closed')))
      })
    const a = await open()
    const b = await open()
    await assert.rejects(open(), /closed|ECONNRESET|socket disconnected/)
    await logged(s, /refused a connection from 127\.0\.0\.1: 2 connections open from it/)
    a.destroy()
    b.destroy()
  })

  it('stops on SIGTERM with exit 0', async () => {
    const s = await HttpsProcess.start(sb, ['--host', '127.21.2.1', '--port', '0', '--port', '0'])
    assert.equal(s.doc.ports.length, 2)
    assert.equal(await s.stop(2000), 0)
  })
})
