import assert from 'node:assert/strict'

import {escapeControls, oneLine, redact, sessionForm, shorten} from '../../src/core/text.js'
import {KeyQueue, LineEditor, MAX_LINE} from '../../src/shell/terminal.js'

describe('one-line text and redaction (issue 14 points 3, 4, 14)', () => {
  it('escapes line breaks and terminal escapes', () => {
    assert.equal(escapeControls('a\nb\r\tc\u001b[31m\u0007\u009b'), 'a\\nb\\r\\tc\\e[31m\\x07\\x9b')
    assert.equal(escapeControls('plain ünïcode'), 'plain ünïcode')
  })

  it('shortens long text in the middle, saying how long it was', () => {
    const s = shorten('x'.repeat(10_000), 100)
    assert.ok(s.length <= 100, String(s.length))
    assert.match(s, /\.\.\. \[10000 characters\] \.\.\./)
    assert.equal(oneLine('short'), 'short')
  })

  it('redacts hex keys, upper-case tokens and --idtoken too; keeps long host names', () => {
    assert.equal(redact('alarms decrypt 0123456789abcdef0123456789abcdef0123'), 'alarms decrypt <redacted>')
    assert.equal(redact('x ABCDEF0123456789ABCDEF0123'), 'x <redacted>')
    assert.equal(redact('x --idtoken=abc --access-token abc'), 'x --idtoken=<redacted> --access-token <redacted>')
    assert.equal(
      redact('show status --node cucm-subscriber-long-hostname-01'),
      'show status --node cucm-subscriber-long-hostname-01',
    )
  })

  it('redacts values after --token, --password, refreshtoken= and token-like words; keeps pkids and paths', () => {
    assert.equal(redact('alarms decrypt --batch 1 --token abc'), 'alarms decrypt --batch 1 --token <redacted>')
    assert.equal(redact('x --token=abc --password "two words"'), 'x --token=<redacted> --password <redacted>')
    assert.equal(
      redact(
        "run sql update machineaccountdetails set refreshtoken = 'a-b=c' where pkid='8a1b2c3d-0000-4000-8000-000000000001'",
      ),
      "run sql update machineaccountdetails set refreshtoken = <redacted> where pkid='8a1b2c3d-0000-4000-8000-000000000001'",
    )
    assert.equal(redact('show x Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5MGFiY2RlZg=='), 'show x <redacted>')
    assert.equal(
      redact('file tail activelog cm/trace/ccmpns/log4j/ --lines 20'),
      'file tail activelog cm/trace/ccmpns/log4j/ --lines 20',
    )
  })
})

describe('the line editor takes long lines in linear time, up to a bound (issue 14 point 4)', () => {
  it('a pasted 60,000-character line is read at once; beyond the bound the bell rings once and the line is refused whole', async () => {
    const keys = new KeyQueue()
    let written = 0
    let bells = 0
    const ed = new LineEditor(keys, (t) => {
      written += t.length
      bells += t.split('\u0007').length - 1
    })
    keys.push(`${'a'.repeat(60_000)}\r`)
    assert.equal((await ed.readLine('admin:'))!.length, 60_000)
    keys.push(`${'b'.repeat(MAX_LINE + 100)}\r`)
    assert.equal(await ed.readLine('admin:'), '', 'never a cut line')
    assert.equal(bells, 1)
    assert.ok(written < 60_000 + MAX_LINE + 300)
  })
})

describe('sessionForm: hints as typed at the admin: prompt', () => {
  it('drops `ucadmin` where the session runs the command, but not in a sentence sending you to the system shell', () => {
    assert.equal(sessionForm('Run `ucadmin onboarding voucher`.'), 'Run `onboarding voucher`.')
    assert.equal(
      sessionForm("Run `ucadmin cluster create` on the server's system shell."),
      "Run `ucadmin cluster create` on the server's system shell.",
    )
    assert.equal(
      sessionForm(
        "No room here.  Split it, or run `ucadmin file tail activelog x --lines 99` on the server's system shell. Then `ucadmin sim push`.",
      ),
      "No room here.  Split it, or run `ucadmin file tail activelog x --lines 99` on the server's system shell. Then `sim push`.",
    )
  })
})
