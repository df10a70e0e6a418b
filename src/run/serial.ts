import type {Store} from '../store/store.js'

/**
 * Runs tasks one at a time, in the order given. The SSH server's sessions of one state file share one Store (one
 * SQLite connection), and a command's BEGIN ... COMMIT must not interleave with another's, so every command body and
 * every store read of the server goes through one Serial (one per state file: a tenant has its own).
 *
 * A holder may let go while it waits for something that is not the state file (a person answering
 * `Continue (y/n)?`) and take its turn again afterwards: acquire() gives the release function.
 */
export class Serial {
  private tail: Promise<void> = Promise.resolve()

  /** Waits for this caller's turn; resolves to the function that ends it (calling it twice is harmless). */
  acquire(): Promise<() => void> {
    let release!: () => void
    const mine = new Promise<void>((resolve) => (release = resolve))
    const prev = this.tail
    this.tail = prev.then(() => mine)
    let done = false
    return prev.then(() => () => {
      if (done) return
      done = true
      release()
    })
  }

  async run<T>(task: () => T | Promise<T>): Promise<T> {
    const release = await this.acquire()
    try {
      return await task()
    } finally {
      release()
    }
  }

  /** A read of the store outside any command (a server's own look-ups), queued with the commands. */
  read<T>(store: Store, fn: () => T): Promise<T> {
    return this.run(() => {
      store.begin(false)
      try {
        return fn()
      } finally {
        store.rollback()
      }
    })
  }

  /** A write outside any command (login attempts, certificates, a log), queued with the commands, in its own transaction. */
  write<T>(store: Store, fn: () => T): Promise<T> {
    return this.run(() => {
      store.begin(true)
      try {
        const r = fn()
        store.commit()
        return r
      } catch (error) {
        store.rollback()
        throw error
      }
    })
  }

  /** Resolves once everything queued so far has finished. */
  idle(): Promise<void> {
    return this.run(() => undefined)
  }
}
