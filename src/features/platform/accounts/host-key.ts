import {generateKeyPairSync, randomBytes} from 'node:crypto'

import {type HostKeyRow, getHostKey, insertHostKey} from './store.js'
import type {Store} from '../../../store/store.js'
import {keyFingerprint} from './accounts.js'
import type {Clock} from '../../world/clock/clock.js'

/**
 * The SSH server's host key: an Ed25519 key generated on the first `serve ssh` and kept in the state file, so
 * clients see the same host key every time (and known_hosts keeps working).
 */
export const HOST_KEY_TYPE = 'ssh-ed25519'

function sshString(b: Buffer | string): Buffer {
  const data = Buffer.isBuffer(b) ? b : Buffer.from(b)
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  return Buffer.concat([len, data])
}

/** A new Ed25519 key pair in OpenSSH's formats (the private key in the `openssh-key-v1` format, unencrypted). */
export function generateHostKey(comment = 'ucadmin'): {privateKey: string; publicKey: string; fingerprint: string} {
  const {privateKey} = generateKeyPairSync('ed25519')
  const jwk = privateKey.export({format: 'jwk'}) as {d: string; x: string}
  const seed = Buffer.from(jwk.d, 'base64url')
  const pub = Buffer.from(jwk.x, 'base64url')
  const pubBlob = Buffer.concat([sshString(HOST_KEY_TYPE), sshString(pub)])
  const check = randomBytes(4)
  let priv = Buffer.concat([
    check,
    check,
    sshString(HOST_KEY_TYPE),
    sshString(pub),
    sshString(Buffer.concat([seed, pub])),
    sshString(comment),
  ])
  const pad: number[] = []
  for (let i = 1; (priv.length + pad.length) % 8 !== 0; i++) pad.push(i)
  priv = Buffer.concat([priv, Buffer.from(pad)])
  const u32 = Buffer.alloc(4)
  u32.writeUInt32BE(1)
  const file = Buffer.concat([
    Buffer.from('openssh-key-v1\0'),
    sshString('none'),
    sshString('none'),
    sshString(''),
    u32,
    sshString(pubBlob),
    sshString(priv),
  ])
  const body = file
    .toString('base64')
    .match(/.{1,70}/g)!
    .join('\n')
  return {
    privateKey: `-----BEGIN OPENSSH PRIVATE KEY-----\n${body}\n-----END OPENSSH PRIVATE KEY-----\n`,
    publicKey: `${HOST_KEY_TYPE} ${pubBlob.toString('base64')}`,
    fingerprint: keyFingerprint(pubBlob),
  }
}

/** The host key, generated and stored on first use. */
export function ensureHostKey(store: Store, clock: Pick<Clock, 'now'>): HostKeyRow {
  const have = getHostKey(store, HOST_KEY_TYPE)
  if (have) return have
  insertHostKey(store, {type: HOST_KEY_TYPE, ...generateHostKey(), createdAt: clock.now()})
  return getHostKey(store, HOST_KEY_TYPE)!
}
