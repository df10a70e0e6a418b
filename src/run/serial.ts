/**
 * Runs tasks one at a time, in the order given. A server's doors (SSH sessions, HTTPS requests) share one Store (one
 * SQLite connection), and a command's BEGIN ... COMMIT must not interleave with another's, so every command body and
 * every store read of the server goes through one Serial.
 */
export class Serial {
  private tail: Promise<unknown> = Promise.resolve()

  run<T>(task: () => T | Promise<T>): Promise<T> {
    const next = this.tail.then(() => task())
    this.tail = next.catch(() => undefined)
    return next
  }

  /** Resolves once everything queued so far has finished. */
  idle(): Promise<void> {
    return this.run(() => undefined)
  }
}
