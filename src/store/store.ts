import type Database from 'better-sqlite3'

import {type OpenOptions, openDatabase} from './db.js'

/**
 * One open state file. Repositories hang off it; prepared statements are cached per store (never per module), so
 * many stores can live in one process (the shell, the SSH server, tests).
 */
export class Store {
  private readonly statements = new Map<string, Database.Statement>()

  constructor(
    readonly db: Database.Database,
    readonly path: string,
  ) {}

  static open(path: string, opts: OpenOptions = {}): Store {
    return new Store(openDatabase(path, opts), path)
  }

  /** A cached prepared statement. */
  sql<R = unknown>(text: string): Database.Statement<unknown[], R> {
    let s = this.statements.get(text)
    if (!s) {
      s = this.db.prepare(text)
      this.statements.set(text, s)
    }
    return s as Database.Statement<unknown[], R>
  }

  /**
   * Starts the command's transaction: IMMEDIATE for writers (they queue on the busy timeout rather than fail with
   * "database is locked" on upgrade), DEFERRED for readers (a consistent snapshot).
   */
  begin(write: boolean): void {
    this.db.exec(write ? 'BEGIN IMMEDIATE' : 'BEGIN DEFERRED')
  }

  commit(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT')
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK')
  }

  /** Runs fn in a savepoint inside the command's transaction (or a transaction of its own outside one). */
  atomic<T>(fn: () => T): T {
    return this.db.transaction(fn)()
  }

  close(): void {
    this.statements.clear()
    if (this.db.open) this.db.close()
  }
}
