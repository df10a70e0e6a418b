import assert from 'node:assert/strict'

import {accessLine} from '../../src/features/platform/tomcat/access-log.js'
import {releaseAxlVersion} from '../../src/https/axl/app.js'
import {httpsOptions, nthAddress} from '../../src/https/server/server.js'
import {parseXml, soapOperation, text} from '../../src/https/xml.js'
import {MAX_SESSIONS, Sessions} from '../../src/web/sessions.js'

describe('serve https: pure parts', () => {
  it("gives each node of --all-nodes the next address, and refuses to leave the first address's /8", () => {
    assert.equal(nthAddress('127.0.1.1', 0), '127.0.1.1')
    assert.equal(nthAddress('127.0.1.254', 3), '127.0.2.1')
    assert.throws(() => nthAddress('127.255.255.255', 1), /Not enough addresses after 127\.255\.255\.255 for 2 nodes/)
  })

  it('checks its flags before anything opens', () => {
    assert.deepEqual(httpsOptions({}).ports, [8443])
    assert.deepEqual(httpsOptions({port: [8443, 443]}).ports, [8443, 443])
    assert.throws(() => httpsOptions({port: [8443, 8443]}), /The same --port is given twice/)
    assert.throws(() => httpsOptions({host: '::1', 'all-nodes': true}), /must be an IPv4 address/)
    assert.throws(() => httpsOptions({'all-nodes': true, node: 'x'}), /either --node or --all-nodes/)
    assert.equal(httpsOptions({tenants: 'class'}).tenantIdleMs, 5 * 60_000)
    assert.equal(httpsOptions({tenants: 'class', 'tenant-idle': '90s'}).tenantIdleMs, 90_000)
    assert.throws(() => httpsOptions({tenants: 'class', 'tenant-idle': '0.5s'}), /--tenant-idle must be from 1s/)
    assert.throws(
      () => httpsOptions({tenants: 'class', 'all-nodes': true}),
      /with --tenants every account has its own lab/,
    )
    assert.throws(() => httpsOptions({template: 'lab.yaml'}), /--template is for tenants/)
    assert.throws(() => httpsOptions({'tenant-idle': '5m'}), /--tenant-idle is for tenants/)
  })

  it("bounds page sessions per tenant: one tenant's logins never end another's session", () => {
    const sessions = new Sessions()
    const alice = sessions.create({account: 'alice', tenant: 'alice', node: 'cucm-pub', cluster: 'lab', lastSeen: 0})
    for (let i = 0; i < MAX_SESSIONS + 5; i++)
      sessions.create({account: 'bob', tenant: 'bob', node: 'cucm-pub', cluster: 'lab', lastSeen: i})
    assert.equal(sessions.size, MAX_SESSIONS + 1)
    assert.equal(sessions.find(alice.id, 'cucm-pub', 'lab', 1, 'alice')?.account, 'alice')
    // Another tenant's lab with the same node and cluster names is not the session's.
    assert.equal(sessions.find(alice.id, 'cucm-pub', 'lab', 1, 'bob'), undefined)
    assert.equal(sessions.find(alice.id, 'cucm-pub', 'lab', 1), undefined)
  })

  it('answers the AXL versions of the release', () => {
    assert.equal(releaseAxlVersion('14SU3'), '14.0')
    assert.equal(releaseAxlVersion('12.5(1)SU6'), '12.5')
    assert.equal(releaseAxlVersion('11.5(1)SU8'), '11.5')
    assert.equal(releaseAxlVersion('15SU1'), '15.0')
  })

  it('reads envelopes by element name, decodes only the predefined entities, and refuses DOCTYPEs', () => {
    const doc = parseXml(
      '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><ns:executeSQLQuery xmlns:ns="http://www.cisco.com/AXL/API/14.0"><sql>select * from x where a &lt; 1 and b = &apos;c&apos;</sql></ns:executeSQLQuery></s:Body></s:Envelope>',
    )
    const op = soapOperation(doc)!
    assert.equal(op.name, 'executeSQLQuery')
    assert.equal(text(op.body, 'sql'), "select * from x where a < 1 and b = 'c'")
    assert.throws(
      () => parseXml('<!DOCTYPE a [<!ENTITY x SYSTEM "file:///etc/passwd">]><a>&x;</a>'),
      /DOCTYPE or entity declarations is refused/,
    )
    assert.throws(() => parseXml('<a><!ENTITY x "y"></a>'), /refused/)
  })

  it("writes access log lines in Tomcat's layout, secrets and control characters made harmless", () => {
    const line = accessLine({
      at: Date.parse('2026-01-05T09:00:00Z'),
      client: '127.0.0.1',
      account: 'admin',
      method: 'GET',
      path: '/ccmadmin/x?j_password=hunter2&a=1\n',
      status: 200,
      bytes: 10,
      ms: 3.4,
      userAgent: 'ua "x"',
    })
    assert.equal(
      line,
      `127.0.0.1 - admin [05/Jan/2026:09:00:00 +0000] "GET /ccmadmin/x?j_password=<redacted>&a=1\\n HTTP/1.1" 200 10 3 "ua 'x'"`,
    )
  })
})
