import assert from 'node:assert/strict'

import {KeyQueue, MAX_HELD_OUTPUT, OutputSink, PAGER_PROMPT} from '../../src/shell/terminal.js'

/** Issue 25 item 6: a session at the pager holds at most 8 MiB of a command's output, not the whole result. */
describe('the pager holds a bounded amount per session', () => {
  it('a 20 MiB result: one screen is shown, 8 MiB are held, the rest is dropped and said so', async () => {
    let shown = 0
    let text = ''
    const sink = new OutputSink((t) => {
      shown += t.length
      if (text.length < 100_000 || t.startsWith('(')) text += t
    }, 23)
    const line = `${'x'.repeat(99)}\n`
    const block = line.repeat(10_000) // about 1 MB per write
    for (let i = 0; i < 20; i++) sink.out.write(block)
    await new Promise((r) => setImmediate(r))
    // One screenful went through; the pager holds the rest, at most MAX_HELD_OUTPUT characters.
    assert.equal(shown, 23 * line.length)
    const keys = new KeyQueue()
    const done = sink.finish(keys)
    await new Promise((r) => setImmediate(r))
    assert.ok(text.endsWith(PAGER_PROMPT))
    // Whole pages at once until the end: the user sees 8 MiB after the first screen, then the line saying so.
    const pages = Math.ceil(MAX_HELD_OUTPUT / line.length / 23) + 2
    for (let i = 0; i < pages; i++) keys.push(' ')
    keys.end()
    await done
    const dropped = 20 * block.length - 23 * line.length - MAX_HELD_OUTPUT
    assert.match(text, new RegExp(`\\(${dropped} more characters not shown: the pager holds at most 8 MiB`))
  })
})
