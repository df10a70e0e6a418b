import {createRequire} from 'node:module'

import {FailedError, UsageError} from '../../../core/errors.js'

/**
 * PII encryption of uploaded alarm batches ("Send encrypted PII to the Cisco Cloud for troubleshooting").
 *
 * Each batch gets a random 16-byte salt; the key is HKDF-SHA256(Cisco Support Token, salt, INFO), 32 bytes, so
 * every batch has its own key. Each alarm's PII ({userName, hostName, deviceName}) is encrypted with AES-256-GCM
 * under that key, with a 96-bit nonce that counts the alarms of the batch (unique per key) and the batch id and
 * alarm id as additional authenticated data (a ciphertext cannot be moved to another alarm). The batch carries a
 * key check (HMAC-SHA256 of a fixed text under the key) so a wrong token is reported as such. The token is a
 * random secret, not a password: HKDF (not a slow password hash) is the right derivation, and keeps a 100,000-alarm
 * upload fast. Only someone holding the token (the customer, or TAC once given it) can read the PII.
 */

// node:crypto costs start-up time; load it only when something is encrypted or decrypted.
const crypto = () => createRequire(import.meta.url)('node:crypto') as typeof import('node:crypto')

export const PII_ALGORITHM = 'AES-256-GCM'
export const PII_KDF = 'HKDF-SHA256'
export const PII_INFO = 'ucadmin cmas pn-alarm pii v1'
const KEY_CHECK_TEXT = 'ucadmin cmas pn-alarm pii key check'

export interface PiiFields {
  userName: string | null
  hostName: string | null
  deviceName: string | null
}

export interface EncryptedPii {
  iv: string
  data: string
  tag: string
}

export interface PiiHeaderEncrypted {
  mode: 'encrypted'
  algorithm: typeof PII_ALGORITHM
  kdf: typeof PII_KDF
  info: string
  salt: string
  keyCheck: string
}

export interface PiiHeaderRemoved {
  mode: 'removed'
}

export type PiiHeader = PiiHeaderEncrypted | PiiHeaderRemoved

function deriveKey(token: string, salt: Buffer, info: string): Buffer {
  return Buffer.from(crypto().hkdfSync('sha256', Buffer.from(token, 'utf8'), salt, Buffer.from(info, 'utf8'), 32))
}

function keyCheck(key: Buffer): string {
  return crypto().createHmac('sha256', key).update(KEY_CHECK_TEXT).digest('base64')
}

function nonce(index: number): Buffer {
  const iv = Buffer.alloc(12)
  iv.writeUInt32BE(Math.floor(index / 2 ** 32), 4)
  iv.writeUInt32BE(index % 2 ** 32, 8)
  return iv
}

const aad = (batchId: string, alarmId: number) => Buffer.from(`${batchId}:${alarmId}`, 'utf8')

/** Encrypts the PII of one batch's alarms, one call per alarm, in order. */
export class PiiSealer {
  readonly header: PiiHeaderEncrypted
  private readonly key: Buffer
  private readonly c = crypto()
  private count = 0

  constructor(
    token: string,
    private readonly batchId: string,
  ) {
    const salt = this.c.randomBytes(16)
    this.key = deriveKey(token, salt, PII_INFO)
    this.header = {
      mode: 'encrypted',
      algorithm: PII_ALGORITHM,
      kdf: PII_KDF,
      info: PII_INFO,
      salt: salt.toString('base64'),
      keyCheck: keyCheck(this.key),
    }
  }

  seal(alarmId: number, pii: PiiFields): EncryptedPii {
    const iv = nonce(this.count++)
    const c = this.c.createCipheriv('aes-256-gcm', this.key, iv)
    c.setAAD(aad(this.batchId, alarmId))
    const data = Buffer.concat([c.update(JSON.stringify(pii), 'utf8'), c.final()])
    return {iv: iv.toString('base64'), data: data.toString('base64'), tag: c.getAuthTag().toString('base64')}
  }
}

/** An uploaded batch document, as far as decryption cares. */
export interface BatchDocument {
  format?: string
  batchId: string
  pii: PiiHeader
  alarms: Array<{id: number; pii?: EncryptedPii | PiiFields; [k: string]: unknown}>
  [k: string]: unknown
}

export function parseBatchDocument(text: string, where: string): BatchDocument {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw new UsageError(`${where} is not JSON.`, {
      code: 'BAD_BATCH',
      fix: 'Give an uploaded batch: `ucadmin alarms batch ID > batch.json`, or the body the cloud endpoint received.',
    })
  }
  const d = doc as Partial<BatchDocument>
  if (
    !d ||
    typeof d !== 'object' ||
    typeof d.batchId !== 'string' ||
    !Array.isArray(d.alarms) ||
    !d.pii ||
    typeof d.pii !== 'object'
  ) {
    throw new UsageError(`${where} is not an uploaded alarm batch (it needs batchId, pii and alarms).`, {
      code: 'BAD_BATCH',
      fix: 'Give a batch as uploaded by `utils managementAgent alarms pushnow`.',
    })
  }
  return d as BatchDocument
}

/**
 * Decrypts a batch's PII with the Cisco Support Token, as TAC would once the customer gives it: returns the same
 * document with each alarm's `pii` in clear and `pii.mode` 'decrypted'. A batch whose PII was removed is returned
 * as is. A wrong token or a tampered batch is a FailedError; the token itself is never part of any message.
 */
export function decryptBatch(doc: BatchDocument, token: string): BatchDocument {
  if (doc.pii.mode === 'removed') return doc
  const h = doc.pii as PiiHeaderEncrypted
  if (h.mode !== 'encrypted' || h.algorithm !== PII_ALGORITHM || h.kdf !== PII_KDF || typeof h.salt !== 'string') {
    throw new UsageError(
      `Batch ${doc.batchId} uses PII protection "${String(h.mode)}/${String(h.algorithm)}", which this ucadmin does not know.`,
      {code: 'BAD_BATCH'},
    )
  }
  const key = deriveKey(token, Buffer.from(h.salt, 'base64'), h.info ?? PII_INFO)
  if (h.keyCheck && h.keyCheck !== keyCheck(key)) {
    throw new FailedError(
      `That token does not decrypt batch ${doc.batchId}: it is not the Cisco Support Token the batch was encrypted with.`,
      {
        code: 'WRONG_TOKEN',
        fix: 'Ask the customer for the Cisco Support Token shown on the Cisco Cloud Onboarding page (`ucadmin onboarding status`) at the time of the upload.',
      },
    )
  }
  const c = crypto()
  const alarms = doc.alarms.map((a) => {
    const p = a.pii as EncryptedPii | undefined
    if (!p) return a
    try {
      const d = c.createDecipheriv('aes-256-gcm', key, Buffer.from(p.iv, 'base64'))
      d.setAAD(aad(doc.batchId, a.id))
      d.setAuthTag(Buffer.from(p.tag, 'base64'))
      const clear = Buffer.concat([d.update(Buffer.from(p.data, 'base64')), d.final()]).toString('utf8')
      return {...a, pii: JSON.parse(clear) as PiiFields}
    } catch {
      throw new FailedError(
        `The PII of alarm ${a.id} in batch ${doc.batchId} does not decrypt: the token is wrong or the batch was altered.`,
        {code: 'WRONG_TOKEN'},
      )
    }
  })
  return {...doc, pii: {...h, mode: 'decrypted'} as unknown as PiiHeader, alarms}
}
