import assert from 'node:assert/strict'

import ssh2 from 'ssh2'

import {
  DUMMY_HASH,
  addAccount,
  changePassword,
  checkAccountName,
  checkPassword,
  hashPassword,
  keyFingerprint,
  parseAuthorizedKeys,
  passwordFromStdin,
  removeAccount,
  verifyPassword,
} from '../../src/features/platform/accounts/accounts.js'
import {FailedError, UsageError} from '../../src/core/errors.js'
import {ensureHostKey, generateHostKey} from '../../src/features/platform/accounts/host-key.js'
import {createCluster} from '../../src/features/guide/install/install.js'
import {findAccount, getHostKey} from '../../src/features/platform/accounts/store.js'
import {tempStore} from './fixture.js'

describe('SSH accounts', () => {
  it('hashes passwords with scrypt and a random salt; verifies only the right one', async () => {
    const h1 = await hashPassword('s3cret-pw')
    const h2 = await hashPassword('s3cret-pw')
    assert.match(h1, /^scrypt\$16384\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/)
    assert.notEqual(h1, h2)
    assert.ok(!h1.includes('s3cret'))
    assert.equal(await verifyPassword('s3cret-pw', h1), true)
    assert.equal(await verifyPassword('s3cret-pW', h1), false)
    assert.equal(await verifyPassword('', h1), false)
    assert.equal(await verifyPassword('anything', null), false)
    assert.equal(await verifyPassword('anything', DUMMY_HASH), false)
    assert.equal(await verifyPassword('x', 'plain-text'), false)
  })

  it('checks names and passwords; takes one final line break off a password from stdin', () => {
    assert.equal(checkAccountName('admin'), 'admin')
    assert.equal(checkAccountName('ops_1.a-b'), 'ops_1.a-b')
    for (const bad of ['', '1admin', 'a b', 'x'.repeat(33), 'root;rm'])
      assert.throws(() => checkAccountName(bad), UsageError, bad)
    assert.throws(
      () => checkPassword('short'),
      (e: unknown) => e instanceof UsageError && /shorter than 6/.test(e.message),
    )
    assert.throws(
      () => checkPassword('two\nlines'),
      (e: unknown) => e instanceof UsageError && /control character/.test(e.message),
    )
    assert.equal(passwordFromStdin('secret12\n'), 'secret12')
    assert.equal(passwordFromStdin('secret12\r\n'), 'secret12')
    assert.equal(passwordFromStdin('secret12\n\n'), 'secret12\n')
  })

  it('reads OpenSSH public keys and computes their fingerprints as ssh-keygen does', () => {
    const k = generateHostKey()
    const [type, b64] = k.publicKey.split(' ')
    const keys = parseAuthorizedKeys(`# mine\n\n${k.publicKey} me@laptop\n`, 'id.pub')
    assert.equal(keys.length, 1)
    assert.deepEqual(keys[0], {type, blob: b64, comment: 'me@laptop', fingerprint: k.fingerprint})
    assert.equal(keyFingerprint(Buffer.from(b64, 'base64')), k.fingerprint)
    assert.match(k.fingerprint, /^SHA256:[A-Za-z0-9+/]{43}$/)
    const bad = (text: string, want: RegExp) =>
      assert.throws(
        () => parseAuthorizedKeys(text, 'k.pub'),
        (e: unknown) => e instanceof UsageError && want.test(e.message),
        text,
      )
    bad('ssh-dss AAAA', /unknown key type "ssh-dss"/)
    bad(`from="10.0.0.1" ${k.publicKey}`, /key options are not supported/)
    bad('ssh-ed25519 not*base64', /not base64/)
    bad(`ssh-rsa ${b64}`, /not a ssh-rsa key/)
    bad('# only a comment\n', /holds no public key/)
  })

  describe('in the store', () => {
    let t: ReturnType<typeof tempStore>
    beforeEach(() => {
      t = tempStore()
      createCluster(t.store, t.clock, {
        name: 'lab',
        version: '14SU3',
        publisher: 'cucm-pub',
        subscribers: [],
        impPublisher: 'imp-pub',
        impSubscribers: [],
      })
    })
    afterEach(() => t.close())

    it('adds an account with its node checked now, and refuses duplicates and accounts without a credential', async () => {
      const hash = await hashPassword('secret12')
      const v = addAccount(t.store, t.clock, {name: 'imp', passwordHash: hash, node: 'imp-pub', keys: []})
      assert.deepEqual(
        {...v, createdAt: undefined, changedAt: undefined},
        {
          name: 'imp',
          node: 'imp-pub',
          cluster: 'lab',
          password: true,
          keys: [],
          createdAt: undefined,
          changedAt: undefined,
        },
      )
      assert.equal(findAccount(t.store, 'imp')!.passwordHash, hash)
      assert.throws(
        () => addAccount(t.store, t.clock, {name: 'imp', passwordHash: hash, keys: []}),
        (e: unknown) => e instanceof FailedError && e.code === 'ACCOUNT_EXISTS',
      )
      assert.throws(
        () => addAccount(t.store, t.clock, {name: 'nobody', passwordHash: null, keys: []}),
        (e: unknown) => e instanceof UsageError && e.code === 'NO_CREDENTIAL',
      )
      t.store.begin(true)
      assert.throws(
        () => addAccount(t.store, t.clock, {name: 'x', passwordHash: hash, node: 'nowhere', keys: []}),
        (e: unknown) => e instanceof UsageError && e.code === 'UNKNOWN_NODE',
      )
      t.store.rollback()
      assert.equal(findAccount(t.store, 'x'), undefined)
      const plain = addAccount(t.store, t.clock, {name: 'admin', passwordHash: hash, keys: []})
      assert.equal(plain.node, null)
    })

    it('changes passwords and deletes accounts with their keys', async () => {
      const k = parseAuthorizedKeys(generateHostKey().publicKey, 'k.pub')
      addAccount(t.store, t.clock, {name: 'robot', passwordHash: null, keys: k})
      const v = changePassword(t.store, t.clock, 'robot', await hashPassword('newpass1'))
      assert.equal(v.password, true)
      assert.equal(v.keys.length, 1)
      assert.throws(
        () => changePassword(t.store, t.clock, 'ghost', 'x'),
        (e: unknown) => e instanceof FailedError && e.code === 'UNKNOWN_ACCOUNT',
      )
      assert.deepEqual(removeAccount(t.store, 'robot'), {name: 'robot', deleted: true})
      assert.equal(t.store.sql<{n: number}>('SELECT count(*) AS n FROM account_keys').get()!.n, 0)
      assert.throws(() => removeAccount(t.store, 'robot'), FailedError)
    })

    it('generates the host key once and keeps it; ssh2 can sign with it', () => {
      const a = ensureHostKey(t.store, t.clock)
      const b = ensureHostKey(t.store, t.clock)
      assert.deepEqual(a, b)
      assert.deepEqual(getHostKey(t.store, 'ssh-ed25519'), a)
      const key = ssh2.utils.parseKey(a.privateKey)
      assert.ok(!(key instanceof Error) && !Array.isArray(key))
      if (key instanceof Error || Array.isArray(key)) return
      assert.equal(key.type, 'ssh-ed25519')
      assert.equal(`ssh-ed25519 ${key.getPublicSSH().toString('base64')}`, a.publicKey)
      assert.equal(key.verify(Buffer.from('data'), key.sign(Buffer.from('data'))), true)
    })
  })
})
